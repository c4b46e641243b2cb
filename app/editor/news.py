"""What the editor's steps tell staff (app.accounts.staff_news): a draft submitted (the
reviewers), sent back (its authors), published (its authors and the reviewers). Queued
after the step's commit, so telling never fails nor slows the step. The message names the
document and the people, never a patient; the reviewer's comment stays in the editor, where
the author reads it."""

from __future__ import annotations

from collections.abc import Collection

from flask import has_app_context

from app.accounts.actors import Actor
from app.accounts.models import User
from app.accounts.staff_news import News, announce_later
from app.editor.documents import Key
from app.services import services

_KINDS = {"topic": "topic", "procedure": "scan", "answer": "short answer"}


def what(key: Key) -> str:
    """The document as the message names it: the topic "bone-scan" (en)."""
    return f'the {_KINDS.get(key.kind, "file")} "{key.slug}" ({key.lang})'


def link(key: Key) -> str:
    """Where to act on it, on the admin: its editor page."""
    base = services().settings.public_base_url.rstrip("/") if has_app_context() else ""
    return f"{base}/admin/content/{key.lang}/{key.slug}"


def _who(actor: Actor) -> str:
    return actor.name if isinstance(actor, User) else actor


def _id(actor: Actor) -> int | None:
    return actor.id if isinstance(actor, User) else None


def submitted(key: Key, actor: Actor, step: int) -> bool:
    """Tell the reviewers a draft waits for them (`step`: the submission's audit entry)."""
    return announce_later(
        News.SUBMITTED,
        f"{key.kind}/{key.lang}/{key.slug}#{step}",
        f"Information line: a draft waits for review: {key.slug} ({key.lang})",
        f"{_who(actor)} submitted {what(key)} for review.\nReview it: {link(key)}",
    )


def sent_back(key: Key, actor: Actor, step: int, authors: Collection[int]) -> bool:
    """Tell the draft's authors it came back to them (`step`: the send-back's audit entry)."""
    return announce_later(
        News.SENT_BACK,
        f"{key.kind}/{key.lang}/{key.slug}#{step}",
        f"Information line: a draft was sent back: {key.slug} ({key.lang})",
        f"{_who(actor)} sent {what(key)} back, with a comment.\n"
        f"Read the comment and change the draft: {link(key)}",
        authors=authors,
        doer=_id(actor),
    )


def published(key: Key, actor: Actor, version: int, authors: Collection[int]) -> bool:
    """Tell the draft's authors (and the reviewers) their words went live as `version`."""
    return announce_later(
        News.PUBLISHED,
        f"{key.kind}/{key.lang}/{key.slug}@{version}",
        f"Information line: published: {key.slug} ({key.lang}), version {version}",
        f"{_who(actor)} published {what(key)} as version {version}: callers hear it now.\n"
        f"See it: {link(key)}",
        authors=authors,
        doer=_id(actor),
    )
