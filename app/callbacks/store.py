"""Call-back requests kept in the database: the worker's job that keeps one (then tells the
desk, without the number), and the prune: a request marked by the desk goes
CALLBACK_RETENTION_DAYS after it was marked; an open one is never removed, however old, but
counted as overdue (the desk's page flags it, and the prune says so in the trail and log).
`flask callbacks prune`, and daily on rq's clock (app/callbacks/cron.py)."""

from __future__ import annotations

import datetime as dt
import logging
import os

import click
from flask import Flask, current_app
from redis import RedisError
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session

from app.accounts.staff_news import News, announce
from app.audit.actions import Action
from app.audit.prune import prune_older
from app.audit.record import command_line_actor, record
from app.callbacks.models import CallbackRequest, Reason, State
from app.core.counts import Count, count
from app.db.model import utcnow
from app.db.session import new_session, own_session
from app.db.transaction import committed
from app.errors import LineError
from app.queues import job_redis
from app.services import services
from app.settings import Settings

log = logging.getLogger(__name__)
KEEPER = "the line"  # who the trail says kept a request (a caller asked; staff did nothing)
CLOCK = "the line's clock"  # who the trail says pruned, on rq's clock


class RequestNotKept(LineError, RuntimeError):
    """The database did not take a call-back request (said without the number); tried again."""


def keep(
    session: Session, sealed: str, number_key: str, lang: str, reason: str, asked_at: dt.datetime
) -> CallbackRequest | None:
    """Keep the request, in the trail; None when this number has one open already."""
    is_open = (CallbackRequest.number_key == number_key) & (CallbackRequest.state == State.OPEN)
    try:
        with committed(session):
            if session.scalar(select(CallbackRequest.id).where(is_open)) is not None:
                return None
            row = CallbackRequest(number=sealed, number_key=number_key, lang=lang,
                                  reason=Reason(reason), asked_at=asked_at,
                                  state=State.OPEN)  # fmt: skip
            session.add(row)
            session.flush()
            record(session, Action.CALLBACKS_ASKED, actor_name=KEEPER, object_type="callback",
                   object_id=row.id, lang=lang, reason=reason)  # fmt: skip
    except IntegrityError:  # the same number at the same moment, kept by another worker
        return None
    return row


def _tell_the_desk(session: Session, settings: Settings, row: CallbackRequest) -> None:
    """E-mail the desk and the admins that a request waits: never the number."""
    page = f"{settings.public_base_url}/admin/callbacks"
    why = "the department was closed" if row.reason == Reason.CLOSED else "nobody answered"
    text = (f"A caller asked to be called back ({why}; language: {row.lang}). "
            f"The number is on the call-backs page only: {page}")  # fmt: skip
    try:
        announce(session, settings, News.CALLBACK_REQUESTED,
                 f"request-{row.id}-{row.asked_at:%Y%m%dT%H%M%S%f}",
                 "A caller asked to be called back", text)  # fmt: skip
    except SQLAlchemyError:  # kept all the same: the page shows it
        log.warning("call-back request %s kept, but the desk was not told", row.id)


def store_request(sealed: str, number_key: str, lang: str, reason: str, asked_at: str) -> str:
    """The rq job (app.callbacks.intake queues it): keep the request, count it, tell the desk."""
    settings = Settings.from_env(os.environ)
    try:
        with own_session(settings.database_url, settings.data_dir) as session:
            row = keep(
                session, sealed, number_key, lang, reason, dt.datetime.fromisoformat(asked_at)
            )
            if row is not None:
                _tell_the_desk(session, settings, row)
    except SQLAlchemyError:
        # The database's own message could carry the sealed number into the logs.
        raise RequestNotKept("the database did not take the call-back request") from None
    if row is None:
        return "not kept: this number has a request open"
    try:
        count(job_redis(settings.redis_url), Count.CALLBACKS_REQUESTED)
    except RedisError:
        log.warning("call-back request %s kept, not counted: Redis did not answer", row.id)
    return f"kept: request {row.id}"


def prune(
    session: Session, retention_days: int, actor_name: str, now: dt.datetime | None = None
) -> tuple[int, int]:
    """Remove requests marked more than `retention_days` ago, in the trail with how many and
    how many open ones are older than that (kept, flagged); both numbers."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    old_and_open = (CallbackRequest.state == State.OPEN) & (CallbackRequest.asked_at < cutoff)
    with committed(session):
        overdue = int(session.scalar(select(func.count()).where(old_and_open)) or 0)
        # done_at is empty while a request is open: an open request is never removed here.
        removed = prune_older(session, CallbackRequest.__table__.c.done_at, cutoff,
                              Action.CALLBACKS_PRUNED, object_type="callbacks",
                              actor_name=actor_name, retention_days=retention_days,
                              overdue_open=overdue)  # fmt: skip
    if overdue:
        log.warning("%d open call-back request(s) older than %d days: kept, for the desk",
                    overdue, retention_days)  # fmt: skip
    return removed, overdue


def prune_job() -> str:
    """The rq job on the clock (daily): the prune, as `flask callbacks prune` does it."""
    settings = Settings.from_env(os.environ)
    with own_session(settings.database_url, settings.data_dir) as session:
        removed, overdue = prune(session, settings.callback_retention_days, CLOCK)
    return f"removed {removed}; {overdue} open and overdue"


def register(app: Flask) -> None:
    """`flask callbacks prune`."""

    @app.cli.group("callbacks")
    def callbacks() -> None:
        """Call-back requests."""

    @callbacks.command("prune")
    def prune_command() -> None:
        """Remove requests marked more than CALLBACK_RETENTION_DAYS ago (never open ones)."""
        days = services(current_app).settings.callback_retention_days
        with new_session(current_app) as session:
            removed, overdue = prune(session, days, command_line_actor())
        click.echo(f"Removed {removed} call-back request(s) marked more than {days} days ago.")
        if overdue:
            click.echo(f"{overdue} open request(s) are older than {days} days: they are kept, "
                       "flagged on the call-backs page, until the desk marks them.")  # fmt: skip
