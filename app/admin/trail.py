"""The audit trail in the admin: filtered pages and a CSV export, read only (view_audit).

No route here, or anywhere, changes or removes an entry; the export is itself recorded."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlencode

from flask import Blueprint, Response, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.audio.overview import named_object
from app.audit import query
from app.audit.actions import Action, Kind
from app.audit.models import AuditEntry
from app.audit.record import record
from app.db.session import db_session
from app.db.transaction import committed

bp = Blueprint("trail", __name__, url_prefix="/audit")
bp.context_processor(lambda: {"on": named_object})
PER_PAGE = 50
EXPORT_MOST = 100_000
# The kinds of action to filter by, from the actions themselves: a filter matches the action
# and those under it ("content" finds every step of a clinical review).
ACTIONS = tuple((kind.value, kind.label) for kind in Kind)


@dataclass(frozen=True)
class Filters:
    person: int | None
    action: str
    start: dt.date | None
    end: dt.date | None
    page: int

    def count(self, session: Session) -> int:
        """How many entries the search finds."""
        return query.count(session, self.person, self.action or None, *self._range())

    def entries(self, session: Session, limit: int, offset: int = 0) -> list[AuditEntry]:
        """The entries the search finds, newest first."""
        return query.entries(session, self.person, self.action or None, *self._range(),
                             limit=limit, offset=offset)  # fmt: skip

    def _range(self) -> tuple[dt.datetime | None, dt.datetime | None]:
        end = self.end + dt.timedelta(days=1) if self.end else None  # "to" is inclusive
        return _moment(self.start), _moment(end)

    def link(self, page: int) -> str:
        """The query string of this search at another page."""
        values = {"person": self.person or "", "action": self.action, "page": page,
                  "from": self.start or "", "to": self.end or ""}  # fmt: skip
        return "?" + urlencode({k: v for k, v in values.items() if v})


def _moment(day: dt.date | None) -> dt.datetime | None:
    return None if day is None else dt.datetime.combine(day, dt.time(), dt.UTC)


def _date(name: str) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(request.args.get(name, "")[:10])
    except ValueError:
        return None
    return day if dt.date(1970, 1, 2) <= day <= dt.date(9000, 1, 1) else None


def _filters() -> Filters:
    """The search in the query string; anything unreadable is as if left blank."""
    person, page = request.args.get("person", ""), request.args.get("page", "")
    action = request.args.get("action", "")
    return Filters(
        person=int(person) if person.isdigit() and len(person) < 10 else None,
        action=action if action in dict(ACTIONS) else "",
        start=_date("from"),
        end=_date("to"),
        page=max(1, int(page)) if page.isdigit() and len(page) < 7 else 1,
    )


@bp.get("")
@requires("view_audit")
def index() -> ResponseReturnValue:
    found, session = _filters(), db_session()
    total = found.count(session)
    pages = max(1, -(-total // PER_PAGE))
    entries = found.entries(session, PER_PAGE, (min(found.page, pages) - 1) * PER_PAGE)
    return render_template(
        "admin/audit.html", entries=entries, total=total, filters=found, pages=pages,
        people=service.list_users(session), actions=ACTIONS,
    )  # fmt: skip


@bp.get("/export.csv")
@requires("view_audit")
def export() -> Response:
    """Every entry the search finds, as CSV safe to open in a spreadsheet."""
    found, session = _filters(), db_session()
    rows: list[AuditEntry] = []
    while len(rows) < EXPORT_MOST:
        batch = found.entries(session, query.MOST_PER_PAGE, len(rows))
        rows.extend(batch)
        if len(batch) < query.MOST_PER_PAGE:
            break
    text = query.to_csv(rows)
    with committed(session):
        record(session, Action.AUDIT_EXPORTED, **by(actor()), client=client_address(),
               object_type="audit", entries=len(rows))  # fmt: skip
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": "attachment; filename=audit-trail.csv"},
    )
