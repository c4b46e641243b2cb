"""The web app under load, against a bare Flask route under the same gunicorn settings.

    .venv/bin/python bench/load.py [--connections 30] [--duration 10] [--rounds 3]
                          [--workers 2] [--threads 4]

Starts two gunicorns as the Procfile does (its workers and threads unless told otherwise),
each on a free loopback port: one with bench/bare.py (one route returning constant TwiML),
one with the line on the shipped content, its audio rendered with espeak (cached between
runs), and a Redis database that is not the line's (9 unless --redis-db, flushed before and
after). wrk measures, with the same connections and duration for each:
  (a) POST /voice, signed as Twilio signs it;
  (b) POST /voice/article/<id>, signed: a topic starting;
  (c) GET /articles/<id>: the topic's web page;
  (d) the bare route, and the same after the form is parsed and the signature checked.
Before measuring, each signed request is checked to get 200 (and the same request unsigned
403), so the figures are of the real path. The four are measured in turn, for several rounds,
so a busy neighbour on the machine slows them alike. What is compared is the server's CPU
time per request (gunicorn's workers, from /proc), not requests per second: under gthread
workers wrk's connections sometimes all land on one worker, and a route's req/s then drops
two- to three-fold for that round. Each route's CPU per request is compared with the floor
for any signed route, (d)'s signed route, measured in the same round. Goal: each signed
route at least 0.85 of the floor (floor CPU / route CPU).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from redis import Redis  # noqa: E402
from twilio.request_validator import RequestValidator  # noqa: E402

from tests.support.live_server import LiveServer, free_port  # noqa: E402

TOKEN = "bench-auth-token-0123456789abcdef"
ARTICLE = "what-is-nuclear-medicine"
# What Twilio posts with every voice webhook; the caller is one of the tests' numbers.
PARAMS = {
    "CallSid": "CA" + "1" * 32,
    "AccountSid": "AC" + "0" * 32,
    "From": "+447400123456",
    "To": "+441234567890",
    "CallStatus": "in-progress",
    "Direction": "inbound",
}
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "nm-info-line"
_UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


@dataclass(frozen=True)
class Target:
    name: str
    method: str
    path: str
    signed: bool


@dataclass(frozen=True)
class Result:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad: int  # non-2xx/3xx responses and socket errors
    cpu_us: float = 0.0  # the workers' CPU time per request: what a busy neighbour barely moves
    spread: tuple[int, ...] = ()  # wrk's connections held by each worker, busiest first
    tries: int = 1


TARGETS = (
    Target("signed POST /voice", "POST", "/voice", True),
    Target(f"signed POST /voice/article/{ARTICLE}", "POST", f"/voice/article/{ARTICLE}", True),
    Target(f"GET /articles/{ARTICLE} (web page)", "GET", f"/articles/{ARTICLE}", False),
)
BARE = Target("bare Flask route, constant TwiML", "POST", "/voice", False)
# What every Twilio route must do before any of the line's own work.
SIGNED = Target("bare route + form parsed + signature checked", "POST", "/signed", True)


def _find(pattern: str, text: str) -> str:
    found = re.search(pattern, text, re.M)
    if found is None:
        raise ValueError(f"wrk's report has no {pattern!r}:\n{text}")
    return found.group(1)


def _ms(value: str) -> float:
    """wrk's 812.00us, 4.26ms, 1.02s or 1.5m, in milliseconds."""
    unit = _find(r"(us|ms|s|m)$", value)
    return float(value.removesuffix(unit)) * _UNITS_MS[unit]


def parse_wrk(output: str) -> Result:
    """Throughput, median and 99th percentile, and anything that went wrong, from wrk
    --latency's report."""
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        rps=float(_find(r"Requests/sec:\s+([\d.]+)", output)),
        p50_ms=_ms(_find(r"^\s+50%\s+(\S+)", output)),
        p99_ms=_ms(_find(r"^\s+99%\s+(\S+)", output)),
        requests=int(_find(r"(\d+) requests in", output)),
        bad=(int(non2xx.group(1)) if non2xx else 0)
        + (sum(int(n) for n in sockets.groups()) if sockets else 0),
    )


def _request(base_url: str, target: Target) -> tuple[str, str, dict[str, str]]:
    """The method, body and headers of the request, signed for this server when it must be."""
    if target.method == "GET":
        return "GET", "", {}
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if target.signed:
        url = base_url + target.path
        headers["X-Twilio-Signature"] = RequestValidator(TOKEN).compute_signature(url, PARAMS)
    return "POST", urlencode(PARAMS), headers


def _lua(method: str, body: str, headers: dict[str, str]) -> str:
    lines = [f"wrk.method = {json.dumps(method)}"]
    if body:
        lines.append(f"wrk.body = {json.dumps(body)}")
    lines += [f"wrk.headers[{json.dumps(k)}] = {json.dumps(v)}" for k, v in headers.items()]
    return "\n".join(lines) + "\n"


def check(base_url: str, target: Target) -> str:
    """Send the benchmark's request once: 200 (and 403 unsigned), or stop. Says what came back."""
    method, body, headers = _request(base_url, target)
    status, kind, data = _send(base_url, method, target.path, body, headers)
    if status != 200:
        sys.exit(f"{target.name}: {status}, not 200; the benchmark would not measure the line")
    if target.signed:
        unsigned = {k: v for k, v in headers.items() if k != "X-Twilio-Signature"}
        refused, *_ = _send(base_url, method, target.path, body, unsigned)
        if refused != 403:
            sys.exit(f"{target.name}: unsigned got {refused}, not 403")
    if kind == "text/xml":
        verbs = [e.tag for e in ET.fromstring(data).iter()]
        return (
            f"{len(data)} bytes of TwiML, {verbs.count('Play')} <Play>, {verbs.count('Say')} <Say>"
        )
    return f"{len(data)} bytes of {kind}"


def _send(base_url: str, method: str, path: str, body: str, headers: dict[str, str]):
    connection = http.client.HTTPConnection(urlsplit(base_url).hostname, urlsplit(base_url).port)
    try:
        connection.request(method, path, body=body or None, headers=headers)
        with connection.getresponse() as response:
            kind = (response.getheader("Content-Type") or "").split(";")[0]
            return response.status, kind, response.read()
    finally:
        connection.close()


def measure(server: LiveServer, target: Target, args: argparse.Namespace, folder: Path) -> Result:
    """wrk against one target. With keep-alive, one gunicorn worker may accept all of wrk's
    connections and leave the other idle; such a run is measured again (--tries)."""
    script = folder / (re.sub(r"\W+", "-", target.name).strip("-") + ".lua")
    script.write_text(_lua(*_request(server.url, target)))
    command = ["wrk", f"-t{args.wrk_threads}", f"-c{args.connections}", f"-d{args.duration}s",
               "--latency", "-s", str(script), server.url + target.path]  # fmt: skip
    tries = 0
    while True:
        tries += 1
        cpu = server.worker_cpu_seconds()
        wrk = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        time.sleep(min(1.0, args.duration / 3))
        spread = server.connections()
        output, problem = wrk.communicate()
        cpu = server.worker_cpu_seconds() - cpu
        if wrk.returncode:
            sys.exit(f"wrk failed: {problem}")
        if _balanced(spread) or tries >= args.tries:
            break
    result = parse_wrk(output)
    if result.bad:
        sys.exit(f"{target.name}: {result.bad} bad responses or socket errors\n{output}")
    return dataclasses.replace(
        result, cpu_us=cpu / result.requests * 1e6, spread=tuple(spread), tries=tries
    )


def _balanced(spread: tuple[int, ...] | list[int]) -> bool:
    """Every worker holds at least one of wrk's connections in ten."""
    return len(spread) < 2 or spread[-1] * 10 >= sum(spread)


def warm_up(base_url: str, target: Target, args: argparse.Namespace) -> None:
    """Every worker up and every cache warm before the first measurement."""
    method, body, headers = _request(base_url, target)
    for _ in range(args.warmup):
        _send(base_url, method, target.path, body, headers)


def render_audio(content: Path, redis_url: str) -> Path:
    """The shipped content's audio, with espeak, in a cache kept between runs."""
    audio = CACHE / "bench-audio"
    env = {**os.environ, "APP_ENV": "development", "CONTENT_DIR": str(content),
           "AUDIO_DIR": str(audio), "TTS_ENGINE": "espeak", "REDIS_URL": redis_url}  # fmt: skip
    print(f"audio: rendering what is missing in {audio} (the first run takes a minute)")
    done = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "app", "audio", "sync", "--inline"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        sys.exit(f"audio sync failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    print(f"  {done.stdout.strip().splitlines()[-1]}")
    return audio


def serve(app: str | None, env: dict[str, str], args, folder: Path) -> LiveServer:
    """gunicorn with `app` (the line when None), signing for its own loopback address."""
    port = free_port()
    env = {**env, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}"}
    log = folder / f"{port}.log"
    return LiveServer(env, log, port=port, app=app, workers=args.workers, threads=args.threads)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--connections", type=int, default=30)
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=3, help="each target, interleaved; median")
    parser.add_argument("--warmup", type=int, default=200, help="requests before measuring")
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--tries", type=int, default=3, help="runs when a worker sits idle")
    parser.add_argument("--workers", type=int, default=None, help="default: the Procfile's")
    parser.add_argument("--threads", type=int, default=None, help="default: the Procfile's")
    parser.add_argument("--redis-db", type=int, default=9)
    args = parser.parse_args()
    base = urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    redis_url = base._replace(path=f"/{args.redis_db}").geturl()
    redis = Redis.from_url(redis_url)
    redis.flushdb()
    rounds: dict[Target, list[Result]] = {t: [] for t in (BARE, SIGNED, *TARGETS)}
    try:
        with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp, ExitStack() as servers:
            folder = Path(tmp)
            content = Path(shutil.copytree(ROOT / "content", folder / "content"))
            audio = Path(shutil.copytree(render_audio(content, redis_url), folder / "audio"))
            env = {**os.environ, "TWILIO_AUTH_TOKEN": TOKEN, "SECRET_KEY": "b" * 32,
                   "REDIS_URL": redis_url, "CONTENT_DIR": str(content), "AUDIO_DIR": str(audio),
                   "TTS_ENGINE": "espeak"}  # fmt: skip
            # Both servers up at once, measured in turn: a busy neighbour slows both alike.
            bare = servers.enter_context(serve("bench.bare:create_app()", env, args, folder))
            line = servers.enter_context(serve(None, env, args, folder))
            on = {BARE: bare, SIGNED: bare, **{t: line for t in TARGETS}}
            for target, server in on.items():
                print(f"{target.name}: {check(server.url, target)}")
                warm_up(server.url, target, args)
            print(f"load average before measuring: {os.getloadavg()[0]:.1f}")
            for n in range(1, args.rounds + 1):
                for target, server in on.items():
                    r = measure(server, target, args, folder)
                    rounds[target].append(r)
                    print(f"  round {n}: {target.name}: {r.rps:.0f} req/s, p50 {r.p50_ms:.2f} ms, "
                          f"p99 {r.p99_ms:.2f} ms, {r.cpu_us:.0f} us CPU; connections per "
                          f"worker {'/'.join(map(str, r.spread))}"
                          + (f" (run {r.tries} times)" if r.tries > 1 else ""))  # fmt: skip
            command = line.command
    finally:
        redis.flushdb()
        redis.close()
    report(rounds, command, args)


def _median(results: list[Result]) -> Result:
    return Result(
        statistics.median(r.rps for r in results),
        statistics.median(r.p50_ms for r in results),
        statistics.median(r.p99_ms for r in results),
        sum(r.requests for r in results),
        sum(r.bad for r in results),
        statistics.median(r.cpu_us for r in results),
    )


def report(rounds: dict[Target, list[Result]], command: list[str], args) -> None:
    """A markdown table: medians over the rounds; each route's share of the floor is the
    median, over the rounds, of the floor's CPU per request over the route's in that round."""
    workers, threads = (command[command.index(f) + 1] if f in command else "gunicorn.conf.py's"
                        for f in ("--workers", "--threads"))  # fmt: skip
    print(
        f"\ngunicorn {workers} workers x {threads} threads; wrk {args.wrk_threads} threads, "
        f"{args.connections} connections, {args.duration} s each, median of {args.rounds} "
        f"interleaved rounds; {os.cpu_count()} cores; {dt.date.today().isoformat()}"
    )
    runs = [r for each in rounds.values() for r in each]
    again, still = sum(r.tries - 1 for r in runs), sum(not _balanced(r.spread) for r in runs)
    if again:
        print(
            f"{again} run(s) of wrk measured again: one worker had accepted (nearly) all of "
            "wrk's keep-alive connections and the other sat idle"
            + (f"; {still} measurement(s) still so" if still else "")
        )
    print()
    print("| request | CPU per request | share of the floor (goal >= 0.85) | req/s | p50 | p99 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for target in (*TARGETS, SIGNED, BARE):
        r = _median(rounds[target])
        shares = [f.cpu_us / t.cpu_us for t, f in zip(rounds[target], rounds[SIGNED], strict=True)]
        share = statistics.median(shares)
        spread = f" ({min(shares):.2f} to {max(shares):.2f})" if len(shares) > 1 else ""
        if target is SIGNED:
            verdict = "1.00 (the floor)"
        elif target is BARE:
            verdict = f"{share:.2f} (no signature: below the floor)"
        else:
            goal = "met" if share >= 0.85 else "**not met**"
            verdict = f"{share:.2f}{spread} {goal}"
        print(
            f"| {target.name} | {r.cpu_us:.0f} us | {verdict} | {r.rps:,.0f} | "
            f"{r.p50_ms:.1f} ms | {r.p99_ms:.1f} ms |"
        )


if __name__ == "__main__":
    main()
