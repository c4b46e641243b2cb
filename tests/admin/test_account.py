"""My account: changing my password, replacing my authenticator app, new recovery codes."""

from __future__ import annotations

import re

import pyotp
import pytest

from tests.support.admin import PASSWORD, add_person, csrf, sign_in, trail

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


def test_replacing_the_app_takes_a_code_from_the_new_one_and_ends_other_sessions(app, client):
    me = add_person(app, "editor", name="Eddie Editor")
    elsewhere = app.test_client()
    sign_in(client, me)
    sign_in(elsewhere, me)
    page = client.get("/admin/account/second-factor").get_data(as_text=True)
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    token = csrf(client, "/admin/account/second-factor")
    wrong = client.post(
        "/admin/account/second-factor", data={"code": "000000", "csrf_token": token}
    )
    assert wrong.status_code == 422
    done = client.post(
        "/admin/account/second-factor", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token}
    )
    assert done.status_code == 200 and done.get_data(as_text=True).count("<li><code>") == 10
    assert client.get("/admin/account").status_code == 200
    assert elsewhere.get("/admin/account").status_code == 302
    entry = [e for e in trail(app) if e.action == "second_factor.set_up"][-1]
    assert entry.actor_name == "Eddie Editor" and entry.details["replaced"] is True


def test_new_recovery_codes_replace_the_old_ones(admin, app):
    token = csrf(admin, "/admin/account")
    first = admin.post("/admin/account/recovery-codes", data={"csrf_token": token})
    second = admin.post("/admin/account/recovery-codes", data={"csrf_token": token})
    codes = [re.findall(r"<li><code>([A-Z0-9-]+)</code>", a.get_data(as_text=True))
             for a in (first, second)]  # fmt: skip
    assert len(codes[0]) == len(codes[1]) == 10 and not set(codes[0]) & set(codes[1])
    assert [e.action for e in trail(app)][-2:] == ["recovery_codes.replaced"] * 2
