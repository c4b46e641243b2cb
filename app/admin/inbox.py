"""What waits for a reviewer or an admin, at the top of their first page (the dashboard):
drafts submitted for review and recordings waiting for approval (who made each, and since
when, the longest waiting first), then topics near or past their review date and
translations behind English (app.editor.reminders). Each links to where it is acted on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from app.audio.overview import named
from app.editor import documents
from app.editor.models import Draft, DraftState
from app.editor.news import what
from app.editor.overview import rows
from app.editor.reminders import Reminder, due
from app.recordings.models import Recording, TakeState


@dataclass(frozen=True)
class Waiting:
    """One thing waiting for a reviewer: what it is, who made it, since when, and where."""

    name: str
    lang: str
    who: str
    since: dt.datetime
    href: str


@dataclass(frozen=True)
class Inbox:
    """Everything waiting, by kind."""

    drafts: list[Waiting]
    recordings: list[Waiting]
    reminders: list[Reminder]

    @property
    def waiting(self) -> int:
        """How many drafts and recordings wait for a review."""
        return len(self.drafts) + len(self.recordings)

    @property
    def empty(self) -> bool:
        """Whether nothing at all waits: no draft, recording or reminder."""
        return not (self.waiting or self.reminders)


def waiting_drafts(session: Session, titles: dict[str, str]) -> list[Waiting]:
    """Drafts submitted for review, the one waiting longest first."""
    drafts = session.scalars(
        select(Draft)
        .where(Draft.status == DraftState.SUBMITTED)
        .options(selectinload(Draft.document), selectinload(Draft.authors))
        .order_by(Draft.updated_at, Draft.id)
    )
    found = []
    for draft in drafts:
        key = documents.key_of(draft.document)
        who = ", ".join(a.name for a in draft.authors) or "someone no longer known"
        href = url_for("admin.content.edit", lang=key.lang, slug=key.slug)
        name = titles.get(key.slug) or what(key).removeprefix("the ").rsplit(" (", 1)[0]
        found.append(Waiting(name, key.lang, who, draft.updated_at, href))
    return found


def waiting_recordings(session: Session) -> list[Waiting]:
    """Recordings waiting for a reviewer to approve or turn down, the oldest first."""
    takes = session.scalars(
        select(Recording)
        .where(Recording.status == TakeState.DRAFT)
        .order_by(Recording.made_at, Recording.id)
    )
    return [
        Waiting(named(take.key, take.lang), take.lang, take.made_by, take.made_at,
                url_for("admin.recordings.page", lang=take.lang, key=take.key))
        for take in takes
    ]  # fmt: skip


def gather(session: Session, content_dir: Path, today: dt.date) -> Inbox:
    """What waits now, from the editor's and the recordings' tables and the content."""
    found = rows(session, content_dir, today, audio=False)
    titles = {row.slug: row.title for row in found}
    return Inbox(waiting_drafts(session, titles), waiting_recordings(session), due(found))
