"""My account: changing my password, replacing my authenticator app, new recovery codes."""

from __future__ import annotations

import re

import pyotp
import pytest

from app import create_app
from app.admin import auth
from tests.support.admin import PASSWORD, add_person, csrf, fresh_code, sign_in, trail
from tests.support.first_sign_in import mailbox
from tests.support.live_server import free_port

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

NEW_PASSWORD = "gravel harbour quietly onions"


def _change(client, current: str, new: str, again: str | None = None):
    data = {"current": current, "new": new, "again": new if again is None else again,
            "csrf_token": csrf(client, "/admin/account")}  # fmt: skip
    return client.post("/admin/account/password", data=data)


def test_the_page_shows_who_i_am_and_my_role(admin):
    html = admin.get("/admin/account").get_data(as_text=True)
    assert "Ada Admin" in html and "Manages accounts" in html and "10 unused recovery" in html


def test_changing_my_password_ends_my_other_sessions_but_not_this_one(app, client, redis):
    me = add_person(app, "reviewer", name="Rhian Reviewer")
    elsewhere = app.test_client()
    assert sign_in(client, me).status_code == 302
    assert sign_in(elsewhere, me).status_code == 302
    answer = _change(client, PASSWORD, NEW_PASSWORD)
    assert answer.status_code == 302
    assert client.get("/admin/account").status_code == 200
    assert elsewhere.get("/admin/account").status_code == 302
    entry = [e for e in trail(app) if e.action == "password.changed"][-1]
    assert (entry.actor_name, entry.client) == ("Rhian Reviewer", "127.0.0.1")
    assert NEW_PASSWORD not in entry.detail and PASSWORD not in entry.detail


@pytest.mark.parametrize(
    ("current", "new", "again", "message"),
    [
        ("wrong current password", NEW_PASSWORD, None, "Your current password is not right."),
        (PASSWORD, "too short", None, "at least 12 characters"),
        (PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x", "not the same"),
        (PASSWORD, PASSWORD, None, "must be different"),
        (PASSWORD, "Ada Admin rules the line", None, "your name"),
    ],
)
def test_a_bad_change_of_password_gets_a_message_and_changes_nothing(
    admin, app, person, current, new, again, message
):
    entries = len(trail(app))
    answer = _change(admin, current, new, again)
    assert answer.status_code == 422 and message in answer.get_data(as_text=True)
    assert len(trail(app)) == entries
    assert sign_in(app.test_client(), person).status_code == 302  # the old password works


def _replace_app(client, person, password: str, current: str):
    """The new-phone page: (its new secret, the answer to confirming it)."""
    page = client.get("/admin/account/second-factor").get_data(as_text=True)
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    data = {"password": password, "current_code": current, "code": pyotp.TOTP(secret).now(),
            "csrf_token": csrf(client, "/admin/account/second-factor")}  # fmt: skip
    return secret, client.post("/admin/account/second-factor", data=data)


def _new_codes(client, password: str, current: str):
    data = {"password": password, "current_code": current,
            "csrf_token": csrf(client, "/admin/account")}  # fmt: skip
    return client.post("/admin/account/recovery-codes", data=data)


def test_replacing_the_app_takes_my_password_a_code_from_each_app_and_ends_other_sessions(
    app, client, redis
):
    me = add_person(app, "editor", name="Eddie Editor")
    elsewhere = app.test_client()
    sign_in(client, me)
    sign_in(elsewhere, me)
    token = csrf(client, "/admin/account/second-factor")
    wrong = client.post(
        "/admin/account/second-factor", data={"code": "000000", "csrf_token": token}
    )
    assert wrong.status_code == 422
    _, done = _replace_app(client, me, PASSWORD, fresh_code(app, me))
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    assert client.get("/admin/account").status_code == 200
    assert elsewhere.get("/admin/account").status_code == 302
    entry = [e for e in trail(app) if e.action == "second_factor.set_up"][-1]
    assert entry.actor_name == "Eddie Editor" and entry.details["replaced"] is True


@pytest.mark.parametrize("missing", ["password", "code", "both"])
def test_with_a_session_alone_nobody_can_replace_the_app_or_the_recovery_codes(
    admin, app, person, missing
):
    password = "" if missing in ("password", "both") else PASSWORD
    current = "" if missing in ("code", "both") else fresh_code(app, person)
    changes = ("second_factor.set_up", "recovery_codes.replaced")
    before = [e.id for e in trail(app) if e.action in changes]
    _, replaced = _replace_app(admin, person, password, current)
    made = _new_codes(admin, password, current)
    for answer in (replaced, made):
        assert answer.status_code == 422 and "<li><code>" not in answer.get_data(as_text=True)
    assert "not right" in made.get_data(as_text=True)
    assert [e.id for e in trail(app) if e.action in changes] == before
    assert sign_in(app.test_client(), person).status_code == 302  # the old app still works


def test_new_recovery_codes_replace_the_old_ones(admin, app, person):
    first = _new_codes(admin, PASSWORD, fresh_code(app, person))
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code>", first.get_data(as_text=True))
    second = _new_codes(admin, PASSWORD, codes[0])  # a recovery code proves it is me, once
    again = re.findall(r"<li><code>([A-Z0-9-]+)</code>", second.get_data(as_text=True))
    assert len(codes) == len(again) == 10 and not set(codes) & set(again)
    assert [e.action for e in trail(app)][-2:] == ["recovery_codes.replaced"] * 2


def test_guessing_my_password_from_my_session_is_throttled(admin, app, person):
    for _ in range(auth.ACCOUNT_LIMIT):
        assert _new_codes(admin, "a guess at the password", "123456").status_code == 422
    assert _new_codes(admin, PASSWORD, fresh_code(app, person)).status_code == 429


def test_each_change_is_told_to_my_own_address(config, redis):
    with mailbox() as box:
        app = create_app({**config, **box.settings()})
        me = add_person(app, "reviewer", name="Rhian Reviewer")
        client = app.test_client()
        sign_in(client, me)
        _new_codes(client, PASSWORD, fresh_code(app, me))
        _replace_app(client, me, PASSWORD, fresh_code(app, me))
        assert _change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    assert [to for to, _ in box.received] == [[me.email]] * 3
    bodies = [message.get_content() for _, message in box.received]
    assert ["recovery codes" in bodies[0], "authenticator app" in bodies[1],
            "password was changed" in bodies[2]] == [True] * 3  # fmt: skip
    assert not any(PASSWORD in body or NEW_PASSWORD in body for body in bodies)


def test_a_change_goes_through_when_the_mail_server_is_away(config, redis):
    app = create_app({**config, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(free_port()),
                      "SMTP_STARTTLS": "false"})  # fmt: skip
    me = add_person(app, "editor")
    client = app.test_client()
    sign_in(client, me)
    assert _change(client, PASSWORD, NEW_PASSWORD).status_code == 302
    assert client.get("/admin/account").status_code == 200


def test_a_stolen_session_guessing_passwords_never_holds_the_owner_at_the_code_step(app, redis):
    me = add_person(app, "reviewer")
    owner = app.test_client()
    assert sign_in(owner, me).status_code == 302
    cookie = owner.get_cookie("line_admin")
    assert cookie is not None
    for n in range(auth.CODE_LIMIT // auth.ACCOUNT_LIMIT + 1):  # the thief, from several places
        thief = app.test_client()
        thief.environ_base["REMOTE_ADDR"] = f"203.0.113.{n + 1}"
        thief.set_cookie("line_admin", cookie.value)
        for _ in range(auth.ACCOUNT_LIMIT):
            assert _new_codes(thief, "a guess at the password", "123456").status_code == 422
    elsewhere = app.test_client()
    elsewhere.environ_base["REMOTE_ADDR"] = "198.51.100.9"
    assert sign_in(elsewhere, me).status_code == 302  # password, then a right code: in
