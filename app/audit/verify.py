"""Walking the hash chain from the oldest kept entry to the newest: intact, or where it breaks."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select
from sqlalchemy.orm import Session

from app.audit.chain import GENESIS, Fields, entry_hash, moment
from app.audit.models import AuditEntry, prune_window
from app.audit.prune import PRUNED

_BATCH = 1000
_COLUMNS = (
    AuditEntry.id,
    AuditEntry.at,
    AuditEntry.actor_id,
    AuditEntry.actor_name,
    AuditEntry.client,
    AuditEntry.action,
    AuditEntry.object_type,
    AuditEntry.object_id,
    AuditEntry.outcome,
    AuditEntry.detail,
    AuditEntry.prev_hash,
    AuditEntry.row_hash,
)


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: which entry, when, and what is wrong."""

    entry_id: int | None
    at: datetime | None
    problem: str

    def __str__(self) -> str:
        if self.entry_id is None or self.at is None:
            return self.problem
        return f"entry {self.entry_id} ({moment(self.at)}): {self.problem}"


@dataclass(frozen=True)
class Outcome:
    """What a walk found: how many entries it checked, the newest hash, and any break."""

    checked: int
    newest_hash: str | None
    broken: Break | None


def verify(session: Session) -> Outcome:
    """Check every kept entry's hash and its link to the one before; stop at the first break."""
    if session.scalar(select(func.count()).select_from(prune_window)):
        left_open = "the prune's window is left open: old entries can be removed by hand"
        return Outcome(0, None, Break(None, None, left_open))
    anchors = _anchors(session)
    rows = session.execute(
        select(*_COLUMNS).order_by(AuditEntry.id).execution_options(yield_per=_BATCH)
    )
    checked, previous = 0, None
    with rows:
        for row in rows:
            problem = _problem(row, previous, anchors)
            if problem:
                return Outcome(checked, None, Break(row.id, row.at, problem))
            checked, previous = checked + 1, row
    return Outcome(checked, None if previous is None else previous.row_hash, None)


def _problem(
    row: Row[*tuple[Any, ...]], previous: Row[*tuple[Any, ...]] | None, anchors: set[str]
) -> str | None:
    fields = Fields.of(row)
    if entry_hash(fields, row.prev_hash) != row.row_hash:
        return "it was changed after it was written (its hash does not match what it says)"
    if previous is None:
        if row.prev_hash == GENESIS or row.prev_hash in anchors:
            return None
        return "the entries before it were removed, and no prune records removing them"
    if row.prev_hash != previous.row_hash:
        return (
            f"it does not follow entry {previous.id} ({moment(previous.at)}): an entry between "
            f"them was removed, or entry {previous.id}'s hash was rewritten"
        )
    return None


def _anchors(session: Session) -> set[str]:
    """The hash of the last entry each recorded prune removed."""
    found = set()
    for detail in session.scalars(select(AuditEntry.detail).where(AuditEntry.action == PRUNED)):
        try:
            anchor = json.loads(detail).get("last_removed_hash")
        except (ValueError, AttributeError):
            continue
        if isinstance(anchor, str):
            found.add(anchor)
    return found
