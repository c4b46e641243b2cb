"""The people who act on a draft are told, once, by e-mail and on the reminders webhook: a
submission reaches the reviewers, a send-back and a publication the draft's author. Telling
happens on a worker after the step is committed, so a broken mail server never fails it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue, SimpleWorker

from app.db.session import new_session
from app.editor.models import Document, DraftState
from app.queues import ANNOUNCE_NEWS, SMS
from app.services import services
from tests.support.admin import Person, add_person, trail
from tests.support.editing import TOPIC, change_body, review_form, said
from tests.support.first_sign_in import Mailbox, mailbox, webhook

OUTSIDE = "nm-reviews@hospital.example"
Hook = tuple[str, list[dict[str, str]]]


@pytest.fixture
def mail() -> Iterator[Mailbox]:
    with mailbox() as box:
        yield box


@pytest.fixture
def hook() -> Iterator[Hook]:
    with webhook() as found:
        yield found


@pytest.fixture
def config(config: dict[str, str], mail: Mailbox, hook: Hook) -> dict[str, str]:
    return {**config, **mail.settings(), "REMINDERS_EMAIL": OUTSIDE,
            "REMINDERS_WEBHOOK_URL": hook[0]}  # fmt: skip


@pytest.fixture
def others(app: Flask) -> dict[str, Person]:
    """People who act on other things: never told of a draft's submission."""
    return {role: add_person(app, role, name=f"{role.title()} Other") for role in ("admin", "desk")}


def tell(app: Flask, config: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Run what waits on the queue, as a worker does (its settings from the environment)."""
    for name, value in config.items():
        monkeypatch.setenv(name, value)
    line = services(app)
    SimpleWorker([Queue(SMS, connection=line.redis)], connection=line.redis).work(burst=True)


def told(app: Flask) -> list[tuple[str | None, str]]:
    return [(e.object_id, e.outcome) for e in trail(app) if e.action == "news.announced"]


def test_a_submission_reaches_the_reviewers_once_even_when_announced_twice(
    app, config, monkeypatch, editing, reviewer, editor, others, mail, hook
):
    assert change_body(editing, "submit").status_code == 302
    queue = services(app).sms_queue
    [job] = [j for j in queue.get_jobs() if j.func_name == ANNOUNCE_NEWS]
    queue.enqueue(ANNOUNCE_NEWS, *job.args)  # the same news again: a retry, a second worker
    tell(app, config, monkeypatch)

    [(to, message)] = mail.received
    assert to == sorted([reviewer.email, OUTSIDE])  # not the editor, the admin, the desk
    assert "your-results" in message["Subject"]
    body = message.get_content()
    assert "Erin Editor submitted" in body and "/admin/content/en/your-results" in body
    [posted] = hook[1]
    assert "Erin Editor submitted" in posted["text"]
    assert [outcome for _, outcome in told(app)] == ["ok"]


def test_a_send_back_tells_the_author_not_the_reviewers(
    app, config, monkeypatch, editing, reviewing, editor, reviewer, mail, hook
):
    assert change_body(editing, "submit").status_code == 302
    comment = "Say which team, by name."
    back = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "send_back",
                                       "comment": comment})  # fmt: skip
    assert back.status_code == 302, said(back)
    tell(app, config, monkeypatch)

    sent = {message["Subject"]: to for to, message in mail.received}
    [(subject, to)] = [(s, t) for s, t in sent.items() if "sent back" in s]
    assert to == sorted([editor.email, OUTSIDE])
    body = next(m for _, m in mail.received if m["Subject"] == subject).get_content()
    assert "Rhys Reviewer sent" in body and comment not in body  # read in the editor
    assert len(hook[1]) == 2  # the submission, then the send-back


def test_a_publication_tells_the_author(
    app, config, monkeypatch, editing, reviewing, editor, reviewer, mail
):
    assert change_body(editing, "submit").status_code == 302
    done = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert done.status_code == 302, said(done)
    tell(app, config, monkeypatch)

    [to] = [to for to, message in mail.received if "published" in message["Subject"]]
    assert to == sorted([editor.email, OUTSIDE])  # the reviewer who published knows
    assert "version" in mail.received[-1][1]["Subject"]


@pytest.fixture
def gone() -> dict[str, str]:
    """A mail server that has stopped: nothing listens on its port."""
    with mailbox() as stopped:
        settings = stopped.settings()
    return settings


def test_a_mail_server_that_fails_never_fails_the_submission(
    app, config, monkeypatch, gone, editing, reviewer, hook
):
    config = {**config, **gone}
    answer = change_body(editing, "submit")
    assert answer.status_code == 302, said(answer)
    with new_session(app) as session:
        [document] = session.query(Document).filter_by(lang="en", slug="your-results")
        assert document.draft is not None and document.draft.status == DraftState.SUBMITTED
    tell(app, config, monkeypatch)  # the worker's mail server is the stopped one
    [(_, outcome)] = told(app)
    assert outcome == "failed"
    assert len(hook[1]) == 1  # the webhook heard all the same
    assert services(app).sms_queue.failed_job_registry.count == 0


def test_the_editors_page_works_with_redis_away_for_the_news(
    app, editing: FlaskClient, reviewer, monkeypatch
):
    """Queueing the news is best effort: the step is done and said."""
    from redis import RedisError

    def refuse(*args: object, **kwargs: object) -> None:
        raise RedisError("gone")

    monkeypatch.setattr(services(app).sms_queue, "enqueue", refuse)
    answer = change_body(editing, "submit")
    assert answer.status_code == 302, said(answer)
