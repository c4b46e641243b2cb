"""A call never waits on the database: the voice and text webhooks never touch it."""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, event

from app import create_app
from app.db.session import database
from app.queues import READ_DEPARTMENT, SEND_LINK, SMS
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.queues import queue
from tests.support.shipped import library
from tests.support.simulator import Call, signed_post


@pytest.fixture
def silent_postgres() -> Iterator[str]:
    """A PostgreSQL address that takes connections and never says a word."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)  # the kernel completes the handshake; nothing ever reads or answers
    yield f"postgresql://line@127.0.0.1:{server.getsockname()[1]}/line"
    server.close()


def _a_whole_call_and_a_text(app, describe) -> None:
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, caller=MOBILE, describe=describe)
    assert phone.start().gather is not None
    assert "prompt:help" in phone.press("0").heard
    phone.press("9")
    topic = phone.press("4")
    assert "article:your-results:1" in topic.heard
    texted = phone.press("1")
    sending = library().prompt("text_sending", digits="4, 5, 6")
    assert sending in texted.heard, texted.heard
    reply = signed_post(app.test_client(), AUTH_TOKEN, f"{BASE_URL}/sms",
                        {"From": MOBILE, "Body": "MENU"})  # fmt: skip
    assert reply.status_code == 200 and b"<Message>" in reply.data


def test_calls_and_texts_work_while_the_database_does_not_answer(
    config, redis, describe, silent_postgres
):
    app = create_app({**config, "DATABASE_URL": silent_postgres})
    started = time.monotonic()
    _a_whole_call_and_a_text(app, describe)
    assert time.monotonic() - started < 10, "something waited on the database"
    queued = [job.func_name for job in queue(redis, SMS).jobs]
    # The text asked for in the call is queued; so is the job that copies the department's
    # settings from the database to Redis (this Redis never had them): neither waited on it.
    assert sorted(queued) == sorted([SEND_LINK, READ_DEPARTMENT])


def test_no_sql_is_run_during_a_call_or_a_text(app, redis, describe):
    statements: list[str] = []
    engine: Engine = database(app).engine

    def seen(_conn, _cursor, statement, *_args) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        _a_whole_call_and_a_text(app, describe)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert statements == []
    pool = engine.pool
    assert pool.checkedin() == pool.checkedout() == 0, "a connection was opened"  # type: ignore[attr-defined]
