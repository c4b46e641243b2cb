"""The admin area and the article pages in a real browser (Debian's Chromium, driven by
Playwright): what an admin and a patient see, screenshots saved, accessibility checked."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pyotp
import pytest
from werkzeug.serving import make_server

from app import create_app
from tests.support.admin import add_person
from tests.support.line import ROOT
from tests.support.processes import run_worker

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests/browser/node_modules/axe-core/axe.min.js"
SHOTS = ROOT / "tests/screenshots"
# Every browser test file's marks (CI, which has both, never skips them).
BROWSER_MARKS = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and AXE.exists()) and not os.environ.get("CI"),
        reason="needs Debian's chromium and axe-core (bin/setup installs both)",
    ),
]
pytestmark = BROWSER_MARKS


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(config, tmp_path, request) -> Iterator[tuple[str, dict[str, str]]]:
    """The line served over HTTP on loopback, its public URL being that address; on both
    databases for a test that asks for `database_url`, else on SQLite."""
    port = _free_port()
    settings = {**config, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    if "database_url" in request.fixturenames:
        settings["DATABASE_URL"] = request.getfixturevalue("database_url")
    if "small_content" in request.fixturenames:
        small = request.getfixturevalue("small_content")
        settings.update(CONTENT_DIR=str(small), AUDIO_DIR=str(tmp_path / "small-audio"))
    app = create_app(settings)
    request.node.line_app = app  # for `someone`, which makes accounts in its database
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield settings["PUBLIC_BASE_URL"], settings
    server.shutdown()


@pytest.fixture
def someone(live, request):
    """Make a person of a role in the served line's database."""
    return lambda role="admin", **kw: add_person(request.node.line_app, role, **kw)


@pytest.fixture
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--autoplay-policy=no-user-gesture-required", "--mute-audio"],
        )  # fmt: skip
        yield chromium
        chromium.close()


# Every page's Content-Security-Policy violations, wherever they happen: the line's own
# policy is on (never bypassed), so anything it blocks shows here and fails the test.
_WATCH_CSP = """document.addEventListener("securitypolicyviolation", (e) => window.cspViolation(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} on ${e.documentURI}`));"""


def watched_page(browser):  # type: ignore[no-untyped-def]
    """A page in a browser context of its own, under the policy the line sends; what the
    policy blocked, on any page it opens, is kept in `page.csp_violations`."""
    context = browser.new_context()
    found: list[str] = []
    context.expose_function("cspViolation", lambda violation: found.append(violation))
    context.add_init_script(_WATCH_CSP)
    page = context.new_page()
    page.csp_violations = found
    return page


def csp_violations(page) -> list[str]:  # type: ignore[no-untyped-def]
    """What the policy has blocked so far (the events arrive a moment after)."""
    page.wait_for_timeout(200)
    return list(page.csp_violations)


@pytest.fixture
def page(browser):
    page = watched_page(browser)
    yield page
    page.context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings. axe is put in the page through the browser's
    devtools protocol (as a person's own devtools would), which the page's policy does not
    govern: a <script> tag of inline code it would refuse, and must."""
    page.evaluate(AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def sign_in(page, base: str, person, target: str = "/admin/") -> None:
    """Both steps as a person does: the password, then the code their app shows now."""
    page.goto(f"{base}{target}")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(person.password)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("The 6-digit code from your authenticator app").fill(
        pyotp.TOTP(person.secret).now()
    )
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}{target}")


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
    worker = threading.Thread(target=run_worker, args=({**worker_env, **settings}, "audio"))
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
    transcript.get_by_text("This is the nuclear medicine information line").wait_for()
    page.get_by_role("button", name="Press 4").click()
    transcript.get_by_text("Getting your results.").wait_for()
    options = transcript.get_by_text("To get a text message with a link")
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
             "/admin/audit", "/admin/login/code"]
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
    ],
)
def test_article_pages_have_no_serious_accessibility_problems(live, page, path):
    base, _ = live
    page.goto(base + path)
    assert serious_violations(page) == []
    assert csp_violations(page) == []
    shot(page, "page" + path.replace("/", "-"))


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
