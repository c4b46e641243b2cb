"""A short answer in the editor, in a real browser (Debian's Chromium): started from the
content page, its words counted as the editor types (too many cannot go for review, and the
page says so before anything is sent), the preview of what a caller hears and a texter
gets; the pages have no serious accessibility problems, under the policy the line sends."""

from __future__ import annotations

import pytest

from tests.support.browser import (
    BROWSER_MARKS,
    browser,
    csp_violations,
    live,
    page,
    serious_violations,
    shot,
    sign_in,
    someone,
)

__all__ = ["browser", "live", "page", "someone"]
pytestmark = BROWSER_MARKS
WORDS = "Yes. You can eat and drink as normal before you come for your results."


@pytest.fixture
def imported(live, request) -> None:
    """The served line's content in the editor, as `flask content import` leaves it."""
    done = request.node.line_app.test_cli_runner().invoke(args=["content", "import"])
    assert done.exit_code == 0, done.output


def test_an_editor_starts_an_answer_and_sees_its_words_counted_as_they_type(
    live, imported, page, someone
):
    base, _ = live
    sign_in(page, base, someone("editor"), "/admin/content")
    page.get_by_label("Its id (lower-case letters").fill("eating-results")
    page.get_by_label("The question, in English").fill("Can I eat before my results?")
    page.locator("#new-answer").get_by_role("button", name="Start it").click()
    page.wait_for_url(f"{base}/admin/content/en/eating-results")
    answer = page.get_by_label("The answer, word for word")
    answer.fill(" ".join(["You can eat as normal."] * 13))
    page.locator("#word-count").get_by_text("65 of at most 60 words. Too long to submit").wait_for()
    answer.fill(WORDS)
    page.locator("#word-count").get_by_text("14 of at most 60 words.").wait_for()
    page.get_by_label("For more: the topic or scan").select_option(label="Getting your results")
    page.get_by_role("button", name="Show the preview").click()
    page.locator("#heard").get_by_text(WORDS).wait_for()
    assert page.locator("#texted").inner_text().endswith("/articles/your-results")
    assert serious_violations(page) == []
    shot(page, "answer-edit")
    assert csp_violations(page) == []


@pytest.mark.parametrize("path", ["/admin/content#answers-title"])
def test_the_list_of_short_answers_has_no_serious_accessibility_problems(
    live, imported, page, someone, path
):
    base, _ = live
    sign_in(page, base, someone("editor"), path)
    assert serious_violations(page) == []
    assert csp_violations(page) == []
