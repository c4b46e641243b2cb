"""Old audio stays while calls may still use it, then `audio prune` clears it."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from app.audio.manifest import prune, update_manifest


def entry(name: str) -> dict[str, str]:
    return {"file": name, "hash": name[:24]}


def test_replaced_audio_is_kept_through_the_grace_period_then_removed(tmp_path: Path):
    old, new = "a" * 24 + ".mp3", "b" * 24 + ".mp3"
    for name in (old, new):
        (tmp_path / name).write_bytes(b"audio")
    update_manifest(tmp_path, "en/normal/menu:main", entry(old))
    update_manifest(tmp_path, "en/normal/menu:main", entry(new))
    assert prune(tmp_path, grace_seconds=3600) == []
    assert (tmp_path / old).exists()
    assert prune(tmp_path, grace_seconds=3600, now=time.time() + 3601) == [old]
    assert not (tmp_path / old).exists() and (tmp_path / new).exists()
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["retired"] == {}


def test_current_audio_is_never_pruned_however_old(tmp_path: Path):
    name = "c" * 24 + ".mp3"
    (tmp_path / name).write_bytes(b"audio")
    update_manifest(tmp_path, "en/normal/prompt:help", entry(name))
    assert prune(tmp_path, grace_seconds=0, now=time.time() + 10**7) == []


def test_abandoned_temporary_files_from_killed_renders_are_removed(tmp_path: Path):
    stale, fresh = tmp_path / ".render-abc.mp3", tmp_path / ".render-def.mp3"
    for path in (stale, fresh):
        path.write_bytes(b"half")
    hours_ago = time.time() - 2 * 3600
    os.utime(stale, (hours_ago, hours_ago))
    assert prune(tmp_path, grace_seconds=86400) == [".render-abc.mp3"]
    assert fresh.exists()


def test_prune_command_reports_what_it_removed(runner, audio_dir: Path):
    orphan = audio_dir / ("d" * 24 + ".mp3")
    orphan.write_bytes(b"audio")
    long_ago = time.time() - 3 * 86400
    os.utime(orphan, (long_ago, long_ago))
    result = runner.invoke(args=["audio", "prune", "--grace-hours", "24"])
    assert result.exit_code == 0, result.output
    assert f"removed {orphan.name}" in result.output and not orphan.exists()
    assert (audio_dir / "manifest.json").exists()
    status = runner.invoke(args=["audio", "status"]).output.splitlines()
    english = [line for line in status if " en/normal/" in line]
    assert english and all(line.startswith("fresh") for line in english)
