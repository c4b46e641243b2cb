"""Keeping the words of questions the line could not answer (issue 23, point 8): nothing
unless the department turns it on; then only the scrubbed words, the language, phone or
text and the day, written by a worker (a call never waits on the database), gone after 30
days or when keeping is turned off. On both databases, with a real Redis and rq worker."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from flask import Flask
from redis import Redis
from rq import Queue
from rq.job import Job
from sqlalchemy import event, select

from app.ask.kept import KEPT_DAYS, keep_unanswered, set_keeping, store_question
from app.ask.models import KeptQuestion
from app.audit.models import AuditEntry
from app.db.session import database, new_session
from app.queues import KEEP_QUESTION, SMS
from app.services import services
from tests.support.numbers import MOBILE

NHS_NUMBER = "943 476 5919"
ASKED = f"can I drive home after my scan, ring me on {MOBILE}, NHS number {NHS_NUMBER}"


@pytest.fixture
def config(config: dict[str, str], database_url: str) -> dict[str, str]:
    return {**config, "DATABASE_URL": database_url}


def turn(app: Flask, on: bool) -> None:
    with new_session(app) as session:
        assert set_keeping(session, services(app).redis, on, actor_name="test set-up")


def ask(app: Flask, question: str = ASKED, lang: str = "en", via: str = "phone") -> bool:
    with app.test_request_context("/voice"):
        return keep_unanswered(question, lang, via)


def kept_rows(app: Flask) -> list[KeptQuestion]:
    with new_session(app) as session:
        return list(session.scalars(select(KeptQuestion).order_by(KeptQuestion.id)))


def queued_questions(redis: Redis) -> list[tuple[object, ...]]:
    return [tuple(job.args) for job in Queue(SMS, connection=redis).get_jobs()
            if job.func_name == KEEP_QUESTION]  # fmt: skip


def test_off_by_default_nothing_is_queued_or_kept(app: Flask, redis, worker):
    assert ask(app) is False
    assert queued_questions(redis) == []  # the words never reach Redis
    worker()  # reads back the department's choice: off
    assert redis.get("nmline:ask:keeping") == b"off"
    assert ask(app) is False and Queue(SMS, connection=redis).count == 0
    worker()
    assert kept_rows(app) == []


def test_turned_on_a_question_is_kept_scrubbed_with_only_language_channel_and_day(
    app: Flask, redis, worker
):
    turn(app, True)
    assert ask(app, via="text", lang="cy") is True
    [args] = queued_questions(redis)
    assert not any(MOBILE[-6:] in str(a) or "5919" in str(a) for a in args)  # scrubbed first
    worker()
    [row] = kept_rows(app)
    assert row.words.startswith("can I drive home after my scan, ring me on [removed]")
    assert MOBILE[-6:] not in row.words and "5919" not in row.words
    assert (row.lang, row.via, row.day) == ("cy", "text", dt.date.today())
    assert set(KeptQuestion.__table__.columns.keys()) == {"id", "words", "lang", "via", "day"}


def test_the_worker_scrubs_what_it_is_given_too(app: Flask, worker):
    turn(app, True)
    worker()
    assert store_question(ASKED, "en", "phone", dt.date.today().isoformat()) == "kept"
    [row] = kept_rows(app)
    assert MOBILE[-6:] not in row.words and "5919" not in row.words


def test_a_question_queued_before_keeping_was_turned_off_is_not_kept(app: Flask, redis, worker):
    turn(app, True)
    assert ask(app) is True
    turn(app, False)
    worker()
    assert kept_rows(app) == []


def test_turning_keeping_off_removes_what_was_kept_and_keeps_nothing_more(
    app: Flask, redis, worker
):
    turn(app, True)
    ask(app)
    worker()
    assert len(kept_rows(app)) == 1
    turn(app, False)
    assert kept_rows(app) == []
    assert ask(app) is False and queued_questions(redis) == []
    with new_session(app) as session:
        off = select(AuditEntry).where(AuditEntry.action == "questions.keeping_off")
        assert '"removed": 1' in session.scalars(off).one().detail


def test_a_call_never_asks_the_database(app: Flask, redis, worker):
    turn(app, True)
    statements: list[str] = []
    engine = database(app).engine
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert ask(app) is True
        redis.delete("nmline:ask:keeping")  # Redis lost its copy: still no database
        assert ask(app) is False
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements == []
    worker()  # the question, and the choice read back from the database
    assert len(kept_rows(app)) == 1 and ask(app) is True


def test_redis_away_the_call_goes_on_and_nothing_is_kept(app: Flask, monkeypatch):
    turn(app, True)

    def away(*args: object, **kwargs: object) -> None:
        from redis.exceptions import ConnectionError as RedisConnectionError

        raise RedisConnectionError("Redis went away")

    monkeypatch.setattr(services(app).redis, "get", away)
    assert ask(app) is False


def test_a_question_is_removed_on_the_30th_day_and_the_prune_is_audited(app: Flask):
    today = dt.date.today()
    with new_session(app) as session:
        for age in (45, KEPT_DAYS, KEPT_DAYS - 1, 0):
            session.add(KeptQuestion(words=f"{age}", lang="en", via="phone",
                                     day=today - dt.timedelta(days=age)))  # fmt: skip
        session.commit()
    done = app.test_cli_runner().invoke(args=["questions", "prune"])
    assert done.exit_code == 0, done.output
    assert "Removed 2 question(s) kept longer than 30 days" in done.output
    assert sorted(row.words for row in kept_rows(app)) == ["0", str(KEPT_DAYS - 1)]
    with new_session(app) as session:
        pruned = select(AuditEntry).where(AuditEntry.action == "questions.pruned")
        assert '"removed": 2' in session.scalars(pruned).one().detail


def test_nothing_of_the_words_is_logged(app: Flask, redis, worker, caplog):
    caplog.set_level(logging.DEBUG)
    turn(app, True)
    ask(app, "is there a car park for the hospital")
    worker()
    assert [row.words for row in kept_rows(app)] == ["is there a car park for the hospital"]
    assert "car park" not in caplog.text and "keep an unanswered question" in caplog.text


def test_an_unknown_language_or_channel_is_not_kept(app: Flask, redis):
    turn(app, True)
    assert not ask(app, lang="xx") and not ask(app, via="email")
    assert queued_questions(redis) == []


def test_a_question_the_database_refuses_fails_without_its_words_in_logs_or_dashboard(
    app: Flask, redis, worker, caplog
):
    """The database's own error names the values it refused: none of it reaches rq's record
    of the failure (the dashboard shows its last line) or the logs."""
    turn(app, True)
    queue = Queue(SMS, connection=redis)
    refused = ("can I bring my dog", "en", "by pigeon", dt.date.today().isoformat())
    queue.enqueue(KEEP_QUESTION, *refused, description="keep an unanswered question")
    worker()
    [failed] = queue.failed_job_registry.get_job_ids()
    result = Job.fetch(failed, connection=redis).latest_result()
    assert result is not None and "QuestionNotKept" in str(result.exc_string)
    assert "dog" not in str(result.exc_string) and "dog" not in caplog.text
    assert kept_rows(app) == []
