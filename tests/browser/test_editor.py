"""The editor and recordings in a real browser (Debian's Chromium, Playwright): an editor
changes a topic, a second person reviews it by ear and publishes it, the history shows both
versions and a rollback brings the old words back; a person records the welcome in the page
(Chromium's fake microphone), plays it back before saving, a reviewer approves it and calls
play it. Every page under the policy the line sends (never bypassed); axe-core on each."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from app.audio.manifest import read_manifest
from app.queues import AUDIO
from app.services import services
from tests.support.browser import (
    BROWSER_MARKS,
    CHROMIUM,
    browser,
    csp_violations,
    live,
    page,
    serious_violations,
    shot,
    sign_in,
    someone,
    sync_api,
    watched_page,
)
from tests.support.editing import NEW_WORDS, old_words
from tests.support.edits import replaced
from tests.support.line import AUTH_TOKEN
from tests.support.processes import run_worker
from tests.support.simulator import Call
from tests.support.voice import speech

__all__ = ["browser", "live", "page", "someone"]
pytestmark = BROWSER_MARKS


@pytest.fixture
def imported(live, request) -> None:
    """The served line's content in the editor, as `flask content import` leaves it."""
    done = request.node.line_app.test_cli_runner().invoke(args=["content", "import"])
    assert done.exit_code == 0, done.output


def test_an_editors_change_is_reviewed_by_ear_published_and_rolled_back(
    database_url, live, imported, browser, someone, worker_env, request
):
    base, settings = live
    line = request.node.line_app
    editor, reviewer = someone("editor", name="Erin Editor"), someone("reviewer", name="Rhys")
    writing = watched_page(browser)
    sign_in(writing, base, editor, "/admin/content")
    writing.get_by_role("link", name="Version 1 (Getting your results, en)").click()
    body = writing.get_by_label("What callers hear, word for word")
    body.fill(replaced(body.input_value(), old_words(), NEW_WORDS))
    writing.get_by_label("Sources").fill("NHS: Radionuclide scan, nhs.uk, checked 2026")
    writing.get_by_label("What changed, and why").fill("Clearer about who sends results")
    body.press("End")
    body.type(" Click here.")
    writing.locator("#check-list").get_by_text("makes no sense to someone listening").wait_for()
    body.fill(replaced(body.input_value(), " Click here.", ""))
    assert serious_violations(writing) == []
    shot(writing, "editor-edit")
    writing.get_by_role("button", name="Save and ask for a review").click()
    writing.get_by_text("Submitted for review.").wait_for()
    run_worker({**worker_env, **settings}, AUDIO)  # the draft's audio, made in the background

    checking = watched_page(browser)
    sign_in(checking, base, reviewer, "/admin/content/en/your-results")
    player = checking.locator("#review audio").first
    player.wait_for()
    ready = player.evaluate("a => new Promise(r => { a.onloadedmetadata = () => r(a.duration);"
                            " a.load(); })")  # fmt: skip
    assert ready > 1  # the changed part can be heard before publishing
    assert serious_violations(checking) == []
    shot(checking, "editor-review")
    checking.get_by_role("button", name="Approve and publish").click()
    checking.get_by_text("Published as version 2").wait_for()

    phone = Call(line.test_client(), AUTH_TOKEN, base)
    phone.start()
    turn = phone.press("4")
    assert NEW_WORDS not in " ".join(turn.said)  # real audio at once, not <Say>

    checking.goto(f"{base}/admin/content/en/your-results/history?a=1&b=2")
    checking.locator("#compare ins").first.wait_for()
    assert serious_violations(checking) == []
    shot(checking, "editor-history")
    checking.get_by_role("button", name="Back to version 1").click()
    checking.locator("#rollback-diff").wait_for()  # what callers would hear instead, first
    checking.get_by_label("Why it goes back").fill("The team asked for the old wording")
    checking.get_by_role("button", name="Publish version 1 again").click()
    checking.get_by_text("is back on the line, as version 3").wait_for()
    assert NEW_WORDS not in (services(line).settings.content_dir / "your-results.md").read_text()
    assert csp_violations(writing) == csp_violations(checking) == []


@pytest.mark.parametrize("path", ["/admin/content", "/admin/content/en/prompts",
                                  "/admin/content/cy/menus", "/admin/content/en/your-results/audio",
                                  "/admin/recordings/en/prompt:welcome"])  # fmt: skip
def test_the_editors_pages_have_no_serious_accessibility_problems(
    database_url, live, imported, page, someone, path
):
    base, _ = live
    sign_in(page, base, someone("editor"), path)
    assert serious_violations(page) == []
    assert csp_violations(page) == []


@pytest.fixture
def microphone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What Chromium's fake microphone plays: someone reading the welcome, then quiet."""
    from app.content.loader import load_library
    from tests.support.line import CONTENT

    words = load_library(CONTENT).prompt("welcome")
    return speech(tmp_path_factory.mktemp("microphone"), words, lead=0.3, tail=4.0)


@pytest.fixture
def recording_browser(microphone: Path) -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run",
                  "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
                  f"--use-file-for-fake-audio-capture={microphone}", "--mute-audio"],
        )  # fmt: skip
        yield chromium
        chromium.close()


def played_back(page) -> dict[str, object]:  # type: ignore[no-untyped-def]
    """Press play on the take just recorded: whether its sound moves on, or its error."""
    return page.locator("#take").evaluate(
        """a => new Promise(done => {
          const failed = () => done({error: a.error ? a.error.code : "no sound", playing: false});
          a.addEventListener("error", failed);
          a.play().then(() => setTimeout(() => done({error: a.error && a.error.code,
                                                     playing: a.currentTime > 0}), 700),
                        failed);
        })"""
    )


def test_the_welcome_recorded_in_the_page_is_approved_and_every_call_plays_it(
    database_url, live, imported, recording_browser, someone, request
):
    base, _ = live
    line = request.node.line_app
    editor, reviewer = someone("editor"), someone("reviewer")
    recorder = watched_page(recording_browser)
    recorder.context.grant_permissions(["microphone"])
    sign_in(recorder, base, editor, "/admin/recordings/en/prompt:welcome")
    recorder.get_by_role("button", name="Start recording").click()
    recorder.get_by_text("Recording: read the words now.").wait_for()
    # The level meter moves while someone speaks.
    recorder.wait_for_function("() => document.getElementById('level').value > 0.01")
    recorder.wait_for_timeout(6000)
    recorder.get_by_role("button", name="Stop").click()
    recorder.get_by_text("Listen to it, then save it or record again.").wait_for()
    assert recorder.locator("#take").get_attribute("src").startswith("blob:")
    assert played_back(recorder) == {"error": None, "playing": True}
    assert csp_violations(recorder) == []
    shot(recorder, "recording-take")
    recorder.get_by_role("button", name="Save this recording").click()
    recorder.get_by_text("A reviewer who did not make it must approve it.").wait_for()
    assert serious_violations(recorder) == []

    checking = watched_page(recording_browser)
    sign_in(checking, base, reviewer, "/admin/recordings/en/prompt:welcome")
    checking.get_by_role("button", name="Approve and publish").click()
    checking.get_by_text("every new call hears this recording").wait_for()
    assert csp_violations(checking) == []
    entry = read_manifest(services(line).settings.audio_dir)["en/normal/prompt:welcome"]
    assert entry["source"] == "recording"
    turn = Call(line.test_client(), AUTH_TOKEN, base).start()
    assert turn.played[0].endswith(entry["file"])
