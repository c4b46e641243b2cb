"""The dashboard's "Reviews due": what is due, with links to edit it, and a button for
reviewers and admins to send the daily summary now."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.content.loader import load_libraries
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.reminders import EMAIL, Mailbox, date_reviews, listed, mailbox, planned

NAMES = {"editor": "Erin Editor", "reviewer": "Rhys Reviewer", "admin": "Ada Admin"}


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    date_reviews(content_dir, dt.date.today())
    return content_dir


@pytest.fixture
def mail() -> Iterator[Mailbox]:
    with mailbox() as box:
        yield box


def line(config: dict[str, str], extra: dict[str, str] | None = None) -> Flask:
    """The line with the test's settings and any more (how to send the summary)."""
    return create_app({**config, **(extra or {})})


def as_role(app: Flask, role: str) -> FlaskClient:
    return signed_in(app.test_client(), add_person(app, role, name=NAMES[role]))


def sent(app: Flask) -> list[tuple[str, str | None]]:
    return [(e.outcome, e.actor_name) for e in trail(app) if e.action == "reminders.sent"]


def test_the_dashboard_lists_what_is_due_with_links_to_edit_each_topic(admin, content_dir):
    page = admin.get("/admin/").get_data(as_text=True)
    shown = listed(page)
    plan = planned(content_dir, dt.date.today())
    english = load_libraries(content_dir)["en"].articles
    assert [(href, text) for href, text, _ in shown] == [
        (f"/admin/content/{lang}/{slug}", f"{english[slug].title} ({lang})")
        for lang, slug, _ in plan
    ]
    overdue, soon = plan[0][2], plan[1][2]
    assert shown[0][2] == f"review overdue since {overdue.day} {overdue:%B %Y}"
    assert shown[1][2] == f"review due {soon.day} {soon:%B %Y}"
    assert f"{len(plan)} to look at" in page
    for href, _, _ in shown:
        assert admin.get(href).status_code == 200


def test_with_nothing_due_the_dashboard_says_so(admin, content_dir):
    far = dt.date.today() + dt.timedelta(days=365)
    for path in content_dir.glob("*.md"):
        path.write_text(re.sub(r"(?m)^review_due: .*$", f"review_due: {far}", path.read_text()))
    page = admin.get("/admin/").get_data(as_text=True)
    assert '<p id="reminder-list">Nothing is due for review.</p>' in page


@pytest.mark.parametrize(
    "role,set_up,shown",
    [("reviewer", True, True), ("admin", True, True), ("editor", True, False),
     ("reviewer", False, False), ("admin", False, False)],
)  # fmt: skip
def test_the_send_button_is_there_only_when_sending_is_set_up_and_allowed(
    config, redis, role, set_up, shown
):
    extra = {"REMINDERS_WEBHOOK_URL": "https://hooks.example/reviews"} if set_up else {}
    page = as_role(line(config, extra), role).get("/admin/").get_data(as_text=True)
    assert ('id="send-reminders"' in page) is shown
    said = "A summary goes each morning to the reminders webhook."
    assert (said in page) is set_up
    assert ("No daily summary is sent" in page) is not set_up


def test_an_editor_cannot_send_the_summary(config, redis, mail: Mailbox):
    app = line(config, mail.settings())
    editor = as_role(app, "editor")
    answer = editor.post("/admin/reminders/send", data={"csrf_token": csrf(editor, "/admin/")})
    assert answer.status_code == 403
    assert mail.received == [] and sent(app) == []


def test_sending_without_a_csrf_token_is_refused(config, redis, mail: Mailbox):
    app = line(config, mail.settings())
    answer = as_role(app, "reviewer").post("/admin/reminders/send")
    assert answer.status_code == 400
    assert mail.received == [] and sent(app) == []


def test_a_reviewer_sends_the_summary_now_and_the_trail_names_them(
    config, redis, mail: Mailbox, content_dir
):
    app = line(config, mail.settings())
    reviewer = as_role(app, "reviewer")
    token = csrf(reviewer, "/admin/")
    answer = reviewer.post("/admin/reminders/send", data={"csrf_token": token})
    assert answer.status_code == 303 and answer.headers["Location"].endswith("#reminders")
    page = reviewer.get(answer.headers["Location"]).get_data(as_text=True)
    count = len(planned(content_dir, dt.date.today()))
    assert f"The summary ({count} to look at) went to email to {EMAIL}." in page
    assert [to for to, _ in mail.received] == [[EMAIL]]
    assert sent(app) == [("ok", "Rhys Reviewer")]


def test_a_summary_the_mail_server_refused_is_reported_on_the_page(config, redis):
    with mailbox() as gone:
        settings = gone.settings()  # then the server stops: nothing listens on its port
    app = line(config, settings)
    reviewer = as_role(app, "reviewer")
    token = csrf(reviewer, "/admin/")
    answer = reviewer.post("/admin/reminders/send", data={"csrf_token": token},
                           follow_redirects=True)  # fmt: skip
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "The summary was not sent (email to " + EMAIL in page
    assert sent(app) == [("failed", "Rhys Reviewer")]


def test_sending_when_it_is_not_set_up_says_so_politely(config, redis):
    app = line(config)
    reviewer = as_role(app, "reviewer")
    token = csrf(reviewer, "/admin/")
    answer = reviewer.post("/admin/reminders/send", data={"csrf_token": token},
                           follow_redirects=True)  # fmt: skip
    assert answer.status_code == 200
    page = answer.get_data(as_text=True)
    assert "Sending is not set up" in page and "REMINDERS_WEBHOOK_URL" in page
    assert sent(app) == []
