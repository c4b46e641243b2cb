"""Passwords kept for break-glass accounts: with LOCAL_SIGN_IN_EMAILS set, only the people it
names may sign in with a password; everyone else is sent to the organisation's sign-in, and
the refusal is in the trail. Without it, passwords work as before. On SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from app.audit.actions import Action
from tests.support.admin import PASSWORD, add_person, csrf, trail

GLASS = "break.glass@hospital.example"


@pytest.fixture
def config(config: dict[str, str]) -> dict[str, str]:
    return {**config, "LOCAL_SIGN_IN_EMAILS": f"it.desk@hospital.example,{GLASS.upper()}"}


def _password_step(client, email: str):
    data = {"email": email, "password": PASSWORD, "csrf_token": csrf(client)}
    return client.post("/admin/login", data=data)


def test_a_named_break_glass_account_signs_in_with_its_password(app, client, redis):
    add_person(app, "admin", email=GLASS)
    answer = _password_step(client, GLASS)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/login/code")


def test_anyone_else_is_sent_to_the_organisations_sign_in(app, client, redis):
    person = add_person(app, "editor")
    refused = _password_step(client, person.email)
    assert refused.status_code == 403
    assert "break-glass" in refused.get_data(as_text=True)
    assert client.get("/admin/login/code").status_code == 302  # no half-done sign-in
    last = trail(app)[-1]
    assert (last.action, last.outcome) == (Action.SIGN_IN_FAILED, "refused")
    assert last.details["reason"] == "password sign-in is for break-glass accounts"
    assert last.object_id == str(person.id)


def test_the_sign_in_page_offers_no_organisation_sign_in_when_none_is_set_up(client, redis):
    page = client.get("/admin/login").get_data(as_text=True)
    assert 'id="sign-on"' not in page
    assert client.get("/admin/sso/start").status_code == 404
    assert client.get("/admin/sso/callback?code=x&state=y").status_code == 404
