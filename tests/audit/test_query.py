from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from app.accounts.models import User
from app.audit.query import CSV_COLUMNS, count, entries, to_csv
from app.audit.record import record

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def _people(session: Session) -> tuple[User, User]:
    jane = User(email="jane@hospital.example", name="Jane", role="admin", password_hash="x")
    ed = User(email="ed@hospital.example", name="Ed", role="editor", password_hash="x")
    session.add_all([jane, ed])
    session.flush()
    return jane, ed


def _trail(session: Session) -> tuple[User, User]:
    jane, ed = _people(session)
    at = [T0 + timedelta(hours=hours) for hours in range(5)]
    for moment, (action, actor, about) in zip(
        at,
        [
            ("account.created", jane, ed),
            ("sign_in.failed", None, ed),
            ("sign_in.succeeded", ed, ed),
            ("content.saved", ed, None),
            ("signing.in_progress", jane, None),
        ],
        strict=True,
    ):
        entry = record(
            session,
            action,
            actor=actor,
            object_type="user" if about else "topic",
            object_id=about.id if about else "results",
        )
        entry.at = moment
    session.commit()
    return jane, ed


def test_entries_come_newest_first_a_page_at_a_time(session: Session) -> None:
    _trail(session)
    actions = [e.action for e in entries(session)]
    assert actions == [
        "signing.in_progress",
        "content.saved",
        "sign_in.succeeded",
        "sign_in.failed",
        "account.created",
    ]
    assert [e.action for e in entries(session, limit=2, offset=1)] == actions[1:3]
    assert count(session) == 5


def test_a_person_finds_what_they_did_and_what_was_done_to_their_account(
    session: Session,
) -> None:
    jane, ed = _trail(session)
    assert [e.action for e in entries(session, person=ed)] == [
        "content.saved",
        "sign_in.succeeded",
        "sign_in.failed",
        "account.created",
    ]
    assert [e.action for e in entries(session, person=jane.id)] == [
        "signing.in_progress",
        "account.created",
    ]
    assert count(session, person=ed) == 4


def test_an_action_finds_itself_and_those_under_it_and_nothing_that_only_looks_alike(
    session: Session,
) -> None:
    _trail(session)
    assert {e.action for e in entries(session, action="sign_in")} == {
        "sign_in.failed",
        "sign_in.succeeded",
    }
    assert [e.action for e in entries(session, action="sign_in.failed")] == ["sign_in.failed"]
    assert entries(session, action="sign") == []


def test_a_time_range_includes_its_start_and_excludes_its_end(session: Session) -> None:
    _trail(session)
    found = entries(session, start=T0 + timedelta(hours=1), end=T0 + timedelta(hours=3))
    assert [e.action for e in found] == ["sign_in.succeeded", "sign_in.failed"]


def test_the_csv_has_a_header_and_a_row_per_entry(session: Session) -> None:
    _trail(session)
    rows = list(csv.reader(io.StringIO(to_csv(entries(session)))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 6
    assert rows[-1][:2] == ["2026-03-01T09:00:00+00:00", "Jane"]


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(
    session: Session,
) -> None:
    for name in ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1"]:
        record(session, "sign_in.failed", actor_name=name, client="=cmd|' /C calc'!A0")
    session.commit()
    rows = list(csv.reader(io.StringIO(to_csv(entries(session)))))[1:]
    for row in rows:
        assert all(not cell.startswith(("=", "+", "-", "@", "\t")) for cell in row)
        assert row[1].startswith("'") and row[3] == "'=cmd|' /C calc'!A0"
    assert {row[1] for row in rows} >= {"'+1+1", "'@SUM(A1)"}
