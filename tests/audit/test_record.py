from __future__ import annotations

import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.audit.record import command_line_actor, record


def _count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _person(session: Session) -> User:
    user = User(email="jane@hospital.example", name="Jane Doe", role="reviewer", password_hash="x")
    session.add(user)
    session.commit()
    return user


def test_an_entry_is_written_with_the_change_when_the_caller_commits(
    session: Session, engine: Engine
) -> None:
    jane = _person(session)
    record(
        session,
        "content.published",
        actor=jane,
        client="192.0.2.1",
        object_type="topic",
        object_id="results",
        version=3,
    )
    session.flush()
    with Session(engine) as other:
        assert _count(other) == 0
    session.commit()
    with Session(engine) as other:
        assert _count(other) == 1
    entry = session.scalars(select(AuditEntry)).one()
    assert (entry.action, entry.actor_id, entry.actor_name, entry.outcome) == (
        "content.published",
        jane.id,
        "Jane Doe",
        "ok",
    )
    assert (entry.object_type, entry.object_id, entry.details) == (
        "topic",
        "results",
        {"version": 3},
    )
    assert entry.at.tzinfo is not None


def test_a_rolled_back_change_takes_its_entry_with_it(session: Session) -> None:
    record(session, "audio.refresh", actor_name="command line (alice)")
    session.rollback()
    assert _count(session) == 0


@pytest.mark.parametrize(
    "key", ["password", "new_password", "totp_secret", "code", "phone_number", "caller", "token"]
)
def test_a_detail_that_could_carry_a_secret_or_a_patient_is_refused(
    session: Session, key: str
) -> None:
    detail: dict[str, Any] = {key: "x"}
    with pytest.raises(ValueError, match="may not carry"):
        record(session, "sign_in.failed", **detail)


def test_an_unknown_outcome_is_refused(session: Session) -> None:
    with pytest.raises(ValueError, match="outcome"):
        record(session, "audio.refresh", outcome="maybe")


def test_details_are_kept_small(session: Session) -> None:
    entry = record(session, "content.saved", note="x" * 5000, parts=list(range(100)))
    assert len(entry.details["note"]) == 200
    assert len(entry.details["parts"]) == 20


def test_the_command_line_is_named_after_the_person_at_the_shell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SUDO_USER", "alice")
    assert command_line_actor() == "command line (alice)"
    monkeypatch.delenv("SUDO_USER")
    monkeypatch.setenv("USER", "bob")
    monkeypatch.setenv("LOGNAME", "bob")
    assert command_line_actor() == "command line (bob)"


def test_a_job_that_imports_only_the_audit_trail_can_record(database_url: str) -> None:
    # In a fresh interpreter, as an rq worker would be: nothing else of the app is loaded.
    script = (
        "import sys\n"
        "from sqlalchemy.orm import Session\n"
        "from app.audit.record import record\n"
        "from app.db.engine import make_engine\n"
        "with Session(make_engine(sys.argv[1])) as session:\n"
        "    record(session, 'audio.refresh', actor_name='worker')\n"
        "    session.commit()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, database_url], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
