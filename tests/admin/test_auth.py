"""Signing in to the admin in two steps, the first set-up of the second factor, throttling,
sessions that end, and signing out: on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from sqlalchemy import text

from app.accounts import totp
from app.accounts.signin import NOT_AN_ACCOUNT
from app.admin import auth
from app.db.session import new_session
from tests.support.admin import PASSWORD, add_person, csrf, fresh_code, sign_in, step_now, trail


def _password_step(client, email: str, password: str = PASSWORD, next_path: str = ""):
    path = "/admin/login" + (f"?next={next_path}" if next_path else "")
    data = {"email": email, "password": password, "csrf_token": csrf(client)}
    return client.post(path, data=data)


def _code_step(client, code: str):
    token = csrf(client, "/admin/login/code")
    return client.post("/admin/login/code", data={"code": code, "csrf_token": token})


def test_a_person_signs_in_with_their_password_then_their_code(client, app, redis):
    person = add_person(app, "editor", name="Eddie Editor")
    first = _password_step(client, person.email)
    assert first.headers["Location"].endswith("/admin/login/code")
    assert client.get("/admin/").status_code == 302  # the password alone opens nothing
    second = _code_step(client, fresh_code(app, person))
    assert second.status_code == 302 and second.headers["Location"].endswith("/admin/")
    page = client.get("/admin/").get_data(as_text=True)
    assert "Eddie Editor (editor)" in page
    actions = [(e.action, e.actor_name, e.client) for e in trail(app)]
    assert ("sign_in.succeeded", "Eddie Editor", "127.0.0.1") in actions


def test_a_wrong_password_gets_the_same_message_as_an_unknown_email(client, app, redis):
    person = add_person(app, "reviewer")
    wrong = _password_step(client, person.email, "not the right password at all")
    unknown = _password_step(client, "nobody@hospital.example")
    for answer in (wrong, unknown):
        assert answer.status_code == 401
        assert auth.WRONG_PASSWORD in answer.get_data(as_text=True)
    failed = [e for e in trail(app) if e.action == "sign_in.failed"]
    assert [e.details["name_tried"] for e in failed] == [person.email, NOT_AN_ACCOUNT]
    assert [e.object_id for e in failed] == [str(person.id), None]
    assert all("not the right password" not in e.detail for e in failed)
    assert "nobody" not in failed[1].detail


@pytest.mark.parametrize("typed", ["Purple@Elephant42!", "tulip lantern orbit marmalade"])
def test_a_password_typed_into_the_email_box_is_nowhere_in_the_audit_table(
    client, app, redis, typed
):
    add_person(app, "admin")
    assert _password_step(client, typed, "some other words").status_code == 401
    assert _password_step(client, typed, typed).status_code == 401
    with new_session(app) as session:
        rows = session.execute(text("SELECT * FROM audit_entries")).all()
    assert len(rows) >= 3 and typed.lower() not in repr(rows).lower()


@pytest.mark.parametrize("how", ["wrong", "reused", "letters"])
def test_a_wrong_or_reused_code_is_refused_and_signs_nobody_in(client, app, redis, how):
    person = add_person(app, "admin")
    if how == "reused":
        used = fresh_code(app, person)
        assert sign_in(app.test_client(), person, used).status_code == 302
        code = used
    else:
        code = "000000" if how == "wrong" else "abcdef"
        if code == fresh_code(app, person):
            code = "111111"
    _password_step(client, person.email)
    refused = _code_step(client, code)
    assert refused.status_code == 401
    assert auth.WRONG_CODE in refused.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302
    assert trail(app)[-1].action == "sign_in.failed"


def test_a_recovery_code_signs_in_once(client, app, redis):
    person = add_person(app, "admin", second_factor=False)
    _password_step(client, person.email)
    secret = re.sub(r"\s", "", _setup_page_secret(client))
    shown = _confirm_setup(client, secret)
    codes = re.findall(r"<li><code>([A-Z0-9-]+)</code></li>", shown)
    assert len(codes) == 10
    other = app.test_client()
    _password_step(other, person.email)
    assert _code_step(other, codes[0].lower()).status_code == 302
    again = app.test_client()
    _password_step(again, person.email)
    assert _code_step(again, codes[0]).status_code == 401


def _setup_page_secret(client) -> str:
    page = client.get("/admin/login/setup").get_data(as_text=True)
    assert "<svg" in page and "QR code for your authenticator app" in page
    return re.search(r'<code id="secret" class="secret">([A-Z2-7 ]+)</code>', page).group(1)


def _confirm_setup(client, secret: str) -> str:
    code = pyotp.TOTP(secret).now()
    token = csrf(client, "/admin/login/setup")
    answer = client.post("/admin/login/setup", data={"code": code, "csrf_token": token})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_data(as_text=True)


def test_the_first_sign_in_sets_up_the_app_and_shows_the_recovery_codes_once(client, app, redis):
    person = add_person(app, "reviewer", second_factor=False)
    first = _password_step(client, person.email)
    assert first.headers["Location"].endswith("/admin/login/setup")
    secret = _setup_page_secret(client)
    assert _setup_page_secret(client) == secret  # a reload shows the same key
    token = csrf(client, "/admin/login/setup")
    wrong = client.post("/admin/login/setup", data={"code": "123456", "csrf_token": token})
    assert wrong.status_code == 422 and client.get("/admin/").status_code == 302
    shown = _confirm_setup(client, secret.replace(" ", ""))
    assert "shown only" in shown and shown.count("<li><code>") == 10
    assert client.get("/admin/").status_code == 200
    assert "second_factor.set_up" in [e.action for e in trail(app)]


def test_an_idle_session_ends_after_30_minutes(admin, monkeypatch):
    assert admin.get("/admin/").status_code == 200
    real = time.time
    monkeypatch.setattr("app.accounts.identity.time.time", lambda: real() + 29 * 60)
    assert admin.get("/admin/").status_code == 200  # and the clock starts again
    monkeypatch.setattr("app.accounts.identity.time.time", lambda: real() + 60 * 60)
    assert admin.get("/admin/").status_code == 302


def test_a_deactivated_account_cannot_sign_in_and_its_session_ends(client, app, redis, person):
    other = add_person(app, "editor")
    assert sign_in(client, other).status_code == 302
    with new_session(app) as session:
        from app.accounts import service

        admin_user = service.get_user(session, person.id)
        service.deactivate(session, service.get_user(session, other.id), admin_user)
    assert client.get("/admin/").status_code == 302
    refused = _password_step(app.test_client(), other.email)
    assert refused.status_code == 401
    assert trail(app)[-1].details["reason"] == "account deactivated"


def test_a_new_session_at_sign_in(client, app, redis):
    person = add_person(app, "editor")
    client.get("/admin/login")
    _password_step(client, person.email)
    before = client.get_cookie("line_admin").value
    _code_step(client, fresh_code(app, person))
    after = client.get_cookie("line_admin")
    assert after.value != before
    assert "HttpOnly" in client.get("/admin/").headers.get("Set-Cookie", "HttpOnly")


def test_the_session_cookie_is_httponly_lax_and_secure_over_https(client, app, redis):
    person = add_person(app, "editor")
    cookie = _password_step(client, person.email).headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" in cookie


def test_sign_out_is_a_form_that_ends_the_session_and_is_recorded(admin, app):
    assert admin.post("/admin/logout").status_code == 400  # no CSRF token, no sign-out
    assert admin.get("/admin/").status_code == 200
    answer = admin.post("/admin/logout", data={"csrf_token": csrf(admin, "/admin/")})
    assert answer.status_code == 302 and admin.get("/admin/").status_code == 302
    assert admin.get("/admin/logout").status_code == 405
    last = trail(app)[-1]
    assert (last.action, last.actor_name) == ("sign_out", "Ada Admin")


def test_the_sign_in_goes_back_to_the_admin_page_asked_for(client, app, redis):
    person = add_person(app, "admin")
    _password_step(client, person.email, next_path="/admin/stats")
    assert _code_step(client, fresh_code(app, person)).headers["Location"].endswith("/admin/stats")
    other = app.test_client()
    _password_step(other, person.email, next_path="https://evil.example/")
    assert _code_step(other, fresh_code(app, person)).headers["Location"].endswith("/admin/")


def test_the_code_step_without_the_password_step_starts_again(client, app, redis):
    person = add_person(app, "admin")
    answer = client.post("/admin/login/code", data={"code": fresh_code(app, person),
                                                     "csrf_token": csrf(client)})  # fmt: skip
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/login")
    assert client.get("/admin/").status_code == 302


def test_a_half_finished_sign_in_goes_stale(client, app, redis, monkeypatch):
    person = add_person(app, "admin")
    _password_step(client, person.email)
    real = time.time
    token = csrf(client)
    monkeypatch.setattr("app.admin.auth.time.time", lambda: real() + auth.PENDING_SECONDS + 5)
    late = client.post("/admin/login/code", data={"code": fresh_code(app, person),
                                                   "csrf_token": token})  # fmt: skip
    assert late.status_code == 302 and late.headers["Location"].endswith("/admin/login")
    assert client.get("/admin/").status_code == 302


def test_with_no_account_the_sign_in_page_says_how_to_create_the_first(client, app, redis):
    page = client.get("/admin/login").get_data(as_text=True)
    assert "flask --app app users create EMAIL --name NAME --role admin" in page
    add_person(app, "admin")
    assert "users create" not in client.get("/admin/login").get_data(as_text=True)


def test_the_old_shared_password_opens_nothing(config, redis, caplog):
    from app import create_app

    app = create_app({**config, "ADMIN_PASSWORD": "correct horse battery staple"})
    assert "flask --app app users create EMAIL" in caplog.text
    client = app.test_client()
    data = {"password": "correct horse battery staple", "csrf_token": csrf(client)}
    assert client.post("/admin/login", data=data).status_code == 401
    assert client.get("/admin/").status_code == 302


def test_codes_are_computed_as_any_authenticator_app_does(app):
    person = add_person(app, "admin")
    assert person.secret is not None
    now = totp.code_at(person.secret, step_now())  # not in a step's last moment
    assert now == pyotp.TOTP(person.secret).now()
