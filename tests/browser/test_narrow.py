"""The admin on a narrow phone screen, in a real browser (Debian's Chromium, Playwright): at
320 CSS pixels no page scrolls sideways (a wide table scrolls by itself), text boxes are at a
readable size, and a disabled button looks unlike one that works."""

from __future__ import annotations

from tests.support.browser import (
    BROWSER_MARKS,
    browser,
    csp_violations,
    live,
    shot,
    sign_in,
    someone,
    watched_page,
)

__all__ = ["browser", "live", "someone"]  # fixtures
pytestmark = BROWSER_MARKS

NARROW = {"width": 320, "height": 640}
EDITORS_PAGES = [
    "/admin/", "/admin/content", "/admin/content/en/your-results",
    "/admin/content/en/your-results/audio", "/admin/content/en/your-results/history",
    "/admin/content/en/prompts", "/admin/content/en/menus", "/admin/content/en/bone-scan",
    "/admin/content/en/breastfeeding", "/admin/recordings/en/article:your-results:1",
    "/admin/phone", "/admin/stats", "/admin/account",
]  # fmt: skip
ADMINS_PAGES = [
    "/admin/people",
    "/admin/audit",
    "/admin/settings",
    "/admin/settings/department",
    "/admin/content/en/your-results",
]
WIDER = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
LOOK = """(el) => { const s = getComputedStyle(el);
    return [s.backgroundColor, s.color, s.opacity, s.cursor, s.borderStyle].join(" | "); }"""


def walk(page, base: str, paths: list[str]) -> dict[str, tuple[int, int]]:
    """Each page's width against the screen's, where it is wider."""
    wider = {}
    for path in paths:
        answer = page.goto(f"{base}{path}")
        assert answer is not None and answer.status == 200, (path, answer and answer.status)
        scroll, client = page.evaluate(WIDER)
        if scroll > client:
            wider[path] = (scroll, client)
            shot(page, "narrow-" + path.strip("/").replace("/", "-").replace(":", "-"))
    return wider


def test_no_admin_page_scrolls_sideways_on_a_narrow_screen_and_disabled_looks_it(
    live, browser, someone
):
    base, _ = live
    editing = watched_page(browser)
    editing.set_viewport_size(NARROW)
    sign_in(editing, base, someone("editor"), "/admin/content")
    wider = walk(editing, base, EDITORS_PAGES)

    editing.goto(f"{base}/admin/content/en/your-results")
    body = editing.get_by_label("What callers hear, word for word")
    assert body.evaluate("(el) => parseFloat(getComputedStyle(el).fontSize)") >= 16
    assert body.evaluate("(el) => el.clientWidth <= document.documentElement.clientWidth")

    editing.goto(f"{base}/admin/phone")
    working = editing.locator("#call").evaluate(LOOK)
    disabled = editing.locator("#skip").evaluate(LOOK)
    key = editing.locator(".keypad button").first
    assert editing.locator("#skip").is_disabled() and key.is_disabled()
    assert disabled != working and key.evaluate(LOOK) != working
    assert "not-allowed" in disabled and "not-allowed" not in working

    running = watched_page(browser)  # the admin's own pages, as an admin
    running.set_viewport_size(NARROW)
    sign_in(running, base, someone("admin"), "/admin/people")
    wider |= walk(running, base, ADMINS_PAGES)
    field = running.locator("#editor fieldset")  # an admin may read the words, not change them
    assert field.evaluate("(el) => el.disabled")
    saving = running.get_by_role("button", name="Save the draft")
    assert saving.evaluate(LOOK) != running.get_by_role("button", name="Sign out").evaluate(LOOK)

    assert wider == {}, wider
    assert csp_violations(editing) == [] and csp_violations(running) == []
