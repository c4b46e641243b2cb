"""The retention prune: the one way audit entries are ever removed."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Table, delete
from sqlalchemy.orm import Session

from app.audit.models import AuditEntry
from app.audit.record import record
from app.db.model import utcnow

DEFAULT_RETENTION_DAYS = 730
# Pruning everything by mistake (--days 0) would leave no trail of who did what.
SHORTEST_RETENTION = timedelta(days=1)


def prune(
    session: Session,
    older_than: timedelta,
    *,
    actor_name: str | None = None,
    now: datetime | None = None,
) -> int:
    """Remove entries older than `older_than`, record that it was done, and say how many."""
    if older_than < SHORTEST_RETENTION:
        raise ValueError("audit entries are kept for at least a day")
    cutoff = (now or utcnow()) - older_than
    # A Core delete on the session's connection: the ORM guard in app.audit.models refuses
    # deletes made through the session, and on PostgreSQL only UPDATE is refused by trigger.
    table = AuditEntry.__table__
    assert isinstance(table, Table)
    result = session.connection().execute(delete(table).where(table.c.at < cutoff))
    removed = result.rowcount
    record(
        session,
        "audit.pruned",
        actor_name=actor_name,
        object_type="audit",
        removed=removed,
        older_than_days=older_than.days,
    )
    return removed
