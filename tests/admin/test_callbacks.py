"""Call-back requests in the admin (`/admin/callbacks`): only the desk and admins
(handle_callbacks) see the numbers, each read in the trail; a request is marked only with
the form's CSRF token and a known outcome; everyone else gets 403, sees no number and leaves
no trace; nothing a browser sends makes a 500."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from sqlalchemy import select

from app.callbacks.models import CallbackRequest, State
from app.callbacks.store import keep
from app.db.session import new_session
from app.privacy import kept_number_key, seal_kept
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.line import SECRET_KEY
from tests.support.numbers import MOBILE

PAGE = "/admin/callbacks"


def asked(app: Flask, number: str = MOBILE, lang: str = "cy") -> int:
    """A request as the worker keeps one."""
    with new_session(app) as session:
        row = keep(session, seal_kept(SECRET_KEY, number), kept_number_key(SECRET_KEY, number),
                   lang, "unanswered", dt.datetime.now(dt.UTC))  # fmt: skip
        assert row is not None
        return row.id


def state_of(app: Flask, request_id: int) -> str:
    with new_session(app) as session:
        return session.scalars(
            select(CallbackRequest.state).where(CallbackRequest.id == request_id)
        ).one()


def mark(client, request_id: int, outcome: str, token: str | None = None):  # type: ignore[no-untyped-def]
    token = csrf(client, "/admin/account") if token is None else token
    return client.post(f"{PAGE}/{request_id}", data={"outcome": outcome, "csrf_token": token})


@pytest.mark.parametrize("role", ["editor", "reviewer"])
def test_nobody_without_handle_callbacks_sees_the_numbers_or_marks_one(app: Flask, redis, role):
    request_id = asked(app)
    client = signed_in(app.test_client(), add_person(app, role))
    page = client.get(PAGE)
    assert page.status_code == 403 and MOBILE not in page.get_data(as_text=True)
    assert mark(client, request_id, "called").status_code == 403
    assert state_of(app, request_id) == State.OPEN
    assert not any(e.action in ("callbacks.read", "callbacks.called") for e in trail(app))
    assert 'href="/admin/callbacks"' not in client.get("/admin/account").get_data(as_text=True)


@pytest.mark.parametrize("role", ["desk", "admin"])
def test_the_desk_and_admins_see_the_numbers_and_mark_them_each_in_the_trail(
    app: Flask, redis, role
):
    request_id = asked(app)
    person = add_person(app, role, name="Sam Staff")
    client = signed_in(app.test_client(), person)
    assert 'href="/admin/callbacks"' in client.get("/admin/account").get_data(as_text=True)
    page = client.get(PAGE).get_data(as_text=True)
    assert MOBILE in page and "Welsh" in page and "nobody answered" in page
    assert mark(client, request_id, "unreached").status_code == 303
    assert state_of(app, request_id) == State.UNREACHED
    read, marked = [e for e in trail(app) if e.action.startswith("callbacks.") and e.actor_id]
    assert (read.action, marked.action) == ("callbacks.read", "callbacks.unreached")
    assert read.actor_id == marked.actor_id == person.id
    assert json.loads(read.detail)["shown"] == 1 and MOBILE[-10:] not in marked.detail
    again = mark(client, request_id, "called")  # marked already: said, nothing changed
    assert again.status_code == 303 and state_of(app, request_id) == State.UNREACHED
    assert "already marked" in client.get(PAGE).get_data(as_text=True)


def test_a_mark_without_the_forms_token_changes_nothing(app: Flask, redis):
    request_id = asked(app)
    client = signed_in(app.test_client(), add_person(app, "desk"))
    answer = mark(client, request_id, "called", token="")
    assert answer.status_code != 303 and state_of(app, request_id) == State.OPEN


BAD = [("1", "done"), ("1", ""), ("999999", "called"), ("9" * 200, "called"), ("x", "called")]


@pytest.mark.parametrize(("path", "outcome"), BAD)
def test_bad_marks_are_refused_politely(app: Flask, redis, path, outcome):
    client = signed_in(app.test_client(), add_person(app, "desk"))
    token = csrf(client, "/admin/account")
    answer = client.post(f"{PAGE}/{path}", data={"outcome": outcome, "csrf_token": token})
    assert answer.status_code in (303, 400, 404)
