"""Reading the trail: filtered pages of entries, and a CSV export."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry

if TYPE_CHECKING:
    from app.accounts.models import User

MOST_PER_PAGE = 1000
CSV_COLUMNS = (
    "at",
    "actor",
    "actor_id",
    "client",
    "action",
    "object_type",
    "object_id",
    "outcome",
    "detail",
)
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def entries(
    session: Session,
    person: User | int | None = None,
    action: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[AuditEntry]:
    """Entries newest first; `person` matches what they did and what was done to their account.

    `action` matches that action and the ones under it ("sign_in" finds "sign_in.failed");
    `start` is inclusive, `end` exclusive.
    """
    query = select(AuditEntry).where(*_conditions(person, action, start, end))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    query = query.limit(max(0, min(limit, MOST_PER_PAGE))).offset(max(0, offset))
    return list(session.scalars(query))


def count(
    session: Session,
    person: User | int | None = None,
    action: str | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
) -> int:
    """How many entries `entries` would find with no limit, for paging."""
    query = select(func.count()).select_from(AuditEntry)
    return session.scalar(query.where(*_conditions(person, action, start, end))) or 0


def _conditions(
    person: User | int | None,
    action: str | None,
    start: datetime | None,
    end: datetime | None,
) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if person is not None:
        person_id = person if isinstance(person, int) else person.id
        conditions.append(
            or_(
                AuditEntry.actor_id == person_id,
                and_(AuditEntry.object_type == "user", AuditEntry.object_id == str(person_id)),
            )
        )
    if action:
        conditions.append(
            or_(
                AuditEntry.action == action,
                AuditEntry.action.startswith(f"{action}.", autoescape=True),
            )
        )
    if start is not None:
        conditions.append(AuditEntry.at >= start)
    if end is not None:
        conditions.append(AuditEntry.at < end)
    return conditions


def to_csv(found: Iterable[AuditEntry]) -> str:
    """The entries as CSV with a header row, safe to open in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for entry in found:
        row = (
            entry.at.isoformat(timespec="seconds"),
            entry.actor_name or "",
            "" if entry.actor_id is None else str(entry.actor_id),
            entry.client or "",
            entry.action,
            entry.object_type or "",
            entry.object_id or "",
            entry.outcome,
            entry.detail,
        )
        writer.writerow([_defused(cell) for cell in row])
    return out.getvalue()


def _defused(cell: str) -> str:
    return f"'{cell}" if cell.startswith(_FORMULA_STARTS) else cell
