"""A real browser on the line (Debian's Chromium, driven by Playwright): the line served on
loopback, people to sign in, pages watched for what the line's policy blocks, screenshots and
axe-core's findings. Browser test files import the fixtures they use from here."""

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
