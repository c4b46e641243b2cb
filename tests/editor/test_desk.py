"""Nothing lost at the desk: the same save sent twice (one after the other, or at once) is
kept once and never a 500; a draft can be thrown away, by its author or a reviewer, after a
confirmation; a form sent after the session ended leads to sign-in and back to the page."""

from __future__ import annotations

import html
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.editor import documents
from tests.support.admin import add_person, csrf, fresh_code, trail
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    as_person,
    change_body,
    edit_form,
    old_words,
    said,
    topic_file,
)
from tests.support.edits import replaced
from tests.support.forms import form_values

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

SOURCES = "NHS: Radionuclide scan, nhs.uk, checked 2026"


def changed_form(client: FlaskClient, action: str = "save") -> dict[str, str]:
    form = edit_form(client)
    if NEW_WORDS not in form["body"]:  # else kept from an earlier change of the draft
        form["body"] = replaced(form["body"], old_words(), NEW_WORDS)
    form.update(sources=form.get("sources") or SOURCES, note="Clearer", action=action)
    return form


def saves(app: Flask) -> list[Any]:
    return [e for e in trail(app) if e.action == "content.draft_saved"]


@pytest.mark.parametrize("action", ["save", "submit"])
def test_the_same_save_sent_twice_is_kept_once(app: Flask, editing: FlaskClient, action: str):
    form = changed_form(editing, action)
    first, second = (editing.post(TOPIC, data=form) for _ in range(2))
    assert (first.status_code, second.status_code) == (302, 302), said(second)
    assert len(saves(app)) == 1
    assert edit_form(editing)["body"].count(NEW_WORDS) == 1
    submitted = [e for e in trail(app) if e.action == "content.submitted"]
    assert len(submitted) == (1 if action == "submit" else 0)


def at_once(monkeypatch: pytest.MonkeyPatch, posts: list[Callable[[], Any]]) -> list[Any]:
    """Run the posts in threads, each held after reading the draft until all have read it,
    so that every one passes the revision check before any writes."""
    barrier = threading.Barrier(len(posts), timeout=10)
    original = documents.find_or_make

    def held(session, key):  # type: ignore[no-untyped-def]
        found = original(session, key)
        _ = found.draft and found.draft.revision  # read, as the save does
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # a later call (none of the racing ones)
        return found

    monkeypatch.setattr(documents, "find_or_make", held)
    answers: list[Any] = [None] * len(posts)

    def run(i: int) -> None:
        answers[i] = posts[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(posts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers


@pytest.mark.parametrize("draft_first", [False, True], ids=["new-draft", "open-draft"])
def test_two_clicks_at_once_save_once_and_never_fail(
    app: Flask, editor, redis, monkeypatch: pytest.MonkeyPatch, draft_first: bool
):
    a, b = as_person(app, editor), as_person(app, editor)
    if draft_first:
        assert change_body(a, "save").status_code == 302
    form = changed_form(a)
    form["body"] += "\n\nOne more sentence."
    answers = at_once(monkeypatch, [lambda: a.post(TOPIC, data=form),
                                    lambda: b.post(TOPIC, data={**form, "csrf_token": csrf(
                                        b, TOPIC)})])  # fmt: skip
    assert [r.status_code for r in answers] == [302, 302], [said(r) for r in answers]
    assert len(saves(app)) == (2 if draft_first else 1)
    assert edit_form(a)["body"].count("One more sentence.") == 1


def test_two_different_saves_at_once_one_wins_the_other_is_told(
    app: Flask, editor, redis, monkeypatch: pytest.MonkeyPatch
):
    other = add_person(app, "editor", name="Eli Editor")
    a, b = as_person(app, editor), as_person(app, other)
    assert change_body(a, "save").status_code == 302
    mine, theirs = changed_form(a), changed_form(b)
    mine["body"] += "\n\nMine."
    theirs["body"] += "\n\nTheirs."
    answers = at_once(monkeypatch, [lambda: a.post(TOPIC, data=mine),
                                    lambda: b.post(TOPIC, data=theirs)])  # fmt: skip
    assert sorted(r.status_code for r in answers) == [302, 409], [said(r) for r in answers]
    told = next(r for r in answers if r.status_code == 409).get_data(as_text=True)
    body = edit_form(a)["body"]
    assert ("Mine." in body) != ("Theirs." in body)  # one kept, and the other...
    assert ("Theirs." if "Mine." in body else "Mine.") in told  # ...shown to its writer


def words_shown(page: Any) -> str:
    """The page's text as a person reads it (a diff's pieces joined up again)."""
    return html.unescape(re.sub(r"<[^>]+>", "", page.get_data(as_text=True)))


def discard_confirmation(client: FlaskClient) -> dict[str, str]:
    form = form_values(client.get(TOPIC).get_data(as_text=True), "discard-form")
    page = client.post(TOPIC, data={**form, "action": "discard"})
    assert page.status_code == 200, said(page)
    assert "the team who asked" in words_shown(page)  # what would be lost, shown first
    return form_values(page.get_data(as_text=True), "discard-confirm")


@pytest.mark.parametrize("who", ["author", "reviewer"])
def test_a_draft_is_thrown_away_after_a_confirmation(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, who: str
):
    before = topic_file(app)
    change_body(editing, "submit")
    client = editing if who == "author" else reviewing
    confirm = discard_confirmation(client)
    assert "A draft is waiting for review" in editing.get(TOPIC).get_data(as_text=True)
    done = client.post(TOPIC, data={**confirm, "action": "discard"})
    assert done.status_code == 302, said(done)
    page = editing.get(TOPIC).get_data(as_text=True)
    assert 'id="draft-state"' not in page and NEW_WORDS not in page
    assert topic_file(app) == before
    (entry,) = [e for e in trail(app) if e.action == "content.draft_discarded"]
    assert entry.actor_name == ("Erin Editor" if who == "author" else "Rhys Reviewer")


@pytest.mark.parametrize("role", ["editor", "admin"])
def test_only_its_author_or_a_reviewer_throws_a_draft_away(
    app: Flask, editing: FlaskClient, role: str
):
    change_body(editing, "save")
    stranger = as_person(app, add_person(app, role, name="Sam Stranger"))
    assert 'id="discard-form"' not in stranger.get(TOPIC).get_data(as_text=True)
    form = {**discard_confirmation(editing), "csrf_token": csrf(stranger, TOPIC)}
    refused = stranger.post(TOPIC, data={**form, "action": "discard"})
    assert refused.status_code == 403
    assert edit_form(editing)["body"].count(NEW_WORDS) == 1


def test_a_throw_away_confirmed_before_a_new_save_keeps_the_draft(app: Flask, editing: FlaskClient):
    change_body(editing, "save")
    confirm = discard_confirmation(editing)
    change_body(editing, "save", note="a later change")
    refused = editing.post(TOPIC, data={**confirm, "action": "discard"})
    assert refused.status_code == 409
    assert edit_form(editing)["note"] == "a later change"


@pytest.mark.parametrize("how", ["idle", "cookie gone"])
def test_a_save_after_the_session_ended_leads_to_sign_in_and_back(
    app: Flask, editor, redis, how: str
):
    client = as_person(app, editor)
    form = changed_form(client)
    if how == "idle":
        with client.session_transaction("/admin/") as cookie:
            cookie["seen"] = 0  # idle for longer than the limit
    else:
        client.delete_cookie("line_admin", path="/")
    sent = client.post(TOPIC, data=form)
    assert sent.status_code in (302, 303)
    assert sent.location.startswith("/admin/login?next=/admin/content/en/your-results")
    assert not saves(app)  # nothing saved: the words are kept in the browser (editor.js)
    login = client.get(sent.location)
    assert login.status_code == 200
    typed = {"email": editor.email, "password": editor.password, "csrf_token": csrf(client,
             sent.location)}  # fmt: skip
    assert client.post(sent.location, data=typed).status_code == 302
    code = {"code": fresh_code(app, editor), "csrf_token": csrf(client, "/admin/login/code")}
    back = client.post("/admin/login/code", data=code)
    assert back.location == TOPIC
