"""Nothing lost at the desk, in a real browser under the CSP the admin sends (never turned
off): words typed when the session ends are kept in the browser, and after signing in again
the editor is back on the page with them put back and told what happened."""

from __future__ import annotations

import pytest

from tests.support.admin import fresh_code, signed_in
from tests.support.browser import AXE, BROWSER_MARKS, browser, live, shot, sign_in, someone
from tests.support.editing import change_body, review_form

__all__ = ["browser", "live", "someone"]
pytestmark = BROWSER_MARKS
TOPIC = "/admin/content/en/your-results"
MINE = "Words typed just before the session ended."


@pytest.fixture
def imported(live, request) -> None:
    """The served line's content in the editor, as `flask content import` leaves it."""
    done = request.node.line_app.test_cli_runner().invoke(args=["content", "import"])
    assert done.exit_code == 0, done.output


@pytest.fixture
def strict(browser):  # type: ignore[no-untyped-def]
    """A page with the app's own CSP in force, and every complaint the browser makes."""
    context = browser.new_context()
    page = context.new_page()
    page.complaints = []
    # A missing resource is told by its response (the browser's console line has no address).
    page.on("console", lambda m: m.type == "error" and not m.text.startswith(
        "Failed to load resource") and page.complaints.append(m.text))  # fmt: skip
    page.on("response", lambda r: r.status == 404 and page.complaints.append(r.url))
    page.on("pageerror", lambda e: page.complaints.append(str(e)))
    yield page
    context.close()


def sign_in_again(page, person, app) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("The 6-digit code from your authenticator app").fill(fresh_code(app, person))
    page.get_by_role("button", name="Sign in").click()


def test_words_typed_as_the_session_ended_are_put_back_after_signing_in(
    database_url, live, imported, strict, someone, request
):
    base, _ = live
    app = request.node.line_app
    editor = someone("editor", name="Erin Editor")
    page = strict
    sign_in(page, base, editor, TOPIC)
    body = page.get_by_label("What callers hear, word for word")
    body.press("End")
    body.press("Enter")
    body.type(MINE)
    page.context.clear_cookies()  # the session is gone, as after the idle limit or sign-out
    page.get_by_role("button", name="Save the draft").click()

    page.get_by_text("Your session ended before that was saved").wait_for()
    sign_in_again(page, editor, app)
    page.wait_for_url(f"{base}{TOPIC}")  # back where they were
    kept = page.locator("#kept-words")
    kept.wait_for()
    assert "were kept in this browser" in kept.inner_text()
    assert MINE in body.input_value()
    assert "There is a draft" not in page.content()  # nothing was saved meanwhile

    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("The draft is saved.").wait_for()
    assert MINE in body.input_value()
    page.reload()  # saved: nothing more to put back
    page.get_by_text("There is a draft").wait_for()
    assert page.locator("#kept-words").count() == 0
    assert page.complaints == []  # no script refused by the CSP, no error


def test_words_put_back_can_be_forgotten(database_url, live, imported, strict, someone):
    base, _ = live
    page = strict
    sign_in(page, base, someone("editor"), TOPIC)
    body = page.get_by_label("What callers hear, word for word")
    saved = body.input_value()
    body.press("End")
    body.type(" " + MINE)
    page.reload()  # left without saving
    page.locator("#kept-words").wait_for()
    assert MINE in body.input_value()
    page.get_by_role("button", name="Forget them and show the saved words").click()
    page.wait_for_load_state()
    page.get_by_label("What callers hear, word for word").wait_for()
    assert page.locator("#kept-words").count() == 0
    assert body.input_value() == saved
    assert page.complaints == []


def violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious findings, run through the DevTools protocol (which the page's CSP
    does not govern), so the page keeps the CSP it was sent."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [f"{v['id']}: {v['help']}" for v in result["violations"]
            if v["impact"] in ("serious", "critical")]  # fmt: skip


def test_throwing_away_a_draft_and_going_back_a_version_ask_first(
    database_url, live, imported, strict, someone
):
    base, _ = live
    page = strict
    sign_in(page, base, someone("editor"), TOPIC)
    body = page.get_by_label("What callers hear, word for word")
    body.press("End")
    body.type(" " + MINE)
    page.get_by_role("button", name="Save the draft").click()
    page.get_by_text("The draft is saved.").wait_for()
    page.get_by_role("button", name="Throw away this draft").click()
    page.get_by_role("heading", name="Throw away this draft?").wait_for()
    assert violations(page) == []
    shot(page, "editor-discard")
    page.get_by_role("button", name="Yes, throw it away").click()
    page.get_by_text("The draft was thrown away.").wait_for()
    assert MINE not in page.get_by_label("What callers hear, word for word").input_value()
    assert page.complaints == []


def test_going_back_a_version_shows_what_changes_and_asks_why(
    database_url, live, imported, strict, someone, request
):
    base, _ = live
    line = request.node.line_app
    editor, reviewer = someone("editor"), someone("reviewer", name="Rhys Reviewer")
    editing = signed_in(line.test_client(), editor)
    reviewing = signed_in(line.test_client(), reviewer)
    assert change_body(editing, "submit").status_code == 302
    published = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert published.status_code == 302
    page = strict
    sign_in(page, base, reviewer, TOPIC + "/history")
    page.get_by_role("button", name="Back to version 1").click()
    page.get_by_role("heading", name="Put version 1 back on the line?").wait_for()
    assert page.locator("#rollback-diff del").count() > 0  # what callers would stop hearing
    assert violations(page) == []
    shot(page, "editor-rollback-confirm")
    page.get_by_role("button", name="Publish version 1 again").click()
    assert page.url.endswith("/history/back?version=1")  # no reason yet: the browser asks
    page.get_by_label("Why it goes back").fill("Patients found the new wording unclear.")
    page.get_by_role("button", name="Publish version 1 again").click()
    page.get_by_text("is back on the line, as version 3").wait_for()
    page.get_by_text("Patients found the new wording unclear.").wait_for()
    assert page.complaints == []
