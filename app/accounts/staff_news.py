"""Telling the people who act on it that something waits or happened: a draft or recording
submitted (the reviewers), sent back (its author), published (its author and the reviewers),
a call-back requested (whoever handles call-backs: the desk and the admins). Each goes by
e-mail to them and to the reminders' destinations (REMINDERS_EMAIL, the webhook), as account
changes are announced (app.accounts.announce, app.accounts.notices).

Once each: the (news, key) is written before anything is sent, and the table allows it once,
so a retried job or a second process never sends it twice (a failed send is not tried
again: it is in the trail and the logs). The web queues `announce_later` after its commit,
so a slow or broken mail server never fails, nor slows, the staff request. A message never
carries a patient's number or anything about a patient: callers pass a subject and text
that name the topic, recording or request only, and anything that looks like a phone, NHS
number or e-mail address is taken out all the same (app.core.scrub).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Collection
from enum import StrEnum

from sqlalchemy import ColumnElement, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts.models import StaffNews, User
from app.accounts.notices import tell_everywhere
from app.accounts.roles import PERMISSIONS
from app.audit.actions import Action
from app.audit.record import record
from app.core.scrub import scrub
from app.db.session import own_session
from app.db.transaction import committed
from app.department.store import effective
from app.queues import ANNOUNCE_NEWS
from app.services import queue_for_staff
from app.settings import Settings

log = logging.getLogger(__name__)
ACTOR = "the line's news"  # who the trail says told


class News(StrEnum):
    """What staff are told of."""

    SUBMITTED = "submitted"
    SENT_BACK = "sent_back"
    PUBLISHED = "published"
    CALLBACK_REQUESTED = "callback_requested"


# Who acts on each, by permission (app.accounts.roles); the author is added where marked.
_ACTING = {
    News.SUBMITTED: "review_content",
    News.SENT_BACK: None,
    News.PUBLISHED: "review_content",
    News.CALLBACK_REQUESTED: "handle_callbacks",
}
_TO_AUTHOR = frozenset({News.SENT_BACK, News.PUBLISHED})


def recipients(
    session: Session, news: News, authors: Collection[int] = (), doer: int | None = None
) -> list[str]:
    """The e-mail addresses of the active people who act on `news` (with its `authors`, for
    news of their own work), but the `doer` of the step (who knows), sorted."""
    permission = _ACTING[news]
    roles = sorted(PERMISSIONS[permission]) if permission else []
    acting: ColumnElement[bool] = User.role.in_(roles)
    if authors and news in _TO_AUTHOR:
        acting = or_(acting, User.id.in_(sorted(authors)))
    query = select(User.email).where(User.active, acting)
    if doer is not None:
        query = query.where(User.id != doer)
    return sorted(set(session.scalars(query)))


def _claim(session: Session, news: News, key: str) -> bool:
    """Write (news, key); False when it was already there (told before, or being told)."""
    try:
        with committed(session):
            session.add(StaffNews(news=str(news), key=key[:200]))
    except IntegrityError:
        return False
    return True


def announce(
    session: Session,
    settings: Settings,
    news: News,
    key: str,
    subject: str,
    text: str,
    *,
    authors: Collection[int] = (),
    doer: int | None = None,
) -> bool:
    """Tell the people who act on `news` and the reminders channels (REMINDERS_EMAIL, the
    webhook), once per (news, key); whether anyone was told. `authors`: whose
    work it is (told of a send-back or publication); `doer`: who did the step, not told of
    it. Audited; never raises for a mail server or webhook that fails."""
    if not _claim(session, news, key):
        return False
    settings = effective(session, settings)  # where reminders go, as the department set it
    # A number or address that slipped into the words (a caller's, a patient's) goes.
    subject, text = scrub(subject), "\n".join(scrub(line) for line in text.splitlines())
    people = recipients(session, news, authors, doer)
    nobody = "nobody acts on it, no REMINDERS_EMAIL, no webhook"
    reached, failed = tell_everywhere(settings, people, subject, text, nobody)
    if failed:
        log.warning("news %s (%s) not told everywhere: %s", news, key, "; ".join(failed))
    with committed(session):
        record(session, Action.NEWS_ANNOUNCED, actor_name=ACTOR, object_type="news",
               object_id=f"{news}:{key}", outcome="failed" if failed else "ok",
               reached=", ".join(reached) or "nobody", failed="; ".join(failed))  # fmt: skip
    return bool(reached)


def announce_later(
    news: News,
    key: str,
    subject: str,
    text: str,
    *,
    authors: Collection[int] = (),
    doer: int | None = None,
) -> bool:
    """Queue `announce` for a worker (call it after the change is committed); whether it
    was queued (app.services.queue_for_staff)."""
    return queue_for_staff(ANNOUNCE_NEWS, str(news), key, subject, text, sorted(set(authors)),
                           doer, description=f"tell staff: {news} ({key})")  # fmt: skip


def announce_job(
    news: str, key: str, subject: str, text: str, authors: list[int], doer: int | None = None
) -> str:
    """The rq job `announce_later` queues: plain arguments, its own database session."""
    settings = Settings.from_env(os.environ)
    with own_session(settings.database_url, settings.data_dir) as session:
        told = announce(session, settings, News(news), key, subject, text, authors=authors,
                        doer=doer)  # fmt: skip
    return "told" if told else "not told (already told, or nobody reached)"
