"""The desk's side of call-back requests: the open ones, oldest first, each number unsealed
for this page only, and each read in the trail; a request marked called back or could not
reach, in the trail and counted (never who)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.record import record
from app.callbacks.decide import overdue, waited
from app.callbacks.models import CallbackRequest, Reason, State
from app.content.languages import Language
from app.core.counts import Count
from app.core.hours import LONDON
from app.db.model import utcnow
from app.db.transaction import committed
from app.privacy import unseal_kept

if TYPE_CHECKING:
    from app.accounts.models import User

MOST_SHOWN = 200
LANGUAGE_NAMES: dict[str, str] = {
    Language.EN: "English",
    Language.CY: "Welsh",
    Language.PL: "Polish",
}
WHY: dict[str, str] = {
    Reason.CLOSED: "the department was closed",
    Reason.UNANSWERED: "nobody answered",
}
# A mark, its entry in the trail and its count.
MARKS = {
    State.CALLED: (Action.CALLBACKS_CALLED, Count.CALLBACKS_DONE),
    State.UNREACHED: (Action.CALLBACKS_UNREACHED, Count.CALLBACKS_UNREACHED),
}


@dataclass(frozen=True)
class Waiting:
    """An open request as the desk sees it."""

    id: int
    number: str | None  # None: sealed under another SECRET_KEY, cannot be read
    language: str
    why: str
    asked: str  # when, in London time
    waited: str
    overdue: bool


def _shown(row: CallbackRequest, secret: str, retention_days: int, now: dt.datetime) -> Waiting:
    asked = row.asked_at.astimezone(LONDON).strftime("%a %d %b %Y, %H:%M")
    return Waiting(row.id, unseal_kept(secret, row.number), LANGUAGE_NAMES.get(row.lang, row.lang),
                   WHY.get(row.reason, row.reason), asked, waited(row.asked_at, now),
                   overdue(row.asked_at, now, retention_days))  # fmt: skip


def read_open(
    session: Session,
    secret: str,
    retention_days: int,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
    now: dt.datetime | None = None,
) -> list[Waiting]:
    """The open requests, oldest first (at most MOST_SHOWN), the read in the trail with how
    many were shown and how many are overdue."""
    now = now or utcnow()
    query = select(CallbackRequest).where(CallbackRequest.state == State.OPEN)
    with committed(session):
        rows = list(session.scalars(
            query.order_by(CallbackRequest.asked_at, CallbackRequest.id).limit(MOST_SHOWN)
        ))  # fmt: skip
        shown = [_shown(row, secret, retention_days, now) for row in rows]
        late = sum(w.overdue for w in shown)
        record(session, Action.CALLBACKS_READ, actor=actor, actor_name=actor_name,
               client=client, object_type="callbacks", shown=len(shown), overdue=late)  # fmt: skip
    return shown


def mark(
    session: Session,
    request_id: int,
    outcome: State,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
    now: dt.datetime | None = None,
) -> CallbackRequest | None:
    """Mark an open request called back or could not reach, in the trail; the request, or
    None when no open request has that id (marked already, or removed)."""
    action, _ = MARKS[outcome]
    with committed(session):
        row = session.get(CallbackRequest, request_id, with_for_update=True)
        if row is None or row.state != State.OPEN:
            return None
        row.state, row.done_at = outcome, now or utcnow()
        hours = int((row.done_at - row.asked_at).total_seconds() // 3600)
        record(session, action, actor=actor, actor_name=actor_name, client=client,
               object_type="callback", object_id=row.id, waited_hours=hours)  # fmt: skip
    return row
