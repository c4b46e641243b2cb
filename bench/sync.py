"""`audio sync` on a large library: 1,000 articles in each of three languages.

    .venv/bin/python bench/sync.py [--articles 1000]

Builds the library in a temporary folder, marks every item's audio as rendered, then:
1. sync when nothing changed (goal: under one second), in-process and as the real command;
2. sync after one article changed (goal: exactly that article's items queued).
Uses database 14 of the Redis at REDIS_URL (default 127.0.0.1:6379) and flushes it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redis import Redis  # noqa: E402
from rq import Queue  # noqa: E402

from app.audio.enqueue import reconcile  # noqa: E402
from app.audio.items import spoken_items  # noqa: E402
from app.audio.names import audio_hash, file_name  # noqa: E402
from app.content.loader import load_libraries  # noqa: E402

LANGUAGES = ("en", "cy", "pl")
ENGINE = "espeak"


def _suffix(lang: str) -> str:
    return "" if lang == "en" else f".{lang}"


def build(folder: Path, articles: int) -> None:
    """A menu tree of at most five topics each, with `articles` articles per language."""
    for lang in LANGUAGES:
        prompts = (ROOT / "content" / "prompts.yaml").read_text()
        (folder / f"prompts{_suffix(lang)}.yaml").write_text(prompts.replace("Hello.", f"{lang}."))
        level = [f"a{n}" for n in range(articles)]
        parents: dict[str, tuple[str, int]] = {}
        menus: list[str] = []
        depth = 0
        while len(level) > 5:
            groups = [level[i : i + 5] for i in range(0, len(level), 5)]
            names = [f"m{depth}-{n}" for n in range(len(groups))]
            for name, group in zip(names, groups, strict=True):
                for key, child in enumerate(group, start=1):
                    parents[child] = (name, key)
            menus += names
            level, depth = names, depth + 1
        for key, child in enumerate(level, start=1):
            parents[child] = ("main", key)
        lines = ["main:", "  title: Main menu", "  intro: Main menu."]
        for name in menus:
            parent, key = parents[name]
            lines += [f"{name}:", f"  parent: {parent}", f"  key: {key}", f"  title: Menu {name}",
                      f"  option: To hear group {name}", f"  intro: Group {name}."]  # fmt: skip
        (folder / f"menus{_suffix(lang)}.yaml").write_text("\n".join(lines) + "\n")
        for n in range(articles):
            menu, key = parents[f"a{n}"]
            (folder / f"a{n}{_suffix(lang)}.md").write_text(
                f"---\nid: a{n}\ntitle: Article {n} in {lang}\nmenu: {menu}\nkey: {key}\n"
                f"option: To hear article {n}\nkeywords: [article {n}]\n"
                f"sms_summary: Article {n}.\n---\nThis is article {n}. It has two sentences.\n"
            )


def mark_rendered(content: Path, audio: Path) -> int:
    items = spoken_items(load_libraries(content).values())
    audio.mkdir()
    for item in items.values():
        digest = audio_hash(item.text, ENGINE, item.lang, item.slow)
        (audio / file_name(digest)).write_bytes(b"\xff")
    # One manifest write, as if every render had finished.
    manifest = {"version": 1, "retired": {}, "items": {
        i.id: {"file": file_name(audio_hash(i.text, ENGINE, i.lang, i.slow)),
               "hash": audio_hash(i.text, ENGINE, i.lang, i.slow)} for i in items.values()
    }}  # fmt: skip
    (audio / "manifest.json").write_text(json.dumps(manifest))
    return len(items)


def sync_once(content: Path, audio: Path, queue: Queue) -> tuple[float, int]:
    started = time.perf_counter()
    items = spoken_items(load_libraries(content).values())
    queued, _ = reconcile(items, audio, ENGINE, queue)
    return time.perf_counter() - started, len(queued)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    url = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")._replace(path="/14")
    redis = Redis.from_url(url.geturl())
    redis.flushdb()
    queue = Queue("audio", connection=redis)
    folder = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    try:
        content, audio = folder / "content", folder / "audio"
        content.mkdir()
        build(content, args.articles)
        count = mark_rendered(content, audio)
        print(f"{args.articles} articles x {len(LANGUAGES)} languages: {count} spoken items")

        timings = [sync_once(content, audio, queue) for _ in range(args.rounds)]
        assert all(queued == 0 for _, queued in timings)
        median = statistics.median(t for t, _ in timings)
        print(f"sync, nothing changed, in-process: median {median * 1000:.0f} ms (goal: < 1000)")

        env = {
            **os.environ,
            "CONTENT_DIR": str(content),
            "AUDIO_DIR": str(audio),
            "TTS_ENGINE": ENGINE,
            "REDIS_URL": url.geturl(),
            "APP_ENV": "development",
        }
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "flask", "--app", "app", "audio", "sync"],
            cwd=ROOT, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
        print(f"`flask --app app audio sync`, whole command: {wall * 1000:.0f} ms")
        print(f"  says: {result.stdout.strip().splitlines()[-1]}")

        changed = content / "a500.cy.md"
        changed.write_text(changed.read_text().replace("two sentences", "three sentences"))
        took, queued = sync_once(content, audio, queue)
        print(
            f"sync after one Welsh article changed: {queued} render(s) queued in "
            f"{took * 1000:.0f} ms (goal: only that article's items: its changed part, "
            "normal and slow)"
        )
        ids = [job.args[0] for job in queue.jobs]
        print(f"  queued: {ids}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        redis.flushdb()


if __name__ == "__main__":
    main()
