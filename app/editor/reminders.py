"""Review reminders that reach people: topics near or past their review date and translations
behind English, as a list for the dashboard; and a daily summary by email or webhook, with
the drafts waiting for review first.

What is due comes from the content overview (files and the editor's database); the summary
is plain text; sending is optional and goes to one address and/or one webhook from the
settings. Several clocks (one per machine) send one summary a day between them."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path

from sqlalchemy.orm import Session

from app import mail, redis_keys
from app.accounts.actors import Actor, by
from app.audit.actions import Action
from app.audit.record import record
from app.db.session import own_session
from app.db.transaction import committed
from app.department.store import effective
from app.editor.models import DraftState
from app.editor.overview import Row, rows
from app.errors import LineError
from app.queues import job_redis
from app.settings import Settings

log = logging.getLogger(__name__)
WHY = {"waiting": "waiting for review", "overdue": "review overdue", "soon": "review due soon",
       "behind": "behind English"}  # fmt: skip


@dataclass(frozen=True)
class Reminder:
    """One thing a reviewer should look at: a topic in a language, and why."""

    lang: str
    slug: str
    title: str
    why: str  # waiting, overdue, soon, behind
    due: dt.date | None = None


def due(rows: list[Row]) -> list[Reminder]:
    """What is overdue first, then due soon, then translations behind English."""
    found = [
        Reminder(lang, row.slug, row.title, why, cell.review_due)
        for row in rows
        for lang, cell in row.cells.items()
        for why in ((cell.review,) if cell.review else ()) + (("behind",) if cell.behind else ())
    ]
    order = list(WHY)
    return sorted(found, key=lambda r: (order.index(r.why), r.due or dt.date.max, r.slug, r.lang))


def waiting(rows: list[Row]) -> list[Reminder]:
    """Drafts sent for review and not yet approved or sent back."""
    return [Reminder(lang, row.slug, row.title, "waiting") for row in rows
            for lang, cell in row.cells.items() if cell.draft == DraftState.SUBMITTED]  # fmt: skip


def gathered(session: Session, content_dir: Path, today: dt.date) -> list[Reminder]:
    """What the daily summary lists, from the files and the editor's database: drafts
    waiting for review first, then what is due."""
    found = rows(session, content_dir, today, audio=False)
    return waiting(found) + due(found)


def summary(reminders: list[Reminder], admin_url: str, today: dt.date) -> str:
    """The daily summary as plain text: one line a reminder, and where to act on them."""
    if not reminders:
        return f"Nuclear medicine information line, {today:%-d %B %Y}: nothing is due for review."
    lines = [f"Nuclear medicine information line, {today:%-d %B %Y}: {len(reminders)} to look at."]
    for r in reminders:
        when = f" ({r.due:%-d %B %Y})" if r.due and r.why != "behind" else ""
        lines.append(f"- {r.title} ({r.lang}): {WHY[r.why]}{when}")
    lines.append(f"Review them at {admin_url}")
    return "\n".join(lines)


class SendError(LineError):
    """The summary did not reach one or more destinations; the message says which and why,
    and what it did reach."""

    def __init__(self, message: str, failed: list[str], sent: list[str]) -> None:
        super().__init__(message)
        self.failed, self.sent = failed, sent


NOT_SET_UP = "Sending is not set up: set REMINDERS_EMAIL (with SMTP_HOST) or REMINDERS_WEBHOOK_URL."


def _senders(settings: Settings) -> dict[str, Callable[[str], None]]:
    """Each configured destination, as staff would describe it, and how to send it there."""
    found: dict[str, Callable[[str], None]] = {}
    if settings.reminders_email:
        found[f"email to {settings.reminders_email}"] = lambda text: _email(text, settings)
    if settings.reminders_webhook_url:
        url = settings.reminders_webhook_url
        found["the reminders webhook"] = lambda text: mail.post_text(url, text)
    return found


def destinations(settings: Settings) -> list[str]:
    """Where a summary goes (empty: sending is not set up)."""
    return list(_senders(settings))


def send(text: str, settings: Settings, only: list[str] | None = None) -> list[str]:
    """Send the summary to each destination (or `only` those); where it went. Each is tried
    even when another fails, and SendError says which failed and which did not."""
    senders = _senders(settings)
    sent, failed, why = [], [], []
    for name in senders if only is None else only:
        try:
            senders[name](text)
        except OSError as exc:
            failed.append(name)
            why.append(f"{name}: {exc}")
        else:
            sent.append(name)
    if failed:
        reached = f" It did reach {' and '.join(sent)}." if sent else ""
        raise SendError(f"The summary was not sent ({'; '.join(why)}).{reached}", failed, sent)
    return sent


def _email(text: str, settings: Settings) -> None:
    message = EmailMessage()
    message["Subject"] = "Information line: reviews due"
    message["From"] = settings.smtp_from or f"information-line@{settings.smtp_host}"
    message["To"] = settings.reminders_email
    message.set_content(text)
    mail.send_message(settings, message)  # the certificate checked (app.mail)


def send_now(
    session: Session,
    settings: Settings,
    actor: Actor,
    today: dt.date,
    client: str | None = None,
    only: list[str] | None = None,
) -> tuple[int, list[str]]:
    """Gather, send and audit the summary; how many reminders and where they went. A
    failure is audited too, then raised (SendError) for the person or the job to see."""
    settings = effective(session, settings)  # where reminders go, as the department set it
    reminders = gathered(session, settings.content_dir, today)
    text = summary(reminders, settings.public_base_url + "/admin/content", today)
    try:
        sent = send(text, settings, only)
    except SendError as exc:
        with committed(session):
            record(session, Action.REMINDERS_SENT, **by(actor), client=client, outcome="failed",
                   reminders=len(reminders), to=", ".join(exc.sent), why=str(exc))  # fmt: skip
        raise
    with committed(session):
        record(session, Action.REMINDERS_SENT, **by(actor), client=client,
               reminders=len(reminders), to=", ".join(sent))  # fmt: skip
    return len(reminders), sent


def send_daily() -> str:
    """The rq job the clock queues every quarter of an hour in the working day: the summary
    to each destination once a day between all the clocks (a failed one is tried again at
    the next quarter); nothing when sending is not set up."""
    first = Settings.from_env(os.environ)
    with own_session(first.database_url, first.data_dir) as session:
        settings = effective(session, first)  # where reminders go, as the department set it
        if not destinations(settings):
            return "not set up"
        connection = job_redis(settings.redis_url)
        today = dt.date.today()
        lock = {name: redis_keys.reminders_sent(today, name) for name in destinations(settings)}
        mine = [name for name, key in lock.items() if connection.set(key, 1, nx=True, ex=2 * 86400)]
        if not mine:
            return "already sent today"
        try:
            count, _ = send_now(session, settings, "the daily reminder", today, only=mine)
        except SendError as exc:
            for name in exc.failed:  # tried again at the next quarter; the others are done
                connection.delete(lock[name])
            raise
    log.info("review summary sent: %d reminder(s)", count)
    return f"{count} reminder(s) sent"
