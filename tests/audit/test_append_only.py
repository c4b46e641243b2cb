from __future__ import annotations

import pytest
from sqlalchemy import Engine, delete, select, text, update
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from app.audit.models import AppendOnlyError, AuditEntry
from app.audit.record import record


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
