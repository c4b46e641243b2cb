"""A caller's request to be called back: the number sealed (never in clear), a keyed hash of
it (one open request per number), the language, why it was asked, when, and whether the
desk called back. Nothing of the call itself."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.model import Base, UTCDateTime, one_of, utcnow


class State(StrEnum):
    """Where a request is: waiting for the desk, or marked by it."""

    OPEN = "open"
    CALLED = "called"  # called back
    UNREACHED = "unreached"  # the desk tried, and could not reach the caller


class Reason(StrEnum):
    """Why the caller was offered a call back."""

    CLOSED = "closed"  # the department was closed
    UNANSWERED = "unanswered"  # a transfer was not answered (no answer, busy, failed)


_OPEN_ONLY = text("state = 'open'")


class CallbackRequest(Base):
    """One request. `number` is a Fernet token (app.privacy.seal_kept); `number_key` a keyed
    hash, so the database itself refuses a second open request from one number."""

    __tablename__ = "callback_requests"
    __table_args__ = (
        CheckConstraint(one_of("state", State), name="state"),
        CheckConstraint(one_of("reason", Reason), name="reason"),
        Index(
            "uq_callback_requests_open_number",
            "number_key",
            unique=True,
            sqlite_where=_OPEN_ONLY,
            postgresql_where=_OPEN_ONLY,
        ),  # fmt: skip
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(Text)
    number_key: Mapped[str] = mapped_column(String(32))
    lang: Mapped[str] = mapped_column(String(3))
    reason: Mapped[str] = mapped_column(String(10))
    asked_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    state: Mapped[str] = mapped_column(String(10), default=State.OPEN)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
