"""Questions the line could not answer, kept only when the department turns keeping on: the
words, scrubbed, with the language, phone or text, and the day (never the time, never who)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import Boolean, CheckConstraint, Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.model import Base, one_of


class Via(StrEnum):
    """How the question came: said in a call, or sent in a text."""

    PHONE = "phone"
    TEXT = "text"


class KeptQuestion(Base):
    """What someone asked that the line was not sure how to answer. No number, no call, no
    time of day: nothing that leads back to who asked."""

    __tablename__ = "kept_questions"
    __table_args__ = (CheckConstraint(one_of("via", Via), name="via"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    words: Mapped[str] = mapped_column(Text)
    lang: Mapped[str] = mapped_column(String(3))
    via: Mapped[str] = mapped_column(String(5))
    day: Mapped[dt.date] = mapped_column(Date, index=True)


class QuestionKeeping(Base):
    """The department's choice: one row, written the first time an admin changes it. No row
    is off."""

    __tablename__ = "question_keeping"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    enabled: Mapped[bool] = mapped_column(Boolean)
