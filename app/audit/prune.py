"""The retention prune: the one way audit entries, and anything else kept for a retention
period (patients' comments), are ever removed.

`prune_older` is the plain prune: rows older than a cut-off go in one delete, and the trail
records how many, in the same transaction. The trail itself is cut by `prune`, which adds
what only a hash chain needs: it is cut only at its start, under the chain's lock, inside
the window the database's triggers demand, and its record names the anchor to verify from.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Table, delete, func, insert, select
from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.models import AuditEntry, chain_head, prune_window
from app.audit.record import record
from app.db.model import utcnow

# Pruning everything by mistake (--days 0) would leave no trail of who did what. The database's
# triggers (migration 0005) refuse a cutoff younger than this too.
SHORTEST_RETENTION = timedelta(days=1)
PRUNED = Action.AUDIT_PRUNED


def prune(
    session: Session,
    older_than: timedelta,
    *,
    actor_name: str | None = None,
    now: datetime | None = None,
) -> int:
    """Remove entries older than `older_than` from the oldest end of the trail, and say how many.

    The trail is cut only at its start, so that what is left is one unbroken chain: an entry
    past its time that follows a younger one (a clock set back) goes at a later prune. The
    entry recording the prune names the hash of the last entry removed, the anchor that
    `flask audit verify` finds the first remaining entry's link in.
    """
    if older_than < SHORTEST_RETENTION:
        raise ValueError("audit entries are kept for at least a day")
    cutoff = (now or utcnow()) - older_than
    connection = session.connection()
    # Writers wait while the trail is cut, as they wait for each other.
    chain_head(connection)
    table = AuditEntry.__table__
    assert isinstance(table, Table)
    first_kept = connection.scalar(select(func.min(table.c.id)).where(table.c.at >= cutoff))
    oldest_end = table.c.at < cutoff
    if first_kept is not None:
        oldest_end = oldest_end & (table.c.id < first_kept)
    last = connection.execute(
        select(table.c.id, table.c.row_hash).where(oldest_end).order_by(table.c.id.desc())
    ).first()
    removed = 0
    if last is not None:
        # A Core delete on the session's connection: the ORM guard in app.audit.models refuses
        # deletes made through the session, and the database's triggers refuse any but those
        # older than a cutoff in the window, which is open only inside this transaction.
        connection.execute(insert(prune_window).values(cutoff=cutoff))
        result = connection.execute(delete(table).where(oldest_end, table.c.id <= last.id))
        connection.execute(delete(prune_window))
        removed = result.rowcount
    record(
        session,
        PRUNED,
        actor_name=actor_name,
        object_type="audit",
        removed=removed,
        older_than_days=older_than.days,
        last_removed_id=None if last is None else last.id,
        last_removed_hash=None if last is None else last.row_hash,
    )
    return removed


def prune_older(
    session: Session,
    column: ColumnElement[Any],
    cutoff: date | datetime,
    action: Action,
    *,
    object_type: str,
    actor_name: str | None,
    **detail: Any,
) -> int:
    """Remove the rows of `column`'s table whose `column` is before `cutoff`, and record in
    the trail how many went (with `detail`); the caller's commit does both, or neither."""
    table = column.table
    assert isinstance(table, Table)
    removed = int(session.connection().execute(delete(table).where(column < cutoff)).rowcount)
    record(session, action, actor_name=actor_name, object_type=object_type, removed=removed,
           **detail)  # fmt: skip
    return removed
