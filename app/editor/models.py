"""The editor's records: each content file as a document, its published versions (kept
for good), and the one draft of it that may be open."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db.model import Base, UTCDateTime, one_of, utcnow

KINDS = ("topic", "menus", "prompts")


class DraftState(StrEnum):
    """Where a draft is: being written, waiting for a reviewer, or sent back with a comment."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"


class Document(Base):
    """One file in CONTENT_DIR: a topic, a particular scan, a short answer, the menus or the
    prompts, in one language."""

    __tablename__ = "documents"
    __table_args__ = (
        UniqueConstraint("kind", "lang", "slug"),
        CheckConstraint(
            "kind IN ('topic', 'menus', 'prompts', 'procedure', 'answer')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))
    lang: Mapped[str] = mapped_column(String(3))
    slug: Mapped[str] = mapped_column(String(64))  # a topic's, scan's or answer's id; "menus"
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    versions: Mapped[list[Version]] = relationship(
        back_populates="document", order_by="Version.number"
    )
    draft: Mapped[Draft | None] = relationship(back_populates="document", uselist=False)


class Version(Base):
    """A published version: the whole file as callers got it, who wrote and who checked it,
    why it changed and where its facts come from. Never changed once written."""

    __tablename__ = "versions"
    __table_args__ = (UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_name: Mapped[str] = mapped_column(String(200))
    published_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    # A translation: the English version whose words it was last checked against.
    english_version: Mapped[int | None] = mapped_column(Integer)
    # editor (reviewed in the browser), outside (a file changed on the server, accepted),
    # import (`flask content import`), rollback (an earlier version published again).
    origin: Mapped[str] = mapped_column(String(20), default="editor")

    document: Mapped[Document] = relationship(back_populates="versions")


class Draft(Base):
    """The open draft of a document: words callers never hear until a reviewer who did not
    write them publishes them. `revision` goes up at every save, so a save made from an
    older page is told, not lost (and two saves at once cannot both win)."""

    __tablename__ = "drafts"
    __table_args__ = (CheckConstraint(one_of("status", DraftState), name="status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id"), unique=True)
    text: Mapped[str] = mapped_column(Text)
    base_version: Mapped[int | None] = mapped_column(Integer)
    revision: Mapped[int] = mapped_column(Integer, default=1)
    status: Mapped[str] = mapped_column(String(10), default=DraftState.DRAFT)
    note: Mapped[str] = mapped_column(Text, default="")
    sources: Mapped[str] = mapped_column(Text, default="")
    review_due: Mapped[dt.date | None] = mapped_column(Date)
    comment: Mapped[str] = mapped_column(Text, default="")  # the reviewer's, when sent back
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Every UPDATE and DELETE of a draft says "WHERE revision = <the one read>": two saves at
    # once cannot both pass the check, and a step on a draft changed meanwhile is refused.
    __mapper_args__ = {"version_id_col": revision, "version_id_generator": False}

    document: Mapped[Document] = relationship(back_populates="draft")
    authors: Mapped[list[DraftAuthor]] = relationship(
        back_populates="draft", cascade="all, delete-orphan"
    )

    def written_by(self, user_id: int) -> bool:
        return any(a.user_id == user_id for a in self.authors)


class DraftAuthor(Base):
    """Each person who saved words into a draft: none of them may approve it."""

    __tablename__ = "draft_authors"
    __table_args__ = (UniqueConstraint("draft_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    name: Mapped[str] = mapped_column(String(200))

    draft: Mapped[Draft] = relationship(back_populates="authors")
