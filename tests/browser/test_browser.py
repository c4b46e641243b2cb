"""The admin area and the article pages in a real browser (Debian's Chromium, driven by
Playwright): what an admin and a patient see, screenshots saved, accessibility checked."""

from __future__ import annotations

import threading

import pyotp
import pytest

from app.queues import AUDIO
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
from tests.support.processes import run_worker
from tests.support.shipped import library

__all__ = ["browser", "live", "page", "someone"]  # fixtures
pytestmark = BROWSER_MARKS


def test_a_person_signs_in_with_password_and_code_and_an_editor_is_refused_people(
    database_url, live, page, someone
):
    base, _ = live
    editor = someone("editor", name="Eddie Editor")
    page.goto(f"{base}/admin/people")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill("not the password at all")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("do not match an active account").wait_for()
    shot(page, "admin-sign-in-refused")
    page.get_by_label("Email address").fill(editor.email)
    page.get_by_label("Password").fill(editor.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("The 6-digit code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("That code did not work").wait_for()
    page.get_by_label("The 6-digit code from your authenticator app").fill(
        pyotp.TOTP(editor.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Eddie Editor (editor)").wait_for()
    assert page.get_by_role("link", name="People").count() == 0
    answer = page.goto(f"{base}/admin/people")
    assert answer.status == 403
    page.get_by_text("This page is not for your role").wait_for()
    shot(page, "admin-refused")
    page.get_by_role("button", name="Sign out").click()
    page.get_by_text("You have signed out.").wait_for()
    assert page.goto(f"{base}/admin/").url.startswith(f"{base}/admin/login")
    assert csp_violations(page) == []


def test_a_first_sign_in_sets_up_the_app_from_the_key_shown(database_url, live, page, someone):
    base, _ = live
    newcomer = someone("reviewer", second_factor=False)
    page.goto(f"{base}/admin/")
    page.get_by_label("Email address").fill(newcomer.email)
    page.get_by_label("Password").fill(newcomer.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("img", name="QR code for your authenticator app").wait_for()
    secret = page.locator("#secret").inner_text().replace(" ", "")
    assert serious_violations(page) == []
    shot(page, "admin-set-up")
    page.get_by_label("Code from the app").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm").click()
    assert page.locator("#recovery-codes li").count() == 10
    assert serious_violations(page) == []
    page.get_by_role("link", name="I have kept them: continue").click()
    page.wait_for_url(f"{base}/admin/")
    assert csp_violations(page) == []


def test_a_reviewer_refreshes_stale_audio_and_watches_it_become_fresh(
    small_content, live, page, worker_env, someone
):
    base, settings = live
    sign_in(page, base, someone("reviewer"))
    row = page.locator('tr[data-item="en/normal/article:your-results:1"] [data-state]')
    assert row.inner_text() == "stale"
    shot(page, "admin-dashboard-stale")
    page.get_by_role("button", name="Refresh stale audio").click()
    page.get_by_text("item(s) queued to render").wait_for()
    worker = threading.Thread(target=run_worker, args=({**worker_env, **settings}, AUDIO))
    worker.start()
    row.filter(has_text="fresh").wait_for(timeout=120_000)
    worker.join()
    page.get_by_text("items are up to date").wait_for()
    shot(page, "admin-dashboard-fresh")
    player = page.locator('tr[data-item="en/normal/article:your-results:1"] audio')
    src = player.get_attribute("src")
    assert page.request.get(base + src).headers["content-type"] == "audio/mpeg"
    assert csp_violations(page) == []


def test_the_phone_page_calls_the_line_and_reaches_an_article(live, page, someone):
    base, _ = live
    sign_in(page, base, someone("editor"))
    page.get_by_role("link", name="Try the line").click()
    page.get_by_role("button", name="Call the line").click()
    transcript = page.locator("#transcript")
    transcript.get_by_text(library().prompt("welcome")).wait_for()
    page.get_by_role("button", name="Press 4").click()
    transcript.get_by_text(library().articles["your-results"].title_sentence).wait_for()
    options = transcript.get_by_text(library().prompt("after_article"))
    for _ in range(8):  # 6 skips forward a part, as it does on a phone
        if options.count():
            break
        page.get_by_role("button", name="Press 6").click()
        page.wait_for_timeout(500)
    options.wait_for()
    page.get_by_label("Or type what a caller would say").fill("main menu")
    page.get_by_role("button", name="Say it").click()
    transcript.get_by_text(
        'said "main menu"'.replace('"', "\u201c", 1).replace('"', "\u201d")
    ).wait_for()
    assert csp_violations(page) == []
    shot(page, "admin-phone")


@pytest.mark.parametrize(
    "path", ["/admin/login", "/admin/", "/admin/stats", "/admin/phone", "/admin/people",
             "/admin/people/{me}", "/admin/account", "/admin/account/second-factor",
             "/admin/audit", "/admin/login/code", "/admin/settings/department"]
)  # fmt: skip
def test_admin_pages_have_no_serious_accessibility_problems(live, page, path, someone):
    base, _ = live
    admin = someone("admin", name="Ada Admin")
    if path == "/admin/login/code":  # the second step, half-way through signing in
        page.goto(f"{base}/admin/login")
        page.get_by_label("Email address").fill(admin.email)
        page.get_by_label("Password").fill(admin.password)
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(base + path)
    elif path != "/admin/login":
        sign_in(page, base, admin)
        page.goto(base + path.format(me=admin.id))
    else:
        page.goto(base + path)
        page.get_by_label("Email address").fill(admin.email)
        page.get_by_label("Password").fill("wrong password, to show the message")
        page.get_by_role("button", name="Continue").click()  # the page with an error shown
    assert serious_violations(page) == []
    assert csp_violations(page) == []
    shot(page, "admin" + path.replace("/admin", "").replace("/", "-").replace("{me}", "person"))


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/articles/your-results",
        "/articles/what-is-nuclear-medicine",
        "/privacy",
        "/accessibility",
        # In the reader's language, the English of the notice marked as English.
        "/articles/your-results?lang=cy",
        "/privacy?lang=pl",
        "/no-such-page?lang=cy",
    ],
)
def test_article_pages_have_no_serious_accessibility_problems(live, page, path):
    base, _ = live
    page.goto(base + path)
    assert serious_violations(page) == []
    assert csp_violations(page) == []
    shot(page, "page" + path.replace("/", "-").replace("?lang=", "-"))


def test_the_pages_policy_is_on_here_blocking_inline_script_and_audio_still_plays(live, page):
    """These tests run under the policy the line sends: a script slipped into the page does
    not run (and is reported); the topic's own recording still plays."""
    base, _ = live
    page.goto(base + "/articles/your-results")
    page.evaluate("""() => { const s = document.createElement("script");
                             s.textContent = "window.ran = true"; document.body.append(s); }""")
    assert page.evaluate("() => window.ran === undefined")
    assert [v for v in csp_violations(page) if v.startswith("script-src")]
    page.csp_violations.clear()
    played = page.evaluate("""async () => { const audio = document.querySelector("audio");
                                            await audio.play(); return audio.currentSrc; }""")
    assert played.startswith(base + "/audio/") and csp_violations(page) == []
