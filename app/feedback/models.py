"""Comments from a topic's page: the words, scrubbed, with the day (never the time)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.model import Base


class Comment(Base):
    """What a reader wrote about a topic's page. No address, no time of day, no cookie:
    nothing that leads back to who wrote it."""

    __tablename__ = "feedback_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(3))
    helpful: Mapped[bool | None] = mapped_column(Boolean)
    words: Mapped[str] = mapped_column(Text)
    day: Mapped[dt.date] = mapped_column(Date)
