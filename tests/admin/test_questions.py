"""Unanswered questions in the admin: only an admin turns keeping on or off (Settings), each
change in the trail; only reviewers read what is kept (/admin/questions), each read in the
trail with how many were shown; everyone else gets 403 and leaves no trace."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from sqlalchemy import select

from app.ask.kept import KEPT_DAYS
from app.ask.models import KeptQuestion, QuestionKeeping
from app.db.session import new_session
from app.services import services
from tests.support import shipped
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.answer_files import ANSWER, add_test_answer, near_question

SETTINGS = "/admin/settings"


@pytest.fixture
def content_dir(content_dir):  # type: ignore[no-untyped-def]
    return add_test_answer(content_dir)  # the tests' own short answer, beside the shipped


def keeping_in_database(app: Flask) -> bool:
    with new_session(app) as session:
        row = session.scalar(select(QuestionKeeping))
        return bool(row and row.enabled)


def change(client, choice: str):  # type: ignore[no-untyped-def]
    token = csrf(client, "/admin/account")
    return client.post(SETTINGS + "/questions", data={"keeping": choice, "csrf_token": token})


def test_keeping_is_off_until_an_admin_turns_it_on_and_each_change_is_audited(
    app: Flask, admin, person, redis
):
    page = admin.get(SETTINGS).get_data(as_text=True)
    assert 'id="keeping-state">Now: <strong>off</strong>' in page
    assert f"at most {KEPT_DAYS} days" in page and "reviewers only" in page
    assert "<script" not in page and "style=" not in page and "<style" not in page
    assert change(admin, "on").status_code == 303
    assert keeping_in_database(app) and redis.get("nmline:ask:keeping") == b"on"
    assert "<strong>on</strong>" in admin.get(SETTINGS).get_data(as_text=True)
    assert change(admin, "off").status_code == 303
    assert not keeping_in_database(app) and redis.get("nmline:ask:keeping") == b"off"
    changes = [e for e in trail(app) if e.action.startswith("questions.keeping")]
    assert [e.action for e in changes] == ["questions.keeping_on", "questions.keeping_off"]
    assert all(e.actor_id == person.id and e.actor_name == "Ada Admin" for e in changes)
    assert json.loads(changes[1].detail)["removed"] == 0


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_nobody_else_can_turn_keeping_on(app: Flask, redis, role):
    client = signed_in(app.test_client(), add_person(app, role))
    assert client.get(SETTINGS).status_code == 403
    assert change(client, "on").status_code == 403
    assert not keeping_in_database(app) and redis.get("nmline:ask:keeping") is None
    assert not any(e.action.startswith("questions.") for e in trail(app))


def test_a_choice_that_is_neither_on_nor_off_changes_nothing(app: Flask, admin):
    assert change(admin, "maybe").status_code == 400
    assert not keeping_in_database(app)


def test_reviewers_read_the_questions_newest_first_and_each_read_is_audited(app: Flask, redis):
    today = dt.date.today()
    with new_session(app) as session:
        session.add_all([
            KeptQuestion(words="can I bring my dog", lang="en", via="phone",
                         day=today - dt.timedelta(days=3)),
            KeptQuestion(words="czy mogę prowadzić", lang="pl", via="text", day=today),
            KeptQuestion(words="from too long ago", lang="en", via="phone",
                         day=today - dt.timedelta(days=KEPT_DAYS)),
        ])  # fmt: skip
        session.commit()
    reviewer = add_person(app, "reviewer", name="Rhys Reviewer")
    page = signed_in(app.test_client(), reviewer).get("/admin/questions")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index("czy mogę prowadzić") < html.index("can I bring my dog")
    assert "<td>pl</td><td>text</td>" in html and "from too long ago" not in html
    assert "<script" not in html and "style=" not in html and "<style" not in html
    [read] = [e for e in trail(app) if e.action == "questions.read"]
    assert read.actor_id == reviewer.id and json.loads(read.detail)["shown"] == 2


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_nobody_else_reads_the_questions(app: Flask, redis, role):
    with new_session(app) as session:
        session.add(KeptQuestion(words="can I bring my dog", lang="en", via="phone",
                                 day=dt.date.today()))  # fmt: skip
        session.commit()
    answer = signed_in(app.test_client(), add_person(app, role)).get("/admin/questions")
    assert answer.status_code == 403 and "dog" not in answer.get_data(as_text=True)
    assert not any(e.action == "questions.read" for e in trail(app))


def kept_row(app: Flask, words: str, via: str = "phone"):  # type: ignore[no-untyped-def]
    """A question kept today, and its row of the reviewers' page (with the reviewer's client)."""
    with new_session(app) as session:
        session.add(KeptQuestion(words=words, lang="en", via=via, day=dt.date.today()))
        session.commit()
    reviewer = signed_in(app.test_client(), add_person(app, "reviewer"))
    html = reviewer.get("/admin/questions").get_data(as_text=True)
    return reviewer, html[html.index("<tbody>") :].split("</tr>")[0]


def test_each_question_shows_what_the_line_does_with_it_now_linked_to_where_its_asks_are(
    app: Flask, redis
):
    english = shipped.library()
    topic = sorted(a for a in english.articles if not english.articles[a].is_procedure)[0]
    words = f"erm {english.articles[topic].title} zebra zither"  # its title, and words none has
    reviewer, row = kept_row(app, words)
    assert f'<a href="/admin/content/en/{topic}">' in row
    assert reviewer.get(f"/admin/content/en/{topic}").status_code == 200  # where its asks are


def test_a_question_the_line_answers_now_links_to_the_short_answer_that_answers_it(
    app: Flask, redis
):
    english = shipped.library()
    answer = sorted(english.answers)[0]
    _, row = kept_row(app, english.answers[answer].question, via="text")
    assert "answers it from" in row and f'<a href="/admin/content/en/{answer}">' in row


def test_a_question_the_line_is_not_sure_of_shows_the_answer_it_names_first(app: Flask, redis):
    english = services(app).speaker.libraries["en"]
    _, row = kept_row(app, near_question(english))
    named = english.answers[ANSWER].question.rstrip("?")
    assert f'names first <a href="/admin/content/en/{ANSWER}">{named}</a>' in row, row
