from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.audit.models import AppendOnlyError, AuditEntry
from app.audit.record import record
from tests.support.audit_guard import guard_lifted


@pytest.fixture
def entry(session: Session) -> AuditEntry:
    found = record(session, "account.created", actor_name="command line (alice)")
    session.commit()
    return found


def test_changing_an_entry_through_the_orm_raises(session: Session, entry: AuditEntry) -> None:
    entry.action = "account.nothing_to_see"
    with pytest.raises(AppendOnlyError):
        session.commit()
    session.rollback()
    assert session.scalars(select(AuditEntry.action)).one() == "account.created"


def test_deleting_an_entry_through_the_orm_raises(session: Session, entry: AuditEntry) -> None:
    session.delete(entry)
    with pytest.raises(AppendOnlyError):
        session.commit()
    session.rollback()
    assert len(session.scalars(select(AuditEntry)).all()) == 1


@pytest.mark.parametrize(
    "statement",
    [update(AuditEntry).values(actor_name="someone else"), delete(AuditEntry)],
    ids=["update", "delete"],
)
def test_bulk_changes_through_the_session_raise(
    session: Session, entry: AuditEntry, statement: object
) -> None:
    with pytest.raises(AppendOnlyError):
        session.execute(statement)  # type: ignore[call-overload]


def test_the_database_itself_refuses_an_update(engine: Engine, entry: AuditEntry) -> None:
    # Below the ORM, as a database client would: the migration's trigger says no.
    with pytest.raises(DatabaseError, match="never changed"):
        with engine.begin() as connection:
            connection.execute(text("UPDATE audit_entries SET actor_name = 'someone else'"))
    with engine.connect() as connection:
        assert connection.execute(text("SELECT actor_name FROM audit_entries")).scalar() == (
            "command line (alice)"
        )


def _old_entry(session: Session) -> AuditEntry:
    found = record(session, "account.created", actor_name="command line (alice)")
    found.at = datetime.now(UTC) - timedelta(days=3000)
    session.commit()
    return found


def _count(engine: Engine) -> int:
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT count(*) FROM audit_entries")).scalar_one())


@pytest.mark.parametrize("age", ["new", "past its lifetime"])
def test_the_database_itself_refuses_a_delete(session: Session, engine: Engine, age: str) -> None:
    # Even an entry the prune would remove: by hand, outside the prune's window, never.
    found = _old_entry(session) if age != "new" else record(session, "account.created")
    session.commit()
    with pytest.raises(DatabaseError, match="retention prune"):
        with engine.begin() as connection:
            connection.execute(text("DELETE FROM audit_entries WHERE id = :id"), {"id": found.id})
    assert _count(engine) == 1


# SQLite has no TRUNCATE: its DELETE without a WHERE is refused above.
@pytest.mark.parametrize("backend", ["postgresql"])
def test_postgresql_refuses_to_truncate_the_trail(engine: Engine, entry: AuditEntry) -> None:
    with pytest.raises(DatabaseError, match="TRUNCATE"):
        with engine.begin() as connection:
            connection.execute(text("TRUNCATE audit_entries CASCADE"))
    assert _count(engine) == 1


def test_the_refusals_are_the_triggers_own(engine: Engine, entry: AuditEntry) -> None:
    # With the triggers lifted, as only someone with the keys to the database can, the same
    # statements go through: what refuses them above is the database, not the tests.
    with engine.begin() as connection, guard_lifted(connection):
        connection.execute(text("UPDATE audit_entries SET actor_name = 'someone else'"))
        connection.execute(text("DELETE FROM audit_entries"))
    assert _count(engine) == 0
