"""A recording waiting for review is told to the reviewers; its approval (or its turning
down) to whoever made it: once each, by e-mail, after the step is committed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from rq import Queue, SimpleWorker

from app.accounts.models import User
from app.db.session import new_session
from app.queues import SMS
from app.recordings import service
from app.recordings.convert import Converted
from app.recordings.models import Recording
from app.services import services
from tests.support.admin import Person
from tests.support.first_sign_in import Mailbox, mailbox

WELCOME = "prompt:welcome"


@pytest.fixture
def mail() -> Iterator[Mailbox]:
    with mailbox() as box:
        yield box


@pytest.fixture
def config(config: dict[str, str], mail: Mailbox) -> dict[str, str]:
    return {**config, **mail.settings()}


def tell(app: Flask, config: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in config.items():
        monkeypatch.setenv(name, value)
    line = services(app)
    SimpleWorker([Queue(SMS, connection=line.redis)], connection=line.redis).work(burst=True)


def item(app: Flask) -> service.Item:
    return service.Item("en", WELCOME, services(app).speaker.library.prompt("welcome"))


def add_take(app: Flask, maker: Person) -> int:
    """A take of the welcome, kept as the upload form keeps one (its sound made up)."""
    with app.test_request_context(), new_session(app) as session:
        sound = Converted(b"ID3 normal", b"ID3 slow", 3.0, 3.6)
        take = service.add(session, item(app), sound, "upload", session.get(User, maker.id),
                           services(app).settings.audio_dir)  # fmt: skip
        return take.id


def test_a_new_recording_is_told_to_the_reviewers_and_its_approval_to_its_maker(
    app, config, monkeypatch, editor, reviewer, mail
):
    taken = add_take(app, editor)
    tell(app, config, monkeypatch)
    [(to, message)] = mail.received
    assert to == [reviewer.email] and "waits for review" in message["Subject"]
    assert "Erin Editor recorded" in message.get_content()

    settings = services(app).settings
    with app.test_request_context(), new_session(app) as session:
        take = session.get(Recording, taken)
        assert take is not None
        service.approve(session, item(app), take, session.get(User, reviewer.id),
                        settings.content_dir, settings.audio_dir, service.heard(take))  # fmt: skip
    tell(app, config, monkeypatch)
    to, message = mail.received[-1]
    assert "published" in message["Subject"] and to == [editor.email]  # not who published


def test_a_recording_turned_down_is_told_to_its_maker(
    app, config, monkeypatch, editor, reviewer, mail
):
    taken = add_take(app, editor)
    with app.test_request_context(), new_session(app) as session:
        take = session.get(Recording, taken)
        assert take is not None
        service.refuse(session, item(app), take, session.get(User, reviewer.id))
    tell(app, config, monkeypatch)
    [to] = [to for to, message in mail.received if "turned down" in message["Subject"]]
    assert to == [editor.email]
