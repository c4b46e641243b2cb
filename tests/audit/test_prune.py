from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.audit.prune import prune
from app.audit.record import record
from app.audit.verify import verify
from app.db.model import utcnow
from app.db.session import new_session

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _entries_aged(session: Session, *ages_in_days: float, now: datetime = NOW) -> None:
    for age in ages_in_days:
        entry = record(session, "content.saved", actor_name="Ed", age=age)
        entry.at = now - timedelta(days=age)
    session.commit()


def _ages(session: Session) -> list[float]:
    session.expire_all()
    found = session.scalars(select(AuditEntry).where(AuditEntry.action == "content.saved"))
    return sorted(entry.details["age"] for entry in found)


def test_prune_removes_only_entries_older_than_the_retention(session: Session) -> None:
    _entries_aged(session, 2000, 730.1, 729.9, 1)
    assert prune(session, timedelta(days=730), actor_name="command line (alice)", now=NOW) == 2
    session.commit()
    assert _ages(session) == [1, 729.9]
    pruned = session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.pruned")).one()
    assert pruned.details["removed"] == 2 and pruned.details["older_than_days"] == 730
    # The anchor: the hash of the last entry removed, which the first one kept links to.
    first_kept = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).first()
    assert first_kept is not None
    assert pruned.details["last_removed_hash"] == first_kept.prev_hash
    assert pruned.actor_name == "command line (alice)"


def test_the_trail_still_verifies_after_prunes(session: Session) -> None:
    _entries_aged(session, 2000, 1500, 800, 100, 1)
    prune(session, timedelta(days=1000), now=NOW)
    session.commit()
    outcome = verify(session)
    assert outcome.broken is None and outcome.checked == 4
    prune(session, timedelta(days=500), now=NOW)
    session.commit()
    assert _ages(session) == [1, 100]
    outcome = verify(session)
    assert outcome.broken is None and outcome.checked == 4


def test_a_prune_that_removes_everything_leaves_a_trail_that_verifies(session: Session) -> None:
    _entries_aged(session, 900, 800)
    assert prune(session, timedelta(days=730), now=NOW) == 2
    session.commit()
    assert verify(session).broken is None
    assert prune(session, timedelta(days=730), now=NOW) == 0
    session.commit()
    assert verify(session).broken is None


def test_an_old_entry_after_a_younger_one_waits_for_a_later_prune(session: Session) -> None:
    # A clock set back: the trail is cut only at its oldest end, so it stays one chain.
    _entries_aged(session, 2000, 1, 800)
    assert prune(session, timedelta(days=730), now=NOW) == 1
    session.commit()
    assert _ages(session) == [1, 800]
    assert verify(session).broken is None


def test_prune_keeps_at_least_a_day(session: Session) -> None:
    with pytest.raises(ValueError, match="at least a day"):
        prune(session, timedelta(hours=1))


def test_the_database_refuses_a_prune_of_entries_younger_than_a_day(session: Session) -> None:
    # Were the app to work out a cutoff in the future, the triggers would still say no.
    _entries_aged(session, 0.5, now=utcnow())
    with pytest.raises(DatabaseError, match="retention prune"):
        prune(session, timedelta(days=1), now=utcnow() + timedelta(days=30))
    session.rollback()
    assert _ages(session) == [0.5]


def test_the_window_lets_through_only_entries_older_than_its_cutoff(
    session: Session, engine: Engine
) -> None:
    _entries_aged(session, 800, 10, now=utcnow())
    # What the prune does, by hand, with a cutoff that would keep the 10-day-old entry.
    with pytest.raises(DatabaseError, match="retention prune"):
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO audit_prune_window (cutoff) VALUES (:cutoff)"),
                {"cutoff": _stored(engine, utcnow() - timedelta(days=30))},
            )
            connection.execute(text("DELETE FROM audit_entries"))
    assert _ages(session) == [10, 800]


def _stored(engine: Engine, at: datetime) -> object:
    # As app.db.model.UTCDateTime stores a time: SQLite keeps UTC text.
    if engine.dialect.name == "sqlite":
        return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    return at


def _aged_now(session: Session, *ages_in_days: float) -> None:
    _entries_aged(session, *ages_in_days, now=datetime.now(UTC))


def test_audit_prune_uses_the_retention_setting_by_default(cli_app: Flask) -> None:
    cli_app.config["AUDIT_RETENTION_DAYS"] = 30
    with new_session(cli_app) as session:
        _aged_now(session, 800, 31, 10)
    result = cli_app.test_cli_runner().invoke(args=["audit", "prune"])
    assert result.exit_code == 0, result.output
    assert "Removed 2 audit entries older than 30 days." in result.output
    with new_session(cli_app) as session:
        assert _ages(session) == [10]


def test_audit_prune_keeps_two_years_unless_told_otherwise(cli_app: Flask) -> None:
    with new_session(cli_app) as session:
        _aged_now(session, 800, 700, 10)
    runner = cli_app.test_cli_runner()
    assert (
        "Removed 1 audit entry older than 730 days."
        in runner.invoke(args=["audit", "prune"]).output
    )
    assert "Removed 1 " in runner.invoke(args=["audit", "prune", "--days", "365"]).output
    assert runner.invoke(args=["audit", "prune", "--days", "0"]).exit_code == 2
    with new_session(cli_app) as session:
        assert _ages(session) == [10]
    assert "holds" in runner.invoke(args=["audit", "verify"]).output
