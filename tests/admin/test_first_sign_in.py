"""The one-time sign-in link: the person, not the admin, chooses the password. A link works
once, only while it is the newest, and for 72 hours; resetting a password works the same
way; every issue and use of a link is in the trail."""

from __future__ import annotations

import time

from itsdangerous import TimestampSigner

from app.accounts import links, service
from app.accounts.passwords import TOO_SHORT
from app.db.session import new_session
from tests.support.admin import add_person, csrf, fresh_code, sign_in, trail
from tests.support.first_sign_in import choose_password, link_on, set_up_app

NEW = {"name": "Nia Newperson", "email": "nia@hospital.example", "role": "editor"}
THEIRS = "copper kettle willow dawn"


def _post(client, path: str, **data: str):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/admin/people")})


def _create(admin) -> str:
    answer = _post(admin, "/admin/people", **NEW)
    assert answer.status_code == 200, answer.status_code
    return link_on(answer.get_data(as_text=True))


def _id(app) -> int:
    with new_session(app) as session:
        user = service.find_user(session, NEW["email"])
        assert user is not None
        return user.id


def test_a_weak_or_mistyped_password_is_refused_and_the_link_still_works(admin, app):
    link = _create(admin)
    newcomer = app.test_client()
    short = choose_password(newcomer, link, "short")
    assert short.status_code == 422 and TOO_SHORT in short.get_data(as_text=True)
    common = choose_password(newcomer, link, "password123456")
    assert common.status_code == 422 and "common or leaked" in common.get_data(as_text=True)
    mistyped = choose_password(newcomer, link, THEIRS, again=THEIRS + "x")
    assert mistyped.status_code == 422 and "not the same" in mistyped.get_data(as_text=True)
    assert choose_password(newcomer, link, THEIRS).status_code == 302


def test_a_new_link_stops_the_old_one_working(admin, app):
    old = _create(admin)
    answer = _post(admin, f"/admin/people/{_id(app)}/sign-in-link")
    assert answer.status_code == 200
    new = link_on(answer.get_data(as_text=True))
    stranger = app.test_client()
    assert stranger.get(old).status_code == 410
    assert choose_password(stranger, old, THEIRS).status_code == 410
    assert app.test_client().get(new).status_code == 200
    refused = [e for e in trail(app) if e.action == "account.link_refused"]
    assert refused and all(e.outcome == "refused" for e in refused)


def test_a_link_older_than_72_hours_is_refused_and_recorded(admin, app, monkeypatch):
    link = _create(admin)
    later = int(time.time()) + int(links.LINK_LIFETIME.total_seconds()) + 60
    monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: later)
    answer = app.test_client().get(link)
    assert answer.status_code == 410 and "expired" in answer.get_data(as_text=True)
    refused = [e for e in trail(app) if e.action == "account.link_refused"]
    assert [(e.object_id, e.details["why"]) for e in refused] == [(str(_id(app)), "expired")]


def test_a_made_up_link_gets_a_polite_page_and_changes_nothing(admin, app):
    before = len(trail(app))
    for token in ("nonsense", "eyJhIjoxfQ.AAAA.BBBB", "x" * 5000):
        answer = app.test_client().get(f"/admin/welcome/{token}")
        assert answer.status_code == 410
        assert "Ask an admin for a new link" in answer.get_data(as_text=True)
    assert len(trail(app)) == before


def test_opening_a_link_where_an_admin_is_signed_in_signs_the_admin_out(admin, app):
    link = _create(admin)
    assert choose_password(admin, link, THEIRS).status_code == 302
    assert admin.get("/admin/people").status_code == 302  # no longer the admin here


def test_a_password_reset_ends_sessions_and_only_the_person_chooses_the_new_one(admin, app):
    someone = add_person(app, "reviewer", name="Rhys Reviewer")
    theirs = app.test_client()
    assert sign_in(theirs, someone).status_code == 302
    answer = _post(admin, f"/admin/people/{someone.id}/reset-password")
    assert answer.status_code == 200
    link = link_on(answer.get_data(as_text=True))
    assert theirs.get("/admin/").status_code == 302  # signed out
    with new_session(app) as session:
        assert service.check_password(session, someone.email, someone.password) is None
    chosen = choose_password(theirs, link, THEIRS)
    assert chosen.headers["Location"].endswith("/admin/login/code")  # their app stays
    code = {"code": fresh_code(app, someone), "csrf_token": csrf(theirs, "/admin/login/code")}
    done = theirs.post("/admin/login/code", data=code)
    assert done.status_code == 302 and theirs.get("/admin/").status_code == 200
    actions = [e.action for e in trail(app) if e.object_id == str(someone.id)]
    assert "account.password_reset" in actions and "account.link_used" in actions


def test_an_admin_cannot_reset_their_own_password_or_link_a_chosen_one(admin, app, person):
    own = _post(admin, f"/admin/people/{person.id}/reset-password")
    assert own.status_code == 422 and "My account" in own.get_data(as_text=True)
    other = add_person(app, "editor")
    chosen = _post(admin, f"/admin/people/{other.id}/sign-in-link")
    assert chosen.status_code == 422 and "reset it" in chosen.get_data(as_text=True)


def test_a_new_person_sets_up_their_app_after_their_password(admin, app):
    link = _create(admin)
    newcomer = app.test_client()
    assert choose_password(newcomer, link, THEIRS).status_code == 302
    set_up_app(newcomer)
    assert newcomer.get("/admin/account").status_code == 200
