"""One of the department's scans in the editor, in a real browser (Debian's Chromium): as
the editor types a new number, the page and spoken words in every language show it, before
anything is saved; the form, the translation's form and the list of scans have no serious
accessibility problems, under the policy the line sends. The scans are the test's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.db.session import new_session
from app.editor import documents
from app.editor.documents import Key
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
from tests.support.scans import with_test_scans

__all__ = ["browser", "live", "page", "someone"]
pytestmark = BROWSER_MARKS


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    return with_test_scans(content_dir)


@pytest.fixture
def imported(live, request) -> None:
    """The served line's content in the editor, as `flask content import` leaves it."""
    done = request.node.line_app.test_cli_runner().invoke(args=["content", "import"])
    assert done.exit_code == 0, done.output


def test_the_preview_says_a_typed_number_in_every_language_before_it_is_saved(
    database_url, live, imported, page, someone, request
):
    base, _ = live
    sign_in(page, base, someone("editor"), "/admin/content/en/test-scan")
    preview = page.locator("#preview-list")
    assert preview.locator("article").count() == 3  # English, Welsh and Polish
    assert "36" not in preview.inner_text()
    page.locator("#numbers-contact_hours").fill("36")
    for lang in ("en", "cy", "pl"):
        preview.locator(f'article[lang="{lang}"]', has_text="36").wait_for()
    page.locator("#check-list").get_by_text("differs from the live version").wait_for()
    assert serious_violations(page) == []
    shot(page, "scan-edit")
    with new_session(request.node.line_app) as session:  # nothing was saved
        assert documents.find(session, Key("procedure", "en", "test-scan")).draft is None
    assert csp_violations(page) == []


@pytest.mark.parametrize("path", ["/admin/content", "/admin/content/cy/test-scan"])
def test_the_scans_pages_have_no_serious_accessibility_problems(
    database_url, live, imported, page, someone, path
):
    base, _ = live
    sign_in(page, base, someone("editor"), path)
    assert serious_violations(page) == []
    assert csp_violations(page) == []
