"""What a recording's steps tell staff (app.accounts.staff_news): a take waits for review
(the reviewers), was turned down (whoever made it) or published (they and the reviewers).
Queued after the step's commit, so telling never fails nor slows the step; the message
names the item and people, never a patient."""

from __future__ import annotations

from flask import has_app_context

from app.accounts.actors import Actor
from app.accounts.models import User
from app.accounts.staff_news import News, announce_later
from app.recordings.models import Recording
from app.services import services


def link(lang: str, key: str) -> str:
    """The item's recording page on the admin, where a reviewer listens and approves."""
    base = services().settings.public_base_url.rstrip("/") if has_app_context() else ""
    return f"{base}/admin/recordings/{lang}/{key}"


def _who(actor: Actor) -> str:
    return actor.name if isinstance(actor, User) else actor


def _whose(take: Recording) -> list[int]:
    return [take.made_by_id] if take.made_by_id is not None else []


def submitted(lang: str, key: str, take: Recording) -> bool:
    """Tell the reviewers a new take of `key` waits for them."""
    return announce_later(
        News.SUBMITTED,
        f"recording/{take.id}",
        f"Information line: a recording waits for review: {key} ({lang})",
        f"{take.made_by} recorded {key} ({lang}); it waits for a reviewer to listen and "
        f"approve it.\nListen to it: {link(lang, key)}",
    )


def refused(lang: str, key: str, take: Recording, actor: Actor) -> bool:
    """Tell whoever made the take that it was turned down."""
    return announce_later(
        News.SENT_BACK,
        f"recording/{take.id}",
        f"Information line: a recording was turned down: {key} ({lang})",
        f"{_who(actor)} turned down your recording of {key} ({lang}).\n"
        f"Record it again: {link(lang, key)}",
        authors=_whose(take),
        doer=actor.id if isinstance(actor, User) else None,
    )


def published(lang: str, key: str, take: Recording, actor: Actor) -> bool:
    """Tell whoever made the take (and the other reviewers) that callers hear it now."""
    return announce_later(
        News.PUBLISHED,
        f"recording/{take.id}@{take.times_published}",
        f"Information line: a recording was published: {key} ({lang})",
        f"{_who(actor)} published the recording of {key} ({lang}) by {take.made_by}: "
        f"callers hear it now.\n{link(lang, key)}",
        authors=_whose(take),
        doer=actor.id if isinstance(actor, User) else None,
    )
