from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.audit.prune import prune
from app.audit.record import record
from app.db.session import new_session

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _entries_aged(session: Session, *ages_in_days: float) -> None:
    for age in ages_in_days:
        entry = record(session, "content.saved", actor_name="Ed", age=age)
        entry.at = NOW - timedelta(days=age)
    session.commit()


def _ages(session: Session) -> list[float]:
    session.expire_all()
    found = session.scalars(select(AuditEntry).where(AuditEntry.action == "content.saved"))
    return sorted(entry.details["age"] for entry in found)


def test_prune_removes_only_entries_older_than_the_retention(session: Session) -> None:
    _entries_aged(session, 1, 729.9, 730.1, 2000)
    assert prune(session, timedelta(days=730), actor_name="command line (alice)", now=NOW) == 2
    session.commit()
    assert _ages(session) == [1, 729.9]
    pruned = session.scalars(select(AuditEntry).where(AuditEntry.action == "audit.pruned")).one()
    assert pruned.details == {"removed": 2, "older_than_days": 730}
    assert pruned.actor_name == "command line (alice)"


def test_prune_keeps_at_least_a_day(session: Session) -> None:
    with pytest.raises(ValueError, match="at least a day"):
        prune(session, timedelta(hours=1))


def _aged_now(session: Session, *ages_in_days: float) -> None:
    for age in ages_in_days:
        entry = record(session, "content.saved", actor_name="Ed", age=age)
        entry.at = datetime.now(UTC) - timedelta(days=age)
    session.commit()


def test_audit_prune_uses_the_retention_setting_by_default(cli_app: Flask) -> None:
    cli_app.config["AUDIT_RETENTION_DAYS"] = 30
    with new_session(cli_app) as session:
        _aged_now(session, 10, 31, 800)
    result = cli_app.test_cli_runner().invoke(args=["audit", "prune"])
    assert result.exit_code == 0, result.output
    assert "Removed 2 audit entries older than 30 days." in result.output
    with new_session(cli_app) as session:
        assert _ages(session) == [10]


def test_audit_prune_keeps_two_years_unless_told_otherwise(cli_app: Flask) -> None:
    with new_session(cli_app) as session:
        _aged_now(session, 10, 700, 800)
    runner = cli_app.test_cli_runner()
    assert (
        "Removed 1 audit entry older than 730 days."
        in runner.invoke(args=["audit", "prune"]).output
    )
    assert "Removed 1 " in runner.invoke(args=["audit", "prune", "--days", "365"]).output
    assert runner.invoke(args=["audit", "prune", "--days", "0"]).exit_code == 2
    with new_session(cli_app) as session:
        assert _ages(session) == [10]
