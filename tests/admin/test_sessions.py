"""Sessions that really end: a record on the server for each sign-in, deleted at sign-out and
at a change of password or second factor, refused after SESSION_MAX_HOURS however busy the
person, and closed politely when Redis is away. On SQLite and PostgreSQL."""

from __future__ import annotations

import dataclasses
import time
from urllib.parse import unquote

import pytest
from redis import Redis

from app import create_app, redis_keys
from app.accounts import service
from app.db.session import new_session
from app.services import services
from app.settings_values import SettingsError
from tests.support.admin import add_person, csrf, sign_in
from tests.support.live_server import free_port

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

COOKIE = "line_admin"


def _copy(client, app):
    """Another browser holding a copy of `client`'s session cookie, as a thief would."""
    thief = app.test_client()
    thief.set_cookie(COOKIE, client.get_cookie(COOKIE).value)
    return thief


def _sign_out(client) -> None:
    answer = client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    assert answer.status_code == 302


def _sent_to_sign_in(answer) -> bool:
    return answer.status_code == 302 and answer.headers["Location"].startswith("/admin/login")


def test_a_cookie_copied_before_sign_out_opens_nothing_after_it(client, app, redis):
    person = add_person(app, "admin")
    assert sign_in(client, person).status_code == 302
    thief = _copy(client, app)
    assert thief.get("/admin/people").status_code == 200  # the copy works while signed in
    _sign_out(client)
    assert _sent_to_sign_in(thief.get("/admin/people"))
    assert _sent_to_sign_in(client.get("/admin/people"))
    assert not redis.keys(redis_keys.admin_session("*"))


def test_changing_my_password_ends_copies_of_this_session_too(client, app, redis):
    person = add_person(app, "editor")
    sign_in(client, person)
    thief = _copy(client, app)
    new = "gravel harbour quietly onions"
    data = {"current": person.password, "new": new, "again": new,
            "csrf_token": csrf(client, "/admin/account")}  # fmt: skip
    assert client.post("/admin/account/password", data=data).status_code == 302
    assert client.get("/admin/account").status_code == 200  # this person goes on, anew
    assert _sent_to_sign_in(thief.get("/admin/account"))
    assert len(redis.keys(redis_keys.admin_session("*"))) == 1


def test_a_deactivated_persons_session_record_is_refused_and_deleted(client, app, redis, person):
    other = add_person(app, "editor")
    sign_in(client, other)
    with new_session(app) as session:
        me = service.get_user(session, person.id)
        service.deactivate(session, service.get_user(session, other.id), me)
    assert _sent_to_sign_in(client.get("/admin/"))
    assert not redis.keys(redis_keys.admin_session("*"))


def _busy_until(client, monkeypatch, hours: float) -> list[int]:
    """Use the admin every 25 minutes for `hours`; the answers, in order."""
    real, answers = time.time, []
    for minutes in range(25, int(hours * 60) + 1, 25):
        monkeypatch.setattr(time, "time", lambda m=minutes: real() + m * 60)
        answers.append(client.get("/admin/").status_code)
    return answers


def test_a_session_ends_after_12_hours_however_busy(client, app, redis, monkeypatch):
    person = add_person(app, "reviewer")
    sign_in(client, person)
    (key,) = redis.keys(redis_keys.admin_session("*"))
    assert 11 * 3600 < redis.ttl(key) <= 12 * 3600  # Redis forgets it by then, too
    answers = _busy_until(client, monkeypatch, 12.5)
    assert answers[: 12 * 60 // 25] == [200] * (12 * 60 // 25)
    assert answers[-1] == 302


def test_session_max_hours_sets_the_lifetime_and_is_checked_at_start_up(config, redis, monkeypatch):
    app = create_app({**config, "SESSION_MAX_HOURS": "1"})
    client = app.test_client()
    sign_in(client, add_person(app, "editor"))
    assert _busy_until(client, monkeypatch, 1.5) == [200, 200, 302]
    for wrong in ("0", "25", "twelve", "-1"):
        with pytest.raises(SettingsError, match="SESSION_MAX_HOURS"):
            create_app({**config, "SESSION_MAX_HOURS": wrong})


def test_redis_never_holds_the_session_id_the_cookie_carries(client, app, redis):
    sign_in(client, add_person(app, "editor"))
    cookie = app.session_interface.get_signing_serializer(app).loads(
        client.get_cookie(COOKIE).value
    )
    everything = b" ".join(redis.keys("*")) + b" ".join(
        v for k in redis.keys(redis_keys.admin_sessions_of("*")) for v in redis.smembers(k)
    )
    assert len(cookie["sid"]) >= 40 and cookie["sid"].encode() not in everything


def _redis_away(app) -> None:
    dead = Redis(port=free_port(), socket_connect_timeout=0.2, socket_timeout=0.2)
    app.extensions["nmline"] = dataclasses.replace(services(app), redis=dead)


def test_with_redis_away_the_admin_is_closed_politely(client, app, redis, person):
    sign_in(client, person)
    stranger = app.test_client()
    token = csrf(stranger)
    _redis_away(app)
    for answer in (
        client.get("/admin/people"),
        client.get("/admin/login"),
        stranger.post(
            "/admin/login",
            data={"email": person.email, "password": person.password, "csrf_token": token},
        ),  # fmt: skip
    ):
        assert answer.status_code == 503
        assert "not available just now" in answer.get_data(as_text=True)
    assert _sent_to_sign_in(stranger.get("/admin/people"))  # never signed in: asked to


@pytest.mark.parametrize(
    "path", ["/admin/people", "/admin/account/password", "/admin/recordings/en/prompt:welcome"]
)
def test_a_form_sent_after_the_session_ended_leads_to_sign_in_and_back(client, app, redis, path):
    person = add_person(app, "admin")
    assert sign_in(client, person).status_code == 302
    token = csrf(client, "/admin/")
    client.delete_cookie(COOKIE, path="/")  # the session ended while the form was open
    answer = client.post(path, data={"csrf_token": token, "name": "typed"})
    assert answer.status_code in (302, 303)
    assert unquote(answer.headers["Location"]) == f"/admin/login?next={path}"
