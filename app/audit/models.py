"""The append-only audit table, and the guard that keeps it append-only through the ORM."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
    event,
)
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column

# The users table that actor_id refers to must be known wherever entries are written, also in
# a job that imports nothing of the accounts itself.
from app.accounts import models as _accounts  # noqa: F401
from app.db.model import Base, UTCDateTime, utcnow

OUTCOMES: tuple[str, ...] = ("ok", "refused", "failed")
_OUTCOME_LIST = ", ".join(f"'{outcome}'" for outcome in OUTCOMES)


class AppendOnlyError(RuntimeError):
    """Raised on any attempt to change or remove an audit entry through the ORM."""


class AuditEntry(Base):
    """One thing someone did (or tried): never changed, removed only by the retention prune."""

    __tablename__ = "audit_entries"
    __table_args__ = (CheckConstraint(f"outcome IN ({_OUTCOME_LIST})", name="outcome"),)

    # SQLite numbers rows by itself only for a column declared INTEGER PRIMARY KEY.
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    # The actor's name when it happened: the trail reads the same after a rename.
    actor_name: Mapped[str | None] = mapped_column(String(200))
    client: Mapped[str | None] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(64), index=True)
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(100))
    outcome: Mapped[str] = mapped_column(String(10), default="ok")
    detail: Mapped[str] = mapped_column(Text, default="{}")

    @property
    def details(self) -> dict[str, Any]:
        """The detail, decoded."""
        found = json.loads(self.detail)
        assert isinstance(found, dict)
        return found

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.outcome}>"


def _refuse_change(_mapper: Mapper[Any], _connection: Any, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entries are never changed or deleted ({target!r})")


def _refuse_bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    if any(mapper.class_ is AuditEntry for mapper in state.all_mappers):
        raise AppendOnlyError("audit entries are never changed or deleted")


# Changing a loaded entry and flushing, session.delete(entry), and session.execute(
# update(AuditEntry)/delete(AuditEntry)) all raise. The retention prune deletes through the
# session's Connection (Core), which these do not see; see app.audit.prune.
event.listen(AuditEntry, "before_update", _refuse_change)
event.listen(AuditEntry, "before_delete", _refuse_change)
event.listen(Session, "do_orm_execute", _refuse_bulk_change)
