"""Account changes are announced at once to every other active admin and reviewer (by
e-mail) and to the reminders' destinations; a failure to announce shows on the page and in
the trail, and never fails or undoes the change."""

from __future__ import annotations

import pytest

from app import create_app
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.first_sign_in import mailbox, webhook

NEW = {"name": "Nia Newperson", "email": "nia@hospital.example", "role": "reviewer"}
OUTSIDE = "governance@hospital.example"


def _post(client, path: str, **data: str):
    return client.post(path, data={**data, "csrf_token": csrf(client, "/admin/people")})


def _announced(app) -> list[tuple[str, str]]:
    return [
        (e.details["announced"], e.outcome) for e in trail(app) if e.action == "account.announced"
    ]


@pytest.mark.parametrize("change", ["create", "role", "reset-second-factor", "reset-password"])
def test_each_account_change_reaches_the_other_admins_reviewers_and_outside_box(
    config, redis, change
):
    with mailbox() as box, webhook() as (url, posted):
        app = create_app({**config, **box.settings(), "REMINDERS_EMAIL": OUTSIDE,
                          "REMINDERS_WEBHOOK_URL": url})  # fmt: skip
        doer = add_person(app, "admin", name="Ada Admin")
        other_admin = add_person(app, "admin", name="Otto Admin")
        reviewer = add_person(app, "reviewer", name="Rhys Reviewer")
        add_person(app, "editor", name="Erin Editor")  # editors are not told
        target = add_person(app, "editor", name="Tom Target")
        admin = signed_in(app.test_client(), doer)
        paths = {"create": ("/admin/people", NEW),
                 "role": (f"/admin/people/{target.id}/role", {"role": "reviewer"}),
                 "reset-second-factor": (f"/admin/people/{target.id}/reset-second-factor", {}),
                 "reset-password": (f"/admin/people/{target.id}/reset-password", {})}  # fmt: skip
        path, data = paths[change]
        answer = _post(admin, path, **data)
        assert answer.status_code in (200, 302)
        page = (
            admin.get("/admin/people").get_data(as_text=True) if answer.status_code == 302 else ""
        )
        shown = answer.get_data(as_text=True) + page
        assert "Announced to the other admins and reviewers" in shown
    assert len(box.received) == 1
    to, message = box.received[0]
    subject = NEW["email"] if change == "create" else target.email  # told too: their account
    assert to == sorted([other_admin.email, reviewer.email, subject, OUTSIDE])
    body = message.get_content()
    assert "Ada Admin" in body and ("Nia Newperson" in body or "Tom Target" in body)
    assert len(posted) == 1 and "Ada Admin" in posted[0]["text"]
    assert len(_announced(app)) == 1 and _announced(app)[0][1] == "ok"


def test_an_unreachable_mail_server_is_said_on_the_page_and_in_the_trail(config, redis, person):
    with mailbox() as box:
        settings = box.settings()
    app = create_app({**config, **settings})  # the server has gone: nothing listens there
    admin = signed_in(app.test_client(), add_person(app, "admin", name="Ada Admin"))
    add_person(app, "reviewer", name="Rhys Reviewer")
    answer = _post(admin, "/admin/people", **NEW)
    assert answer.status_code == 200  # the account is made all the same, and its link shown
    assert "Not everyone was told" in answer.get_data(as_text=True)
    assert _announced(app) == [("account.created", "failed")]


def test_with_one_admin_and_nowhere_to_send_the_page_says_nobody_was_told(app, admin):
    editor = add_person(app, "editor", name="Erin Editor")
    answer = _post(admin, f"/admin/people/{editor.id}/reset-second-factor")
    assert answer.status_code == 302
    page = admin.get("/admin/people").get_data(as_text=True)
    assert "Not everyone was told" in page and "SMTP_HOST" in page
    assert _announced(app) == [("second_factor.reset", "failed")]
