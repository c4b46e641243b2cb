"""Cost does not grow with content: the line on today's content against ten times as much.

    .venv/bin/python bench/scale.py [--rounds 5] [--calls 200] [--pages 8] [--redis-db 12]

Builds two content folders side by side: "today", a copy of the shipped content/, and
"ten times", the same and more: every shipped scan twice again under new names, switched on
and confirmed, each in English, Welsh and Polish (content/procedures), and generated topics
on generated menus (at most five topics a menu, nested as deep as they need), until each
language has ten times today's topics. The shipped files stay as they are in both, so the
same pages can be compared. Every spoken item is marked as rendered (a small file under
the manifest's name, as bench/sync.py does), so answers play files.

Both lines run in this process with the same settings (create_app, Flask's test client; a
migrated SQLite database each; Redis database --redis-db, flushed before and after), and
are measured in turn, round after round, so a busy neighbour slows both alike:
1. CPU time per signed POST /voice request over a mix a caller makes (the main menu, a menu
   choice, a topic's part, a scan asked for by speech, help, a Welsh menu). Goal: ten
   times the content costs at most 1.1x today's.
2. The editor's pages, signed in: a topic's edit page (English and Welsh), a scan's edit
   page, and the content overview. Goal: at most 1.2x today's; for the overview, which
   lists every document, per row listed (its whole page is shown beside).
3. `audio sync` with nothing to do on ten times the content, in-process (what the command
   does, the folder read afresh as a new process reads it). Goal: under one second. The
   whole command is timed too, and starting the app alone (with a bytecode cache, as a
   deployed line has), to show how much of it is start-up.
Prints a table and exits 1 when a goal is missed. CPU is the process's (time.process_time),
request by request through the WSGI app, so the figures include the test client's own work,
the same for both.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from flask.testing import FlaskClient  # noqa: E402
from redis import Redis  # noqa: E402
from rq import Queue  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from app import create_app  # noqa: E402
from app.audio.enqueue import reconcile  # noqa: E402
from app.audio.items import spoken_items  # noqa: E402
from app.audio.names import PIPELINE_VERSION, file_name, item_digest  # noqa: E402
from app.content import loader  # noqa: E402
from app.content.loader import load_libraries  # noqa: E402
from app.core.logs import JsonFormatter  # noqa: E402
from app.db import migrate  # noqa: E402
from bench.load import PARAMS, TOKEN  # noqa: E402  (the load benchmark's call and token)
from tests.support.admin import add_person, signed_in  # noqa: E402

LANGUAGES = ("en", "cy", "pl")
ENGINE = "espeak"
BASE_URL = "https://line.example.org"
TOPIC = "what-is-nuclear-medicine"
SCAN = "bone-scan"
# A caller's requests: (what, path with query, what they pressed or said).
MIX = (
    ("main menu", "/voice", {}),
    ("a menu choice (4)", "/voice/menu/main/choose", {"Digits": "4"}),
    ("a topic's part", f"/voice/article/{TOPIC}/part/1", {}),
    ("a scan by speech", "/voice/menu/main/choose", {"SpeechResult": "bone scan"}),
    ("help", "/voice/help", {}),
    ("a Welsh menu", "/voice/menu/resources?lang=cy", {}),
)
PAGES = (
    ("content overview", "/admin/content"),
    ("a topic's edit page", f"/admin/content/en/{TOPIC}"),
    ("a Welsh topic's edit page", f"/admin/content/cy/{TOPIC}"),
    ("a scan's edit page", f"/admin/content/en/{SCAN}"),
)
VOICE_GOAL, SYNC_GOAL, PAGE_GOAL = 1.1, 1.0, 1.2


def _suffix(lang: str) -> str:
    return "" if lang == "en" else f".{lang}"


def _front(path: Path) -> tuple[dict[str, Any], str]:
    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(front), body


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)


def _scans(folder: Path) -> int:
    """Every shipped scan twice more, under new names, switched on and confirmed, each in
    every language (the translations carry the English words: the cost is in the count).
    The shipped files stay as they are, so the same page can be measured in both."""
    shipped = [p for p in sorted((folder / "procedures").glob("*.yaml")) if p.name.count(".") == 1]
    for copy in ("-here", "-there"):
        for path in shipped:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            data.update(
                enabled=True, confirmed_by="Bench Person", confirmed_on=dt.date(2026, 12, 4)
            )
            if copy == "-there":  # "bone scan" chooses the first; these need more words
                data["name"] = f"{data['name']} at the second site"
                data["option"] = f"{data['option']} at the second site"
                data["keywords"] = [f"{k} second site" for k in data["keywords"]]
                data["order"] = data.get("order", 100) + 1000
            words = {k: data[k] for k in ("name", "option", "keywords", "sms_summary", "words")}
            stem = path.stem + copy
            (folder / "procedures" / f"{stem}.yaml").write_text(_dump(data), encoding="utf-8")
            for lang in LANGUAGES[1:]:
                (folder / "procedures" / f"{stem}.{lang}.yaml").write_text(_dump(words))
    return 2 * len(shipped)


def _tree(leaves: list[str], parent: str, key: int) -> tuple[dict[str, tuple[str, int]], list[str]]:
    """Where each leaf goes: (menu, key), at most five to a menu, menus nested as needed
    under `parent`'s `key`; and the menus, parents first."""
    at: dict[str, tuple[str, int]] = {}
    levels: list[list[str]] = []
    level, depth = leaves, 0
    while True:
        groups = [level[i : i + 5] for i in range(0, len(level), 5)]
        names = [f"more-{depth}-{n}" for n in range(len(groups))]
        for name, group in zip(names, groups, strict=True):
            at.update({child: (name, k) for k, child in enumerate(group, start=1)})
        levels.append(names)
        if len(names) == 1:
            at[names[0]] = (parent, key)
            break
        level, depth = names, depth + 1
    return at, [m for names in reversed(levels) for m in names]


def build_ten(folder: Path, times: int = 10) -> None:
    """Ten times today's topics in each language: the scans, then generated topics (today's
    topics again, under new names) on generated menus below the resources menu's key 4."""
    shutil.copytree(ROOT / "content", folder)
    today = sorted(p for p in folder.glob("*.md") if p.name.count(".") == 1)
    extra = times * len(today) - len(today) - _scans(folder)
    names = [f"more-topic-{n}" for n in range(extra)]
    at, menus = _tree(names, "resources", 4)
    for lang in LANGUAGES:
        lines = []
        for menu in menus:
            parent, key = at[menu]
            lines += [f"{menu}:", f"  parent: {parent}", f"  key: {key}"]
            lines += [f"  title: More topics {menu}", f"  option: To hear more topics {menu}"]
            lines += [f"  keywords: [more topics {menu}]", f"  intro: More topics {menu}."]
        with (folder / f"menus{_suffix(lang)}.yaml").open("a", encoding="utf-8") as menus_file:
            menus_file.write("\n" + "\n".join(lines) + "\n")
        for n, name in enumerate(names):
            front, body = _front(today[n % len(today)].with_suffix(f"{_suffix(lang)}.md"))
            menu, key = at[name]
            front.update(id=name, title=f"{front['title']} {n}", menu=menu, key=key,
                         option=f"{front['option']} {n}",
                         keywords=[f"{k} {n}" for k in front.get("keywords") or ()])  # fmt: skip
            text = f"---\n{_dump(front)}---\n{body}"
            (folder / f"{name}{_suffix(lang)}.md").write_text(text, encoding="utf-8")


def mark_rendered(content: Path, audio: Path) -> int:
    """A small file under each item's name and one manifest naming them, as if every
    render had finished."""
    items = spoken_items(load_libraries(content).values())
    audio.mkdir()
    entries = {}
    for item in items.values():
        digest = item_digest(item, ENGINE)
        (audio / file_name(digest)).write_bytes(b"\xff")
        entries[item.id] = {"file": file_name(digest), "hash": digest}
    manifest = {"version": PIPELINE_VERSION, "items": entries, "retired": {}, "drafts": {}}
    (audio / "manifest.json").write_text(json.dumps(manifest))
    return len(items)


@dataclass
class Line:
    name: str
    content: Path
    audio: Path
    env: dict[str, str]
    app: Flask
    client: FlaskClient
    admin: FlaskClient
    articles: int
    items: int


def start(name: str, content: Path, folder: Path, redis_url: str) -> Line:
    audio = folder / "audio"
    items = mark_rendered(content, audio)
    database = f"sqlite:///{(folder / 'line.sqlite3').resolve()}"
    migrate.upgrade(database)
    env = {"PUBLIC_BASE_URL": BASE_URL, "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
           "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_PHONE_NUMBER": "+441234567890",
           "REDIS_URL": redis_url, "CONTENT_DIR": str(content), "AUDIO_DIR": str(audio),
           "TTS_ENGINE": ENGINE, "SECRET_KEY": "s" * 48, "DATABASE_URL": database}  # fmt: skip
    app = create_app(env)
    _quiet()
    person = add_person(app, "admin", name="Bench Person")
    articles = len(load_libraries(content)["en"].articles)
    return Line(name, content, audio, env, app, app.test_client(),
                signed_in(app.test_client(), person), articles, items)  # fmt: skip


def _quiet() -> None:
    """The JSON log lines still made, as a server makes them, but written to nowhere."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and isinstance(
            handler.formatter, JsonFormatter
        ):
            handler.setStream(open(os.devnull, "w"))  # noqa: SIM115


def _voice(line: Line, path: str, said: dict[str, str]) -> Callable[[], Any]:
    params = {**PARAMS, **said}
    signature = RequestValidator(TOKEN).compute_signature(BASE_URL + path, params)
    headers = {"X-Twilio-Signature": signature}
    return lambda: line.client.post(path, data=params, headers=headers)


def cpu_per_request(send: Callable[[], Any], n: int) -> tuple[float, float]:
    """CPU and wall seconds per request over `n` requests, every one of them 200."""
    gc.collect()
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(n):
        response = send()
        if response.status_code != 200:
            sys.exit(f"{response.status_code}: {response.get_data(as_text=True)[:500]}")
    return (time.process_time() - cpu) / n, (time.perf_counter() - wall) / n


def _what(response: Any) -> str:
    body = response.get_data(as_text=True)
    if response.mimetype == "text/xml":
        return f"{body.count('<Play>')} <Play>, {body.count('<Say')} <Say>, {len(body)} bytes"
    return f"{len(body)} bytes of {response.mimetype}"


def sync_in_process(line: Line, queue: Queue) -> float:
    """What `audio sync` does, from reading the content to the queue: nothing to queue."""
    loader._LOADED.clear()  # a new process reads the folder afresh
    started = time.perf_counter()
    items = spoken_items(load_libraries(line.content).values())
    queued, stale = reconcile(items, line.audio, ENGINE, queue)
    took = time.perf_counter() - started
    if queued or stale:
        sys.exit(f"{line.name}: sync found {len(stale)} item(s) to render; the bench expects 0")
    return took


def _command(line: Line, code: str | None, pycache: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `flask --app app audio sync` (or `python -c code`), with the
    bytecode cache a deployed line has (this machine's shells may turn it off)."""
    env = {**os.environ, **line.env, "APP_ENV": "development", "PYTHONPYCACHEPREFIX": str(pycache)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    args = ["-c", code] if code else ["-m", "flask", "--app", "app", "audio", "sync"]
    cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, check=False)  # fmt: skip
    took = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode or not (code or done.stdout.strip().startswith("0 render(s) queued")):
        sys.exit(f"{line.name}: {args}: {done.stdout[-1000:]}{done.stderr[-2000:]}")
    return took, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime


def sync_command(line: Line, pycache: Path) -> tuple[float, float, float]:
    """The whole command's wall and CPU time, and the CPU time of starting the app alone."""
    wall, cpu = _command(line, None, pycache)
    _, start_up = _command(line, "from app import create_app; create_app()", pycache)
    return wall, cpu, start_up


def _ratio(rounds: list[tuple[float, float]]) -> tuple[float, float, float]:
    """The median over the rounds of ten times' figure over today's, and its range."""
    ratios = [ten / today for today, ten in rounds]
    return statistics.median(ratios), min(ratios), max(ratios)


def _row(what: str, rounds: list[tuple[float, float]], goal: float | None) -> bool:
    """A line of the table; whether the ratio meets `goal` (None: shown, not judged)."""
    today, ten = (statistics.median(r[i] for r in rounds) for i in (0, 1))
    ratio, low, high = _ratio(rounds)
    met = goal is None or ratio <= goal
    verdict = "" if goal is None else (" met" if met else " **not met**")
    scale, label = (1e6, "us") if today < 1e-2 else (1e3, "ms")
    spread = f" ({low:.2f} to {high:.2f})" if len(rounds) > 1 else ""
    print(f"| {what} | {today * scale:,.0f} {label} | {ten * scale:,.0f} {label} | "
          f"**{ratio:.2f}x**{spread}{verdict} |")  # fmt: skip
    return met


Pair = list[tuple[float, float]]


@dataclass
class Figures:
    voice: dict[str, Pair]
    mix: Pair
    pages: dict[str, Pair]
    rows: tuple[int, int]  # the overview's rows (a document each), today and ten times
    sync: Pair
    command: list[tuple[tuple[float, float, float], ...]]


def measure(
    lines: tuple[Line, Line], queue: Queue, args: argparse.Namespace, folder: Path
) -> Figures:
    sends = {ln.name: {what: _voice(ln, path, said) for what, path, said in MIX} for ln in lines}
    found = Figures({what: [] for what, *_ in MIX}, [], {}, (0, 0), [], [])
    for line in lines:
        print(f"{line.name}: {line.articles} topics and scans in each of "
              f"{len(LANGUAGES)} languages, {line.items:,} spoken items")  # fmt: skip
        for what, send in sends[line.name].items():
            print(f"  {what}: {_what(send())}")
        for what, path in PAGES:
            response = line.admin.get(path)
            if response.status_code != 200:
                print(f"  {what}: {response.status_code}, not measured")
                continue
            found.pages.setdefault(what, [])
            print(f"  {what}: {_what(response)}")
    overviews = [ln.admin.get(PAGES[0][1]).get_data(as_text=True) for ln in lines]
    found.rows = (overviews[0].count('scope="row"'), overviews[1].count('scope="row"'))
    time.sleep(1.1)  # content files settle (app.content.loader: a change in the last second)
    for line in lines:  # warm: every remembered answer made, every cache filled
        for send in sends[line.name].values():
            cpu_per_request(send, 20)
        for what, path in PAGES:
            if what in found.pages:
                line.admin.get(path)
    print(f"load average before measuring: {os.getloadavg()[0]:.1f}")
    for n in range(1, args.rounds + 1):
        total = [0.0, 0.0]
        for what, *_ in MIX:
            today, ten = (cpu_per_request(sends[ln.name][what], args.calls)[0] for ln in lines)
            found.voice[what].append((today, ten))
            total = [total[0] + today, total[1] + ten]
        found.mix.append((total[0] / len(MIX), total[1] / len(MIX)))
        for what, path in PAGES:
            if what in found.pages:
                today, ten = (cpu_per_request(lambda ln=ln, p=path: ln.admin.get(p), args.pages)[0]
                              for ln in lines)  # fmt: skip
                found.pages[what].append((today, ten))
        print(f"  round {n}: the mix {found.mix[-1][0] * 1e6:.0f} us today, "
              f"{found.mix[-1][1] * 1e6:.0f} us ten times")  # fmt: skip
    sync = [tuple(sync_in_process(ln, queue) for ln in lines) for _ in range(args.rounds)]
    found.sync = [(today, ten) for today, ten in sync]
    pycache = folder / "pycache"
    _command(lines[0], "import app.factory", pycache)  # the bytecode cache made once
    found.command = [tuple(sync_command(ln, pycache) for ln in lines) for _ in range(3)]
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved; medians")
    parser.add_argument("--calls", type=int, default=200, help="each webhook, each round")
    parser.add_argument("--pages", type=int, default=8, help="each editor page, each round")
    parser.add_argument("--redis-db", type=int, default=12)
    args = parser.parse_args()
    base = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    redis_url = base._replace(path=f"/{args.redis_db}").geturl()
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    try:
        with tempfile.TemporaryDirectory(prefix="bench-scale-") as tmp:
            folder = Path(tmp)
            (folder / "today").mkdir()
            (folder / "ten").mkdir()
            today = Path(shutil.copytree(ROOT / "content", folder / "today" / "content"))
            build_ten(folder / "ten" / "content")
            lines = (
                start("today", today, folder / "today", redis_url),
                start("ten times", folder / "ten" / "content", folder / "ten", redis_url),
            )
            figures = measure(lines, Queue("audio", connection=redis), args, folder)
    finally:
        redis.flushdb()
        redis.close()
    sys.exit(0 if report(figures, args, lines) else 1)


def report(figures: Figures, args: argparse.Namespace, lines: tuple[Line, Line]) -> bool:
    """The table; whether every goal is met."""
    print(f"\n{dt.date.today().isoformat()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.1f}; topics and scans in each language: today "
          f"{lines[0].articles}, ten times {lines[1].articles}; medians of {args.rounds} "
          f"interleaved rounds ({args.calls} of each webhook, {args.pages} of each page, a "
          "round; the range of the rounds in brackets)\n")  # fmt: skip
    print("| what | today | ten times the content | ten times / today |")
    print("| --- | ---: | ---: | ---: |")
    ok = _row(f"CPU per signed `POST /voice`..., the mix (goal <= {VOICE_GOAL}x)", figures.mix,
              VOICE_GOAL)  # fmt: skip
    for what, rounds in figures.voice.items():
        _row(f"- {what}", rounds, None)
    rows = figures.rows
    for what, rounds in figures.pages.items():
        if what == PAGES[0][0]:  # a list of every document: its cost is per row
            _row(f"CPU per editor page: {what}, the whole page ({rows[0]} and {rows[1]} rows)",
                 rounds, None)  # fmt: skip
            rounds = [(a / rows[0], b / rows[1]) for a, b in rounds]
            what = f"{what}, per row"
        ok &= _row(f"CPU per editor page: {what} (goal <= {PAGE_GOAL}x)", rounds, PAGE_GOAL)
    _row("`audio sync`, nothing to do, in-process (wall)", figures.sync, None)
    took = statistics.median(ten for _, ten in figures.sync)
    met = took < SYNC_GOAL
    print(f"| the same, ten times the content (goal < {SYNC_GOAL:.0f} s) | | {took * 1000:,.0f} ms "
          f"| {'met' if met else '**not met**'} |")  # fmt: skip
    command = figures.command
    for i, what in enumerate(("wall", "CPU", "CPU of starting the app alone")):
        _row(f"`flask --app app audio sync`, the whole command: {what}",
             [(today[i], ten[i]) for today, ten in command], None)  # fmt: skip
    return ok and met


if __name__ == "__main__":
    main()
