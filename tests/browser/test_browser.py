"""The admin area and the article pages in a real browser (Debian's Chromium, driven by
Playwright): what an admin and a patient see, screenshots saved, accessibility checked."""

from __future__ import annotations

import os
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from app import create_app
from tests.support.line import ROOT
from tests.support.processes import run_worker

sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = "/usr/bin/chromium"
AXE = ROOT / "tests/browser/node_modules/axe-core/axe.min.js"
SHOTS = ROOT / "tests/screenshots"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (Path(CHROMIUM).exists() and AXE.exists()) and not os.environ.get("CI"),
        reason="needs Debian's chromium and axe-core (bin/setup installs both)",
    ),
]
PASSWORD = "correct horse battery staple"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live(config, tmp_path, request) -> Iterator[tuple[str, dict[str, str]]]:
    """The line served over HTTP on loopback, its public URL being that address."""
    port = _free_port()
    settings = {**config, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    if "small_content" in request.fixturenames:
        small = request.getfixturevalue("small_content")
        settings.update(CONTENT_DIR=str(small), AUDIO_DIR=str(tmp_path / "small-audio"))
    server = make_server("127.0.0.1", port, create_app(settings), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield settings["PUBLIC_BASE_URL"], settings
    server.shutdown()


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


@pytest.fixture
def page(browser):
    context = browser.new_context(bypass_csp=True)  # only so axe-core can be injected
    page = context.new_page()
    yield page
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def serious_violations(page) -> list[str]:
    page.add_script_tag(content=AXE.read_text())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {v['help']} ({len(v['nodes'])})"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def log_in(page, base: str) -> None:
    page.goto(f"{base}/admin/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{base}/admin/")


def test_an_admin_logs_in_refreshes_stale_audio_and_watches_it_become_fresh(
    small_content, live, page, worker_env
):
    base, settings = live
    log_in(page, base)
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


def test_the_phone_page_calls_the_line_and_reaches_an_article(live, page):
    base, _ = live
    log_in(page, base)
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
    shot(page, "admin-phone")


@pytest.mark.parametrize("path", ["/admin/login", "/admin/", "/admin/stats", "/admin/phone"])
def test_admin_pages_have_no_serious_accessibility_problems(live, page, path):
    base, _ = live
    if path != "/admin/login":
        log_in(page, base)
    page.goto(base + path)
    assert serious_violations(page) == []


@pytest.mark.parametrize(
    "path", ["/", "/articles/your-results", "/articles/what-is-nuclear-medicine"]
)
def test_article_pages_have_no_serious_accessibility_problems(live, page, path):
    base, _ = live
    page.goto(base + path)
    assert serious_violations(page) == []
    shot(page, "page" + path.replace("/", "-"))
