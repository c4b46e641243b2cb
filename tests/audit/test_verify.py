from __future__ import annotations

import threading
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from flask import Flask
from sqlalchemy import Engine, bindparam, select, text
from sqlalchemy.orm import Session

from app.audit.chain import GENESIS, entry_hash
from app.audit.models import AuditEntry
from app.audit.prune import prune
from app.audit.record import record
from app.audit.verify import verify
from app.db.model import UTCDateTime
from app.db.session import make_sessionmaker, new_session
from tests.support.audit_guard import guard_lifted

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _trail(session: Session, count: int = 5) -> list[AuditEntry]:
    found = []
    for n in range(count):
        entry = record(session, "content.saved", actor_name="Ed", object_id="results", n=n)
        entry.at = T0 + timedelta(hours=n)
        found.append(entry)
        if n % 2:
            # Some entries written one flush at a time, some several in one flush.
            session.flush()
    session.commit()
    return found


def _tamper(engine: Engine, statement: str, **params: object) -> None:
    """Change the trail below the app, as someone holding the database's keys could."""
    with engine.begin() as connection, guard_lifted(connection):
        connection.execute(text(statement), params)


def test_each_entry_carries_the_hash_of_the_one_before(session: Session) -> None:
    _trail(session)
    stored = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
    assert stored[0].prev_hash == GENESIS
    for before, after in zip(stored, stored[1:], strict=False):
        assert after.prev_hash == before.row_hash
    assert len({entry.row_hash for entry in stored}) == 5


def test_an_intact_trail_verifies_with_its_count(cli_app: Flask) -> None:
    with new_session(cli_app) as session:
        _trail(session, 3)
    result = cli_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 0, result.output
    assert "3 entries checked" in result.output


def test_an_empty_trail_verifies(session: Session) -> None:
    outcome = verify(session)
    assert (outcome.checked, outcome.broken) == (0, None)


def test_an_entry_changed_in_the_database_is_named(cli_app: Flask, engine: Engine) -> None:
    with new_session(cli_app) as session:
        entries = _trail(session)
    changed = entries[2]
    _tamper(
        engine,
        "UPDATE audit_entries SET detail = :detail WHERE id = :id",
        detail='{"n": 99}',
        id=changed.id,
    )
    result = cli_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"entry {changed.id} (2026-03-01T11:00:00" in result.output
    assert "changed" in result.output and "2 entries before it hold" in result.output


def test_an_entry_changed_with_its_hash_rewritten_breaks_the_next_link(
    session: Session, engine: Engine
) -> None:
    entries = _trail(session)
    changed = entries[1]
    # The hash worked out again for the new words, as anyone can: the next entry still
    # names the old hash.
    rewritten = entry_hash(replace(changed.fields(), actor_name="Someone"), changed.prev_hash)
    _tamper(
        engine,
        "UPDATE audit_entries SET actor_name = 'Someone', row_hash = :hash WHERE id = :id",
        hash=rewritten,
        id=changed.id,
    )
    broken = verify(session).broken
    assert broken is not None
    assert broken.entry_id == entries[2].id
    assert f"does not follow entry {changed.id} " in broken.problem


def test_a_removed_entry_is_named_as_a_gap(cli_app: Flask, engine: Engine) -> None:
    with new_session(cli_app) as session:
        entries = _trail(session)
    _tamper(engine, "DELETE FROM audit_entries WHERE id = :id", id=entries[2].id)
    result = cli_app.test_cli_runner().invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"entry {entries[3].id} " in result.output
    assert f"does not follow entry {entries[1].id} " in result.output


def test_the_oldest_entries_removed_without_a_prune_are_noticed(
    session: Session, engine: Engine
) -> None:
    entries = _trail(session)
    _tamper(engine, "DELETE FROM audit_entries WHERE id <= :id", id=entries[1].id)
    broken = verify(session).broken
    assert broken is not None
    assert broken.entry_id == entries[2].id
    assert "no prune" in broken.problem


def test_the_trail_verifies_after_a_prune_by_its_anchor(session: Session) -> None:
    entries = _trail(session)
    prune(session, timedelta(days=1), now=T0 + timedelta(hours=2, days=1))
    session.commit()
    outcome = verify(session)
    assert outcome.broken is None
    assert outcome.checked == 4  # three kept, and the prune's own entry
    kept = session.scalars(select(AuditEntry.id).order_by(AuditEntry.id)).all()
    assert kept[:3] == [entry.id for entry in entries[2:]]


def test_a_window_left_open_is_reported(session: Session, engine: Engine) -> None:
    _trail(session, 1)
    with engine.begin() as connection:
        # Bound as the app binds a moment (UTCDateTime): Python 3.12's sqlite3 deprecates its
        # own datetime adapter, and the suite treats that warning as an error.
        at = bindparam("at", type_=UTCDateTime)
        connection.execute(
            text("INSERT INTO audit_prune_window (cutoff) VALUES (:at)").bindparams(at), {"at": T0}
        )
    broken = verify(session).broken
    assert broken is not None and "window" in broken.problem


def test_writers_at_the_same_time_do_not_fork_the_chain(engine: Engine) -> None:
    sessions = make_sessionmaker(engine)
    errors: list[BaseException] = []
    start = threading.Barrier(4)

    def write(worker: int) -> None:
        start.wait()
        for n in range(8):
            try:
                with sessions() as session:
                    record(session, "content.saved", actor_name=f"worker {worker}", n=n)
                    session.flush()
                    record(session, "content.published", actor_name=f"worker {worker}", n=n)
                    session.commit()
            except BaseException as error:  # noqa: BLE001  (collected, asserted below)
                errors.append(error)

    threads = [threading.Thread(target=write, args=(worker,)) for worker in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with sessions() as session:
        outcome = verify(session)
    assert (outcome.checked, outcome.broken) == (64, None)
