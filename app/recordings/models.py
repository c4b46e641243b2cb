"""Recordings of a person's voice: each take of an item's words, kept for good."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Float, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.model import Base, UTCDateTime, one_of, utcnow


class TakeState(StrEnum):
    """Where a take is: waiting for review, approved (and published), or turned down."""

    DRAFT = "draft"
    APPROVED = "approved"
    REFUSED = "refused"


class Recording(Base):
    """One take of an item in one language: the words it reads, the line's MP3s made from it
    (normal and slower), who made it and who approved it. The current one for an item is
    the one published last (`published_at`); a reviewer can publish an earlier one again."""

    __tablename__ = "recordings"
    __table_args__ = (
        CheckConstraint(one_of("status", TakeState), name="status"),
        Index("ix_recordings_lang_key", "lang", "key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    lang: Mapped[str] = mapped_column(String(3))
    key: Mapped[str] = mapped_column(String(100))  # an item's key: prompt:welcome
    words: Mapped[str] = mapped_column(Text)  # exactly what it reads
    words_digest: Mapped[str] = mapped_column(String(64))
    normal: Mapped[str] = mapped_column(String(40))  # the file callers hear: <digest>.mp3
    slow: Mapped[str] = mapped_column(String(40))  # the same, a fifth slower, pitch kept
    normal_audio: Mapped[bytes] = mapped_column(LargeBinary)
    slow_audio: Mapped[bytes] = mapped_column(LargeBinary)
    seconds: Mapped[float] = mapped_column(Float)
    how: Mapped[str] = mapped_column(String(10))  # upload, browser
    status: Mapped[str] = mapped_column(String(10), default=TakeState.DRAFT)
    made_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    made_by: Mapped[str] = mapped_column(String(200))
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by: Mapped[str | None] = mapped_column(String(200))
    made_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    times_published: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")
