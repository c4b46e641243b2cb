"""The append-only audit table, its hash chain, and the guard that keeps it append-only."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Connection,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    event,
    select,
    text,
)
from sqlalchemy.orm import Mapped, Mapper, ORMExecuteState, Session, mapped_column

# The users table that actor_id refers to must be known wherever entries are written, also in
# a job that imports nothing of the accounts itself (pyproject.toml allows this one import).
from app.accounts import models as _accounts  # noqa: F401
from app.audit.chain import GENESIS, Fields, entry_hash
from app.db.model import Base, UTCDateTime, utcnow
from app.errors import LineError

OUTCOMES: tuple[str, ...] = ("ok", "refused", "failed")
_OUTCOME_LIST = ", ".join(f"'{outcome}'" for outcome in OUTCOMES)
# Any fixed number, other than the migrations' own: writers of the trail take turns on it.
CHAIN_LOCK_KEY = 0x6E6D61756474
_HEAD = "audit_chain_head"


class AppendOnlyError(LineError, RuntimeError):
    """Raised on any attempt to change or remove an audit entry through the ORM."""


class AuditEntry(Base):
    """One thing someone did (or tried): never changed, removed only by the retention prune."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        CheckConstraint(f"outcome IN ({_OUTCOME_LIST})", name="outcome"),
        # Two entries chained to the same one would be a fork: the database refuses it.
        Index("ix_audit_entries_prev_hash", "prev_hash", unique=True),
    )

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
    # Set as the entry is written (_link): the hash of the entry before it, and its own.
    prev_hash: Mapped[str] = mapped_column(String(64))
    row_hash: Mapped[str] = mapped_column(String(64))

    def fields(self) -> Fields:
        """What the entry says, as hashed."""
        return Fields.of(self)

    @property
    def details(self) -> dict[str, Any]:
        """The detail, decoded."""
        found = json.loads(self.detail)
        assert isinstance(found, dict)
        return found

    def __repr__(self) -> str:
        return f"<AuditEntry {self.id} {self.action} {self.outcome}>"


# The retention prune puts its cutoff here for the length of its transaction: the database's
# triggers let a DELETE through only for an entry older than a cutoff at least a day old.
prune_window = Table(
    "audit_prune_window",
    Base.metadata,
    Column("cutoff", UTCDateTime, nullable=False),
)


def chain_head(connection: Connection) -> str:
    """Wait for the trail's other writers, then give the hash of the newest entry."""
    if connection.dialect.name == "postgresql":
        # Held to the end of the transaction: the next writer reads the head after commit.
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    else:
        # A write that changes nothing takes SQLite's one write lock now, not at the INSERT,
        # so no other process can append between reading the head and writing after it.
        connection.execute(text("DELETE FROM audit_prune_window WHERE 0 = 1"))
    newest = select(AuditEntry.row_hash).order_by(AuditEntry.id.desc()).limit(1)
    return connection.scalar(newest) or GENESIS


def _link(_mapper: Mapper[Any], connection: Connection, target: AuditEntry) -> None:
    session = Session.object_session(target)
    assert session is not None
    # Entries written in one flush follow each other; the first follows the newest stored.
    head = session.info.get(_HEAD) or chain_head(connection)
    if target.at is None:
        target.at = utcnow()
    target.outcome = target.outcome or "ok"
    target.detail = target.detail or "{}"
    target.prev_hash = head
    target.row_hash = entry_hash(target.fields(), head)
    session.info[_HEAD] = target.row_hash


def _forget_head(session: Session, *_args: Any) -> None:
    session.info.pop(_HEAD, None)


def _refuse_change(_mapper: Mapper[Any], _connection: Any, target: AuditEntry) -> None:
    raise AppendOnlyError(f"audit entries are never changed or deleted ({target!r})")


def _refuse_bulk_change(state: ORMExecuteState) -> None:
    if not (state.is_update or state.is_delete):
        return
    if any(mapper.class_ is AuditEntry for mapper in state.all_mappers):
        raise AppendOnlyError("audit entries are never changed or deleted")


# Changing a loaded entry and flushing, session.delete(entry), and session.execute(
# update(AuditEntry)/delete(AuditEntry)) all raise. The retention prune deletes through the
# session's Connection (Core), which these do not see, within the window the database's
# triggers allow; see app.audit.prune and migration 0005.
event.listen(AuditEntry, "before_insert", _link)
event.listen(Session, "before_flush", _forget_head)
event.listen(Session, "after_flush_postexec", _forget_head)
event.listen(AuditEntry, "before_update", _refuse_change)
event.listen(AuditEntry, "before_delete", _refuse_change)
event.listen(Session, "do_orm_execute", _refuse_bulk_change)
