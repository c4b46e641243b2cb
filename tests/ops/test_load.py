"""200 callers at once, for a bounded time, against the app under gunicorn over real HTTP.

Each caller is a `Call` from the simulator: signed webhooks, <Gather> answered with a key the
menu offers (sometimes words, sometimes silence), <Redirect> followed, every <Play> fetched,
every document checked against Twilio's schema. Not one error is allowed. The latencies are
printed, not asserted: this machine's figures are not a promise about another's.
"""

from __future__ import annotations

import json
import logging
import os
import random
import re
import statistics
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app.content.keys import (
    BACK,
    HELP,
    LANGUAGE,
    MAIN_MENU,
    PART_BACK,
    PART_FORWARD,
    REPEAT,
    SLOWER,
)
from tests.support.line import AUTH_TOKEN
from tests.support.live_server import LiveServer, free_port
from tests.support.numbers import TEST_NUMBERS, assert_no_phone_numbers
from tests.support.shipped import libraries
from tests.support.simulator import Call, HttpClient, Turn, voice_schema

pytestmark = pytest.mark.slow  # gunicorn, real processes
CALLERS = 200
SECONDS = 15.0
THINK = (0.05, 0.4)  # seconds between a caller's answers
LONGEST_CALL = 30  # answers before a caller hangs up, at most
# The keys that work everywhere: each offered now and then, the topics more often.
EVERYWHERE = (REPEAT, BACK, MAIN_MENU, HELP, SLOWER, LANGUAGE)
MENU = re.compile(r"/voice/menu/([^/]+)/choose")
PART = re.compile(r"/voice/article/[^/]+/part/\d+/choose")
OPTIONS = re.compile(r"/voice/article/[^/]+/choose")


def offered(action: str) -> list[str]:
    """The keys a caller may press at this <Gather>, the ones that move the call on first."""
    parts = urlsplit(action)
    lang = parse_qs(parts.query).get("lang", ["en"])[0]
    if found := MENU.fullmatch(parts.path):
        topics = [t.key for t in libraries()[lang].menus[found.group(1)].topics]
        return topics * 3 + list(EVERYWHERE)
    if PART.fullmatch(parts.path):
        return [PART_FORWARD, PART_FORWARD, PART_BACK, *EVERYWHERE]
    if OPTIONS.fullmatch(parts.path):
        return ["1", "1", *EVERYWHERE]  # 1: the link by text
    if parts.path == "/voice/languages/choose":
        return [str(n) for n in range(1, len(libraries()) + 1)] * 2 + list(EVERYWHERE)
    if parts.path == "/voice/help/choose":
        return [BACK, REPEAT, MAIN_MENU]
    raise AssertionError(f"a <Gather> the load test does not know: {action}")


def answer(phone: Call, turn: Turn, rng: random.Random) -> Turn:
    """What one caller does when the line waits: mostly a key, sometimes words or silence."""
    assert turn.gather is not None
    action = turn.gather["action"]
    listening = PART.fullmatch(urlsplit(action).path) is not None
    if rng.random() < (0.5 if listening else 0.05):  # in a topic, silence hears the next part
        return phone.wait()
    if found := MENU.fullmatch(urlsplit(action).path):
        if rng.random() < 0.1:
            lang = parse_qs(urlsplit(action).query).get("lang", ["en"])[0]
            topic = rng.choice(libraries()[lang].menus[found.group(1)].topics)
            return phone.say(rng.choice(topic.keywords))
    return phone.press(rng.choice(offered(action)))


@dataclass
class Caller:
    number: int
    calls: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[tuple[str, str, float]] = field(default_factory=list)


def call_repeatedly(caller: Caller, base_url: str, until: float) -> Caller:
    """One caller: a call, then another, until time is up; every failure is written down."""
    rng = random.Random(caller.number)
    time.sleep(rng.uniform(0, 1))  # callers arrive over the first second, not in one instant
    with HttpClient(base_url, timeout=10) as client:
        while time.monotonic() < until:
            caller.calls += 1
            phone = Call(client, AUTH_TOKEN, base_url, caller=rng.choice(TEST_NUMBERS))
            try:
                turn = phone.start()
                for _ in range(rng.randint(3, LONGEST_CALL)):
                    if turn.hung_up or turn.dialled or time.monotonic() >= until:
                        break
                    time.sleep(rng.uniform(*THINK))
                    turn = answer(phone, turn, rng)
            except Exception as exc:  # counted, and the caller rings again
                caller.errors.append(f"{type(exc).__name__}: {exc}"[:500])
        caller.latencies = client.latencies
    return caller


@pytest.fixture
def server(config: dict[str, str], tmp_path: Path) -> Iterator[LiveServer]:
    """The app under gunicorn with the Procfile's workers and threads, signing for loopback."""
    port = free_port()
    env = {**os.environ, **config, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    with LiveServer(env, tmp_path / "gunicorn.log", port=port) as server:
        yield server
    output = server.log()
    assert_no_phone_numbers(output)
    assert "Traceback" not in output, output[-3000:]
    assert "WORKER TIMEOUT" not in output, output[-3000:]


def _app_seconds(log: str) -> list[float]:
    """Each request's time inside the app, in seconds, from its JSON access lines."""
    times = []
    for line in log.splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and entry.get("logger") == "app.access" and "ms" in entry:
            times.append(float(entry["ms"]) / 1000)
    return times


def _percentiles(seconds: list[float]) -> str:
    cuts = statistics.quantiles(seconds, n=100, method="inclusive")
    ms = {"p50": cuts[49], "p90": cuts[89], "p99": cuts[98], "max": max(seconds)}
    return "  ".join(f"{name} {value * 1000:7.1f} ms" for name, value in ms.items())


def test_two_hundred_callers_at_once_are_all_answered_without_one_error(
    server: LiveServer, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
):
    caplog.set_level(logging.WARNING, logger="urllib3")  # not one line per request
    voice_schema()  # built once, before the callers share it
    started = time.monotonic()
    until = started + SECONDS
    with ThreadPoolExecutor(max_workers=CALLERS) as pool:
        callers = list(
            pool.map(lambda n: call_repeatedly(Caller(n), server.url, until), range(CALLERS))
        )
    took = time.monotonic() - started

    errors = [e for c in callers for e in c.errors]
    latencies = [item for c in callers for item in c.latencies]
    twiml = [s for method, _, s in latencies if method == "POST"]
    audio = [s for method, path, s in latencies if method == "GET" and path.startswith("/audio/")]
    with capsys.disabled():
        print(
            f"\n{CALLERS} callers, {took:.1f} s: {sum(c.calls for c in callers)} calls, "
            f"{len(latencies)} requests ({len(latencies) / took:.0f}/s), {len(errors)} errors"
        )
        print(f"  TwiML webhooks {len(twiml):6}  {_percentiles(twiml)}")
        print(f"  audio fetches  {len(audio):6}  {_percentiles(audio)}")
        print(f"  all requests   {len(latencies):6}  {_percentiles([s for *_, s in latencies])}")
        served = _app_seconds(server.log())
        if served:  # the app's own measure, without the queueing in front of it
            print(f"  inside the app {len(served):6}  {_percentiles(served)}")
    assert errors == [], f"{len(errors)} errors, the first: {errors[:5]}"
    assert len(twiml) > CALLERS * 3 and len(audio) > CALLERS  # the callers really called
