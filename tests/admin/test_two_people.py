"""The issue's finding replayed: one admin makes an editor and a reviewer, opens both
sign-in links, signs in as both and tries to publish alone. The approval is refused
(app.accounts.grants, called by app.editor.workflow.approve), every step is in the trail,
and the other admins and reviewers were told of both accounts."""

from __future__ import annotations

import html

from flask import Flask

from app import create_app
from app.accounts.grants import SAME_ADMIN
from app.services import services
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.editing import TOPIC, change_body, review_form
from tests.support.first_sign_in import choose_password, link_on, mailbox, set_up_app
from tests.support.recordings import post_review, review_forms, takes, upload
from tests.support.voice import speech


def _topic(app: Flask) -> str:
    return (services(app).settings.content_dir / "your-results.md").read_text()


def _made_and_taken(app: Flask, admin, name: str, role: str):  # type: ignore[no-untyped-def]
    """An account the admin makes, whose link the admin opens: a browser signed in as it."""
    email = f"{name.replace(' ', '.').lower()}@hospital.example"
    data = {"name": name, "email": email, "role": role, "csrf_token": csrf(admin, "/admin/people")}
    link = link_on(admin.post("/admin/people", data=data).get_data(as_text=True))
    browser = app.test_client()
    assert choose_password(browser, link, "walnut ferry copper lantern").status_code == 302
    set_up_app(browser)
    return browser


def test_one_admin_with_two_made_up_people_cannot_publish(config, redis):
    with mailbox() as box:
        app = create_app({**config, **box.settings()})
        assert app.test_cli_runner().invoke(args=["content", "import"]).exit_code == 0
        ada = signed_in(app.test_client(), add_person(app, "admin", name="Ada Admin"))
        watcher = add_person(app, "reviewer", name="Wendy Watcher")
        editing = _made_and_taken(app, ada, "Fake Editor", "editor")
        reviewing = _made_and_taken(app, ada, "Fake Reviewer", "reviewer")
        before = _topic(app)
        assert change_body(editing, "submit").status_code == 302
        answer = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert answer.status_code == 422 and SAME_ADMIN in html.unescape(answer.get_data(as_text=True))
    assert _topic(app) == before  # nothing reached patients
    told = [to for to, _ in box.received if watcher.email in to]
    assert len(told) == 2  # Wendy heard of both new accounts as they were made
    created = [e.actor_name for e in trail(app) if e.action == "account.created"]
    assert created[-2:] == ["Ada Admin", "Ada Admin"]


def test_one_admin_with_two_made_up_people_cannot_publish_a_recording(config, redis, tmp_path):
    with mailbox() as box:
        app = create_app({**config, **box.settings()})
        ada = signed_in(app.test_client(), add_person(app, "admin", name="Ada Admin"))
        add_person(app, "reviewer", name="Wendy Watcher")
        editing = _made_and_taken(app, ada, "Fake Editor", "editor")
        reviewing = _made_and_taken(app, ada, "Fake Reviewer", "reviewer")
        words = services(app).speaker.library.prompt("welcome")
        assert upload(editing, speech(tmp_path, words).read_bytes()).status_code == 302
        [take] = takes(editing)
        answer = post_review(reviewing, review_forms(reviewing)[take])
    assert SAME_ADMIN in html.unescape(answer.get_data(as_text=True))
    assert not [e for e in trail(app) if e.action == "recording.approved"]  # nobody hears it
