"""Render jobs against gTTS as Google answers it, with a real worker; faults included."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import responses
from rq import Queue, SimpleWorker

from app import create_app
from app.audio.enqueue import enqueue_render
from app.audio.names import audio_hash
from app.audio.render import _pacer
from app.queues import AUDIO, WORKER_CLASS
from app.redis_keys import GTTS_PACE as PACE_KEY
from app.services import services
from tests.support import gtts_stub
from tests.support.edits import ADDED, add_words
from tests.support.line import ROOT
from tests.support.processes import killed_when_marked, line_worker


@pytest.fixture(scope="session")
def mp3() -> bytes:
    return gtts_stub.make_mp3()


@pytest.fixture
def gtts_config(config, tmp_path, monkeypatch, small_content) -> dict[str, str]:
    """The line on the gtts engine, with no audio yet; the worker reads the same settings."""
    settings = {
        **config,
        "CONTENT_DIR": str(small_content),
        "AUDIO_DIR": str(tmp_path / "gtts-audio"),
        "TTS_ENGINE": "gtts",
        "GTTS_PACE_SECONDS": "0",
        "AUDIO_RETRY_INTERVALS": "0,0",
    }
    for name, value in settings.items():  # the worker reads the line's settings, as in life
        monkeypatch.setenv(name, value)
    return settings


def work(redis) -> None:
    """A real rq worker, in this process so that `responses` sees gTTS's requests."""
    SimpleWorker([Queue(AUDIO, connection=redis)], connection=redis).work(burst=True)


def sync(app, *args: str) -> str:
    result = app.test_cli_runner().invoke(args=["audio", "sync", *args])
    assert result.exit_code == 0, result.output
    return result.output


def states(app) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["audio", "status"])
    assert result.exit_code == 0, (result.output, result.exception)
    lines = result.output.splitlines()
    return {line.split()[1]: line for line in lines}


def queue_one(app, item_id: str) -> str:
    speaker = services(app).speaker
    item = speaker.items()[item_id]
    digest = audio_hash(item.text, "gtts", item.lang, item.slow)
    queue = services(app).audio_queue
    assert enqueue_render(queue, item_id, digest, services(app).settings.audio_retry_intervals)
    return digest


def loudness(path: Path) -> float:
    out = subprocess.run(
        ["ffmpeg", "-nostdin", "-i", str(path), "-af", "ebur128", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    return float(re.findall(r"I:\s+(-?[\d.]+) LUFS", out)[-1])


@pytest.mark.slow  # renders every item of the small line
def test_gtts_renders_every_item_in_british_english_at_one_loudness(gtts_config, redis, mp3):
    app = create_app(gtts_config)
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
        sync(app)
        work(redis)
        asked = [gtts_stub.spoken_part(call.request) for call in mock.calls]
    assert all(part[1] == "en" for part in asked)
    assert all(
        call.request.url.startswith("https://translate.google.co.uk/") for call in mock.calls
    )
    assert all(line.startswith("fresh") for line in states(app).values())
    audio = Path(gtts_config["AUDIO_DIR"])
    manifest = json.loads((audio / "manifest.json").read_text())["items"]
    levels = [loudness(audio / entry["file"]) for entry in list(manifest.values())[:6]]
    assert all(-19 <= level <= -13 for level in levels), levels
    assert max(levels) - min(levels) < 3
    # Public recordings: a web server in front (nginx, a CDN's origin) may read them.
    assert {(audio / e["file"]).stat().st_mode & 0o777 for e in manifest.values()} == {0o644}


def test_throttling_429_is_retried_then_the_item_renders(gtts_config, redis, mp3):
    app = create_app(gtts_config)
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, gtts_stub.ENDPOINT, status=429)
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
        queue_one(app, "en/normal/prompt:sorry")
        work(redis)
        assert [call.response.status_code for call in mock.calls] == [429, 200]
    assert states(app)["en/normal/prompt:sorry"].startswith("fresh")


def test_a_render_that_keeps_failing_keeps_the_old_file_and_says_why(
    gtts_config, redis, mp3, small_content, call
):
    app = create_app(gtts_config)
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
        queue_one(app, "en/normal/prompt:welcome")
        work(redis)
    audio = Path(gtts_config["AUDIO_DIR"])
    old = json.loads((audio / "manifest.json").read_text())["items"]["en/normal/prompt:welcome"]

    add_words(small_content / "prompts.yaml", "welcome")
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, gtts_stub.ENDPOINT, status=429)
        queue_one(app, "en/normal/prompt:welcome")
        work(redis)
        assert len(mock.calls) == 3  # the first try and both retries
    state = states(app)["en/normal/prompt:welcome"]
    assert state.startswith("failed") and "429" in state
    now = json.loads((audio / "manifest.json").read_text())["items"]["en/normal/prompt:welcome"]
    assert now == old
    assert app.test_client().get(f"/audio/{old['file']}", buffered=True).status_code == 200
    # Callers hear the new words, spoken, not the outdated recording and not silence.
    client = app.test_client()
    from tests.support.line import AUTH_TOKEN, BASE_URL
    from tests.support.simulator import Call

    turn = Call(client, AUTH_TOKEN, BASE_URL).start()
    assert turn.said and turn.said[0].endswith(ADDED)


def test_a_request_google_refuses_is_not_retried(gtts_config, redis):
    app = create_app(gtts_config)
    with responses.RequestsMock() as mock:
        mock.add(responses.POST, gtts_stub.ENDPOINT, status=400)
        queue_one(app, "en/normal/prompt:sorry")
        work(redis)
        assert len(mock.calls) == 1
    assert states(app)["en/normal/prompt:sorry"].startswith("failed")


def test_garbage_bytes_are_never_kept_and_the_render_is_tried_again(gtts_config, redis, mp3):
    app = create_app(gtts_config)
    with responses.RequestsMock() as mock:
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(os.urandom(4000)))
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
        queue_one(app, "en/normal/prompt:sorry")
        work(redis)
        assert len(mock.calls) == 2
    audio = Path(gtts_config["AUDIO_DIR"])
    assert states(app)["en/normal/prompt:sorry"].startswith("fresh")
    assert [p.name for p in audio.iterdir() if p.suffix == ".mp3"] == [
        json.loads((audio / "manifest.json").read_text())["items"]["en/normal/prompt:sorry"]["file"]
    ]


@pytest.mark.slow  # a real rq worker, killed
def test_a_worker_killed_mid_render_leaves_nothing_half_done_and_the_next_sync_finishes(
    gtts_config, redis, mp3, tmp_path
):
    app = create_app(gtts_config)
    queue_one(app, "en/normal/prompt:sorry")
    mp3_file, marker = tmp_path / "voice.mp3", tmp_path / "rendering"
    mp3_file.write_bytes(mp3)
    env = {**os.environ, **gtts_config, "PYTHONPATH": str(ROOT)}
    said = killed_when_marked(
        [sys.executable, "-m", "tests.support.gtts_stub", gtts_config["REDIS_URL"], str(mp3_file),
         str(marker), "60"],
        env,
        marker,
    )  # fmt: skip
    assert said, "the worker never started the render"
    audio = Path(gtts_config["AUDIO_DIR"])
    assert not list(audio.glob("*.mp3"))
    assert not (audio / "manifest.json").exists()

    assert "queued  en/normal/prompt:sorry" in sync(app)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
        work(redis)
    assert states(app)["en/normal/prompt:sorry"].startswith("fresh")


def test_gtts_requests_are_paced_across_workers(redis):
    wait_turn = _pacer(redis, 0.3)
    assert wait_turn is not None
    started = time.monotonic()
    wait_turn()
    assert 0 < redis.pttl(PACE_KEY) <= 300
    wait_turn()
    assert time.monotonic() - started >= 0.3  # the second request waited for its turn


def test_a_double_click_queues_one_render(app, redis, content_dir):
    item = services(app).speaker.items()["en/normal/prompt:sorry"]
    digest = audio_hash(item.text + " changed", "espeak")
    queue = services(app).audio_queue
    results: list[bool] = []
    threads = [
        threading.Thread(target=lambda: results.append(enqueue_render(queue, item.id, digest)))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 1
    assert queue.count == 1


@pytest.mark.slow  # a real rq worker
def test_the_worker_picks_up_a_content_change_with_nobody_running_a_command(
    empty, small_content, worker_env, redis, tmp_path
):
    app = create_app(empty)
    path = small_content / "your-results.md"
    path.write_text(path.read_text() + "\nThank you for listening.\n")
    assert any(
        item.startswith("en/normal/article:your-results") and line.startswith("stale")
        for item, line in states(app).items()
    )
    assert_reconciled(app, {**worker_env, **empty}, tmp_path / "line.log")


def assert_reconciled(app, env: dict[str, str], log: Path) -> None:
    """The line's own processes, left alone, make every item fresh."""
    with line_worker(env, log):
        deadline = time.monotonic() + 120
        while not all(line.startswith("fresh") for line in states(app).values()):
            assert time.monotonic() < deadline, log.read_text()[-3000:]
            time.sleep(0.2)


@pytest.fixture
def empty(config, tmp_path, small_content) -> dict[str, str]:
    """A small line with no audio yet."""
    return {**config, "AUDIO_DIR": str(tmp_path / "new-audio"), "CONTENT_DIR": str(small_content)}


@pytest.mark.slow  # a real rq worker
def test_after_redis_lost_its_data_the_worker_queues_everything_again(
    empty, worker_env, redis, tmp_path
):
    app = create_app(empty)
    sync(app)
    redis.flushdb()  # Redis restarted without persistence: the queue is gone
    assert_reconciled(app, {**worker_env, **empty}, tmp_path / "line.log")


@pytest.mark.slow  # a real rq worker
def test_sync_wait_shows_progress_until_the_worker_is_done(empty, worker_env, redis):
    app = create_app(empty)
    worker = subprocess.Popen(
        ["sh", "-c", f'sleep 1; exec "{sys.executable}" -m rq.cli worker --burst '
         f'--worker-class {WORKER_CLASS} --url "{empty["REDIS_URL"]}" audio'],
        cwd=ROOT, env={**worker_env, **empty}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        output = sync(app, "--wait", "--timeout", "120")
    finally:
        worker.wait(120)
    assert "Rendering" in output
    assert all(line.startswith("fresh") for line in states(app).values())
