"""Staff news reaches the people who act on it and the reminders' destinations, once per
piece of news however often it is announced: a call-back request the desk and the admins,
never an editor or a reviewer."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from app import create_app
from app.accounts.models import User
from app.accounts.staff_news import News, announce, recipients
from app.db.session import new_session
from app.services import services
from tests.support.admin import add_person, trail
from tests.support.first_sign_in import Mailbox, mailbox

OUTSIDE = "nm-team@hospital.example"


@pytest.fixture
def mail() -> Iterator[Mailbox]:
    with mailbox() as box:
        yield box


@pytest.fixture
def config(config: dict[str, str], database_url: str, mail: Mailbox) -> dict[str, str]:
    return {**config, "DATABASE_URL": database_url, **mail.settings(), "REMINDERS_EMAIL": OUTSIDE}


@pytest.fixture
def people(app: Flask) -> dict[str, str]:
    """One active person of each role, and a desk person whose account is switched off."""
    found = {role: add_person(app, role, name=f"{role.title()} Person").email
             for role in ("editor", "reviewer", "admin", "desk")}  # fmt: skip
    gone = add_person(app, "desk", name="Former Desk")
    with new_session(app) as session:
        user = session.get(User, gone.id)
        assert user is not None
        user.active = False
        session.commit()
    return found


def tell(app: Flask, news: News, key: str) -> bool:
    with new_session(app) as session:
        settings = services(app).settings
        return announce(session, settings, news, key, "Information line: news",
                        "Something waits: see the admin.")  # fmt: skip


def test_a_callback_request_reaches_the_desk_and_the_admins_never_an_editor(
    app, people, mail, redis
):
    assert tell(app, News.CALLBACK_REQUESTED, "callback/1")
    [(to, message)] = mail.received
    assert to == sorted([people["desk"], people["admin"], OUTSIDE])
    assert people["editor"] not in to and people["reviewer"] not in to
    assert message.get_content().strip() == "Something waits: see the admin."


def test_the_same_news_told_twice_is_sent_once(app, people, mail, redis):
    assert tell(app, News.SUBMITTED, "topic/en/x#7")
    assert not tell(app, News.SUBMITTED, "topic/en/x#7")  # a retry, a second worker
    assert tell(app, News.SUBMITTED, "topic/en/x#8")  # the next submission is news again
    assert [to for to, _ in mail.received] == [sorted([people["reviewer"], OUTSIDE])] * 2
    assert [e.outcome for e in trail(app) if e.action == "news.announced"] == ["ok", "ok"]


def test_each_piece_of_news_reaches_those_who_act_on_it(app, people, redis):
    whose = add_person(app, "editor", name="Erin Author")
    with new_session(app) as session:
        assert recipients(session, News.SUBMITTED) == [people["reviewer"]]
        assert recipients(session, News.SENT_BACK, [whose.id]) == [whose.email]
        assert recipients(session, News.PUBLISHED, [whose.id]) == sorted(
            [whose.email, people["reviewer"]]
        )
        assert sorted(recipients(session, News.CALLBACK_REQUESTED, [whose.id])) == sorted(
            [people["admin"], people["desk"]]
        )  # an author is never told of a call-back


def test_with_nowhere_to_send_nobody_is_told_and_the_trail_says_so(config, redis):
    bare = {k: v for k, v in config.items() if not k.startswith(("SMTP_", "REMINDERS_"))}
    app = create_app(bare)
    assert not tell(app, News.CALLBACK_REQUESTED, "callback/2")  # no desk, no admin either
    [entry] = [e for e in trail(app) if e.action == "news.announced"]
    assert entry.outcome == "failed" and entry.details["reached"] == "nobody"


def test_a_number_that_slipped_into_the_news_never_leaves_the_line(app, people, mail, redis):
    with new_session(app) as session:
        settings = services(app).settings
        said = "Ring 07700 900123 (NHS 943 476 5919) today."
        announce(session, settings, News.CALLBACK_REQUESTED, "callback/3",
                 "Call back 07700 900123", said)  # fmt: skip
    [(_, message)] = mail.received
    shown = message["Subject"] + message.get_content()
    assert "900123" not in shown and "5919" not in shown and "[removed]" in shown
