"""Audio follows the content: sync queues renders, a real rq worker makes the files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app import create_app
from app.queues import AUDIO
from app.services import services
from tests.support.edits import add_words
from tests.support.processes import run_worker
from tests.support.queues import waiting


@pytest.fixture
def empty_audio(config, tmp_path: Path, small_content: Path) -> dict[str, str]:
    folder = tmp_path / "no-audio-yet"
    return {**config, "AUDIO_DIR": str(folder), "CONTENT_DIR": str(small_content)}


@pytest.mark.slow  # a real rq worker
def test_sync_queues_every_item_once_and_a_real_worker_renders_them_all(
    empty_audio, redis, call, describe
):
    app = create_app(empty_audio)
    items = services(app).speaker.items()
    first = app.test_cli_runner().invoke(args=["audio", "sync"])
    assert first.exit_code == 0, first.output
    assert f"{len(items)} render(s) queued" in first.output
    again = app.test_cli_runner().invoke(args=["audio", "sync"])
    assert "0 render(s) queued" in again.output
    assert waiting(redis, AUDIO) == len(items)

    worker = run_worker(empty_audio, AUDIO)
    assert worker.returncode == 0, worker.stderr[-2000:]

    status = app.test_cli_runner().invoke(args=["audio", "status"]).output.splitlines()
    assert len(status) == len(items)
    assert all(line.startswith("fresh") for line in status), status
    manifest = json.loads((Path(empty_audio["AUDIO_DIR"]) / "manifest.json").read_text())
    assert set(manifest["items"]) == set(items)
    for entry in manifest["items"].values():
        assert entry["duration"] > 0.5
    done = app.test_cli_runner().invoke(args=["audio", "sync"])
    assert f"0 render(s) queued; 0 already queued; {len(items)} item(s) fresh." in done.output


def test_editing_one_article_queues_only_its_audio(runner, content_dir, redis):
    runner.invoke(args=["audio", "sync"])  # whatever is stale already is queued now
    path = content_dir / "going-for-a-scan.md"
    path.write_text(path.read_text() + "\nThis line is new.\n")
    result = runner.invoke(args=["audio", "sync"])
    assert result.exit_code == 0, result.output
    queued = [line.split()[1] for line in result.output.splitlines() if line.startswith("queued")]
    assert queued and all(
        item.split("/")[2].split(":")[1] == "going-for-a-scan" for item in queued
    ), queued
    assert {item.split("/")[1] for item in queued} == {"normal", "slow"}


def test_a_menu_change_queues_only_that_menu(runner, content_dir, redis):
    runner.invoke(args=["audio", "sync"])
    add_words(content_dir / "menus.yaml", "main", "intro")
    result = runner.invoke(args=["audio", "sync"])
    assert "queued  en/normal/menu:main " in result.output
    assert "queued  en/slow/menu:main " in result.output
    assert "2 render(s) queued" in result.output, result.output


@pytest.mark.slow  # renders every item of the small line
def test_inline_sync_renders_without_redis_or_a_worker(empty_audio, call, monkeypatch):
    monkeypatch.setenv("AUDIO_DIR", empty_audio["AUDIO_DIR"])
    monkeypatch.setenv("CONTENT_DIR", empty_audio["CONTENT_DIR"])
    monkeypatch.setenv("TTS_ENGINE", "espeak")
    app = create_app({**empty_audio, "REDIS_URL": "redis://127.0.0.1:1/0"})
    result = app.test_cli_runner().invoke(args=["audio", "sync", "--inline"])
    assert result.exit_code == 0, result.output
    status = app.test_cli_runner().invoke(args=["audio", "status"])
    assert status.exit_code == 0
    assert all(line.startswith("fresh") for line in status.output.splitlines())
