"""The people pages: creating accounts, changing a role, deactivating, resetting the second
factor or the password. Bad input gets a message and a 4xx, and nothing changes; every change
is audited. The admin never chooses a password: a one-time sign-in link lets the person
choose theirs (tests/admin/test_first_sign_in.py follows the link)."""

from __future__ import annotations

import pytest

from app.accounts import service
from app.db.session import new_session
from tests.support.admin import add_person, csrf, sign_in, signed_in, trail
from tests.support.first_sign_in import choose_password, link_on, set_up_app

NEW = {"name": "Nia Newperson", "email": "nia@hospital.example", "role": "editor"}
THEIRS = "copper kettle willow dawn"


def _post(client, path: str, **data: str):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/admin/people")})


def _accounts(app) -> list[tuple[str, str, bool]]:
    with new_session(app) as session:
        return [(u.email, u.role, u.active) for u in service.list_users(session)]


def test_the_list_shows_each_person_and_their_state(admin, app, person):
    add_person(app, "editor", name="Eddie Editor", email="eddie@hospital.example",
               second_factor=False)  # fmt: skip
    html = admin.get("/admin/people").get_data(as_text=True)
    row = html.split('data-person="eddie@hospital.example"')[1].split("</tr>")[0]
    assert "Eddie Editor" in row and "editor" in row and "active" in row
    assert "not yet" in row and "never" in row


def test_an_admin_creates_an_account_and_the_person_chooses_their_own_password(admin, app):
    form = admin.get("/admin/people").get_data(as_text=True).split('id="create-heading"')[1]
    assert 'type="password"' not in form  # the admin is not asked for one
    answer = _post(admin, "/admin/people", **NEW, password="the admin's choice 1234")
    assert answer.status_code == 200
    link = link_on(answer.get_data(as_text=True))
    assert ("nia@hospital.example", "editor", True) in _accounts(app)
    created = [e for e in trail(app) if e.action == "account.created"][-1]
    assert created.actor_name == "Ada Admin" and created.client == "127.0.0.1"
    assert link.rsplit("/", 1)[1] not in " ".join(e.detail for e in trail(app))
    for guess in ("the admin's choice 1234", "", THEIRS):  # no password works yet
        with new_session(app) as session:
            assert service.check_password(session, NEW["email"], guess) is None
    newcomer = app.test_client()
    assert newcomer.get(link).status_code == 200
    chosen = choose_password(newcomer, link, THEIRS)
    assert chosen.headers["Location"].endswith("/admin/login/setup")
    set_up_app(newcomer)
    assert newcomer.get("/admin/").status_code == 200  # signed in as themselves
    assert app.test_client().get(link).status_code == 410  # used: good once
    with new_session(app) as session:
        assert service.check_password(session, NEW["email"], THEIRS) is not None
    actions = [e.action for e in trail(app) if e.object_id == created.object_id]
    assert actions[:3] == ["account.created", "account.link_issued", "account.announced"]
    assert "account.link_used" in actions


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"email": "ada@hospital.example"}, "There is already an account with that email address."),
        ({"role": "superuser"}, "Choose a role"),
        ({"role": ""}, "Choose a role"),
        ({"email": "not an address"}, "Enter an email address"),
        ({"name": "   "}, "Enter the person's name"),
    ],
)
def test_bad_input_to_create_gets_a_message_and_changes_nothing(admin, app, change, message):
    before, entries = _accounts(app), len(trail(app))
    answer = _post(admin, "/admin/people", **{**NEW, **change})
    assert answer.status_code == 422
    assert message in answer.get_data(as_text=True).replace("&#39;", "'")
    assert _accounts(app) == before and len(trail(app)) == entries


@pytest.fixture
def person(app):
    """The signed-in admin, with the email the duplicate test uses."""
    return add_person(app, "admin", name="Ada Admin", email="ada@hospital.example")


def test_a_role_change_applies_at_once_and_a_forged_role_is_refused(admin, app):
    someone = add_person(app, "editor", name="Rita Reviewer-to-be")
    their_client = app.test_client()
    assert sign_in(their_client, someone).status_code == 302
    assert their_client.get("/admin/audit").status_code == 403
    forged = _post(admin, f"/admin/people/{someone.id}/role", role="owner")
    assert forged.status_code == 422 and "Choose a role" in forged.get_data(as_text=True)
    assert their_client.get("/admin/").status_code == 200  # nothing changed, still signed in
    assert _post(admin, f"/admin/people/{someone.id}/role", role="reviewer").status_code == 302
    assert their_client.get("/admin/").status_code == 302  # signed out: sign in again
    assert sign_in(their_client, someone).status_code == 302
    assert their_client.get("/admin/audit").status_code == 200
    changed = [e for e in trail(app) if e.action == "account.role_changed"]
    assert [(e.actor_name, e.details["before"], e.details["after"]) for e in changed] == [
        ("Ada Admin", "editor", "reviewer")
    ]


def test_deactivating_ends_the_sessions_and_reactivating_lets_them_back(admin, app):
    someone = add_person(app, "reviewer")
    their_client = app.test_client()
    assert sign_in(their_client, someone).status_code == 302
    assert _post(admin, f"/admin/people/{someone.id}/deactivate").status_code == 302
    assert their_client.get("/admin/").status_code == 302
    again = _post(admin, f"/admin/people/{someone.id}/deactivate")
    assert again.status_code == 422 and "already deactivated" in again.get_data(as_text=True)
    assert _post(admin, f"/admin/people/{someone.id}/reactivate").status_code == 302
    assert sign_in(app.test_client(), someone).status_code == 302
    actions = [
        e.action
        for e in trail(app)
        if e.actor_name == "Ada Admin" and e.object_id == str(someone.id)
    ]
    assert actions == ["account.deactivated", "account.reactivated"]


def test_an_admin_cannot_deactivate_themselves_or_remove_the_last_admin(admin, app, person):
    own = _post(admin, f"/admin/people/{person.id}/deactivate")
    assert own.status_code == 422 and "your own account" in own.get_data(as_text=True)
    last = _post(admin, f"/admin/people/{person.id}/role", role="editor")
    assert last.status_code == 422 and "at least one active admin" in last.get_data(as_text=True)
    assert ("ada@hospital.example", "admin", True) in _accounts(app)


def test_resetting_the_second_factor_ends_sessions_and_asks_for_a_new_app(admin, app):
    someone = add_person(app, "editor")
    their_client = app.test_client()
    assert sign_in(their_client, someone).status_code == 302
    assert _post(admin, f"/admin/people/{someone.id}/reset-second-factor").status_code == 302
    assert their_client.get("/admin/").status_code == 302
    data = {"email": someone.email, "password": someone.password, "csrf_token": csrf(their_client)}
    assert their_client.post("/admin/login", data=data).headers["Location"].endswith("/setup")
    entry = next(e for e in trail(app) if e.action == "second_factor.reset")
    assert (entry.actor_name, entry.object_id) == ("Ada Admin", str(someone.id))


def test_an_unknown_person_is_a_404(admin):
    assert admin.get("/admin/people/999999").status_code == 404
    assert _post(admin, "/admin/people/999999/deactivate").status_code == 404


def test_an_editor_or_reviewer_cannot_create_anyone(app, redis):
    for role in ("editor", "reviewer"):
        client = signed_in(app.test_client(), add_person(app, role))
        token = csrf(client, "/admin/account")
        answer = client.post("/admin/people", data={**NEW, "role": "admin", "csrf_token": token})
        assert answer.status_code == 403
    assert "nia@hospital.example" not in [email for email, _, _ in _accounts(app)]
