"""The words of questions the line could not answer, kept to help staff write new short
answers and phrasings: only when the department turns keeping on (an admin, audited).

The call path scrubs the words as patients' comments are (app.core.scrub) and queues them;
a worker keeps them with the language, phone or text, and the day: never the number, the
call or the time. Reviewers read them, each read in the trail; each goes on the
KEPT_DAYS-th day after it was asked (`flask questions prune`, daily), or at once when
keeping is turned off. A call never waits on the database: it reads the setting's copy in
Redis (app.redis_keys.QUESTION_KEEPING)."""

from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Any

import click
from flask import Flask, current_app
from redis import Redis, RedisError
from rq import Queue, Retry
from sqlalchemy import delete, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app import redis_keys
from app.ask.models import KeptQuestion, QuestionKeeping, Via
from app.audit.actions import Action
from app.audit.prune import prune_older
from app.audit.record import command_line_actor, record
from app.content.languages import Language
from app.core.scrub import scrub
from app.db.session import new_session, own_session
from app.db.transaction import committed
from app.errors import LineError
from app.queues import KEEP_QUESTION, READ_KEEPING, RESULT_KEPT, job_redis
from app.services import services
from app.settings import Settings

if TYPE_CHECKING:
    from app.accounts.models import User

KEPT_DAYS = 30
# A question whose keeping failed stays in Redis (its rq job) this long, then goes.
FAILED_QUESTION_SECONDS = 86400
MOST_SHOWN = 500
_TRIES_AFTER = [30, 300]  # seconds: the database may be back by then
_LANGUAGES, _VIAS = frozenset(Language), frozenset(Via)


class QuestionNotKept(LineError, RuntimeError):
    """The database did not take a question (said without the words); tried again."""


def keep_unanswered(question: str, lang: str, via: str) -> bool:
    """Called when the line was not sure how to answer `question` (`via` "phone" or "text"):
    its words, scrubbed, are queued to be kept if the department keeps them. Never waits on
    the database, and Redis away is no error; whether anything was queued."""
    line = services()
    try:
        return queue_question(line.redis, line.sms_queue, question, lang, via, dt.date.today())
    except RedisError:
        return False  # keeping is best effort: the caller is answered all the same


def queue_question(
    redis: Redis, queue: Queue, question: str, lang: str, via: str, today: dt.date
) -> bool:
    """Queue the scrubbed words for the worker, when the setting's copy in Redis says "on"."""
    if lang not in _LANGUAGES or via not in _VIAS:
        return False
    state = redis.get(redis_keys.QUESTION_KEEPING)
    if state is None:  # Redis lost it: read back from the database, this question not kept
        asked = redis_keys.QUESTION_KEEPING_ASKED
        if redis.set(asked, 1, nx=True, ex=redis_keys.QUESTION_KEEPING_ASKED_SECONDS):
            queue.enqueue(READ_KEEPING, result_ttl=RESULT_KEPT[READ_KEEPING],
                          description="read whether questions are kept")  # fmt: skip
        return False
    if state != b"on":
        return False
    words = scrub(question)
    if not words:
        return False
    # The words never reach Redis unscrubbed; rq logs the description, never the words.
    queue.enqueue(KEEP_QUESTION, words, lang, via, today.isoformat(),
                  retry=Retry(max=len(_TRIES_AFTER), interval=_TRIES_AFTER),
                  result_ttl=RESULT_KEPT[KEEP_QUESTION], failure_ttl=FAILED_QUESTION_SECONDS,
                  description="keep an unanswered question")  # fmt: skip
    return True


def keeping(session: Session, lock: bool = False) -> bool:
    """Whether the department keeps the questions (the database's word; off with no row)."""
    query = select(QuestionKeeping.enabled).where(QuestionKeeping.id == 1)
    return bool(session.scalar(query.with_for_update() if lock else query))


def set_keeping(
    session: Session,
    redis: Redis,
    on: bool,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
) -> bool:
    """Turn keeping on or off, in the trail; off also removes every question kept so far.
    Redis's copy is written before the commit, so a Redis that cannot be told refuses the
    change. Whether anything changed."""
    with committed(session):
        row = session.get(QuestionKeeping, 1, with_for_update=True)
        if bool(row and row.enabled) == on:
            return False
        if row is None:
            session.add(QuestionKeeping(id=1, enabled=on))
        else:
            row.enabled = on
        gone: dict[str, Any] = {} if on else {"removed": _remove_all(session)}
        action = Action.QUESTIONS_KEEPING_ON if on else Action.QUESTIONS_KEEPING_OFF
        record(session, action, actor=actor, actor_name=actor_name, client=client,
               object_type="questions", kept_days=KEPT_DAYS, **gone)  # fmt: skip
        session.flush()
        _copy(redis, on)
    return True


def _remove_all(session: Session) -> int:
    return int(session.connection().execute(delete(KeptQuestion)).rowcount)


def _copy(redis: Redis, on: bool) -> None:
    redis.set(redis_keys.QUESTION_KEEPING, "on" if on else "off")


def oldest_kept(today: dt.date) -> dt.date:
    """The first day whose questions are still kept: one asked on 1 March goes on 31 March."""
    return today - dt.timedelta(days=KEPT_DAYS - 1)


def read_kept(
    session: Session,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
    today: dt.date | None = None,
) -> list[KeptQuestion]:
    """The questions kept, newest first (at most MOST_SHOWN), and the read in the trail with
    how many were shown: never older than KEPT_DAYS, even when the prune has not run."""
    first = oldest_kept(today or dt.date.today())
    query = select(KeptQuestion).where(KeptQuestion.day >= first)
    with committed(session):
        shown = list(session.scalars(
            query.order_by(KeptQuestion.day.desc(), KeptQuestion.id.desc()).limit(MOST_SHOWN)
        ))  # fmt: skip
        record(session, Action.QUESTIONS_READ, actor=actor, actor_name=actor_name,
               client=client, object_type="questions", shown=len(shown))  # fmt: skip
    return shown


def prune(session: Session, today: dt.date, actor_name: str) -> int:
    """Remove questions past KEPT_DAYS, in the trail with how many; how many went."""
    with committed(session):
        day = KeptQuestion.__table__.c.day
        return prune_older(session, day, oldest_kept(today), Action.QUESTIONS_PRUNED,
                           object_type="questions", actor_name=actor_name,
                           kept_days=KEPT_DAYS)  # fmt: skip


def store_question(words: str, lang: str, via: str, day: str) -> str:
    """The rq job: keep the question, scrubbed again, if the department still keeps them."""
    settings = Settings.from_env(os.environ)
    try:
        with own_session(settings.database_url, settings.data_dir) as session, committed(session):
            on = keeping(session, lock=True)  # turning it off waits, then removes this too
            if on:
                session.add(KeptQuestion(words=scrub(words), lang=lang, via=via,
                                         day=dt.date.fromisoformat(day)))  # fmt: skip
    except SQLAlchemyError:
        # The database's own message would carry the words into the logs and the dashboard.
        raise QuestionNotKept("the database did not take the question") from None
    _copy(job_redis(settings.redis_url), on)
    return "kept" if on else "not kept: keeping is off"


def read_keeping() -> str:
    """The rq job: copy the department's choice from the database to Redis."""
    settings = Settings.from_env(os.environ)
    with own_session(settings.database_url, settings.data_dir) as session:
        on = keeping(session)
    _copy(job_redis(settings.redis_url), on)
    return "on" if on else "off"


def register(app: Flask) -> None:
    """`flask questions prune`, run daily by the prune timer with the audit prune."""

    @app.cli.group("questions")
    def questions() -> None:
        """Unanswered questions a department keeps."""

    @questions.command("prune")
    def prune_command() -> None:
        """Remove questions kept longer than 30 days."""
        with new_session(current_app) as session:
            removed = prune(session, dt.date.today(), command_line_actor())
        click.echo(f"Removed {removed} question(s) kept longer than {KEPT_DAYS} days.")
