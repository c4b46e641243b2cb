"""Faults a caller must never notice: Redis gone mid-call, a worker killed mid-write, gTTS
out of reach, a full disk. On loopback only, with real Redis servers, real rq workers and a
real (tmpfs) filesystem that fills up."""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

import pytest
import responses
from redis import Redis, RedisError
from rq import Queue, SimpleWorker
from rq.job import Job

from app import create_app
from app.audio.encode import check_audio
from app.audio.enqueue import enqueue_render
from app.audio.items import spoken_items
from app.audio.manifest import MANIFEST, prune, read_manifest
from app.audio.names import ABANDONED_AFTER, TEMPORARY, audio_hash
from app.audio.render import AudioConfig, render_item
from app.audio.status import job_id
from app.content.loader import load_libraries
from app.core.counts import day_counts
from app.queues import AUDIO, SMS
from app.services import services
from tests.support import gtts_stub
from tests.support.edits import ADDED, add_words
from tests.support.line import AUTH_TOKEN, BASE_URL, CONTENT, SMALL_ARTICLES
from tests.support.numbers import MOBILE
from tests.support.phone import OPTIONS
from tests.support.processes import killed_when_marked, line_worker, run_worker
from tests.support.shipped import library, main_heard
from tests.support.simulator import Call, Turn, signed_post

pytestmark = pytest.mark.slow  # private Redis servers, real rq workers, a tmpfs
T = TypeVar("T")
WELCOME = "en/normal/prompt:welcome"
SLOW_WELCOME = "en/slow/prompt:welcome"
PAGE = os.sysconf("SC_PAGE_SIZE")


def timed(action: Callable[[], T]) -> tuple[T, float]:
    started = time.monotonic()
    return action(), time.monotonic() - started


def assert_whole_mp3s(client, urls: list[str]) -> None:
    """Every file the caller was played is served whole: each frame well formed, to the end."""
    assert urls, "the caller was played no audio at all"
    for url in urls:
        response = client.get(urlsplit(url).path, buffered=True)
        assert response.status_code == 200, url
        with tempfile.NamedTemporaryFile(suffix=".mp3") as copy:
            copy.write(response.get_data())
            copy.flush()
            assert check_audio(Path(copy.name)) > 0.3, url


def options_after(phone: Call, turn: Turn, elapsed: list[float] | None = None) -> Turn:
    """Press 6 through the parts of a topic, to the options after it."""
    while turn.gather and "/part/" in turn.gather["action"]:
        turn, seconds = timed(lambda: phone.press("6"))
        if elapsed is not None:
            elapsed.append(seconds)
    return turn


def sms_reply(client, body: str) -> str:
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": MOBILE, "Body": body})
    assert response.status_code == 200 and response.mimetype == "text/xml"
    message = ET.fromstring(response.data).find("Message")
    assert message is not None, response.data
    return message.text or ""


# --- Redis stopped in the middle of calls --------------------------------------------------


class PrivateRedis:
    """A redis-server of our own on a free loopback port, to kill and bring back."""

    def __init__(self, folder: Path) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.folder, self.url = folder, f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        probe = Redis.from_url(self.url, socket_connect_timeout=0.5)
        try:
            for _ in range(200):
                try:
                    probe.ping()
                    return
                except RedisError:
                    assert self.process.poll() is None, "redis-server did not start"
                    time.sleep(0.05)
            raise AssertionError("redis-server did not answer")
        finally:
            probe.close()

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()
        self.process.wait(10)
        self.process = None

    def connection(self) -> Redis:
        return Redis.from_url(self.url)


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    if server.process is not None:
        server.kill()


class TestRedisStoppedMidCall:
    """One app object throughout: Redis dies under it and comes back on the same port."""

    @pytest.fixture
    def config(self, config: dict[str, str], private_redis: PrivateRedis) -> dict[str, str]:
        return {**config, "REDIS_URL": private_redis.url}

    def test_calls_go_on_from_disk_texts_are_apologised_for_and_all_recovers(
        self, app, call, client, private_redis
    ):
        phone = call()
        assert phone.start().heard == ["prompt:welcome", *main_heard(), "prompt:urgent"]

        private_redis.kill()
        elapsed: list[float] = []
        turn, seconds = timed(lambda: phone.press("4"))
        elapsed.append(seconds)
        assert turn.heard[:2] == ["intro:your-results", "article:your-results:1"]
        played = list(turn.played)
        turn = options_after(phone, turn, elapsed)
        assert turn.heard == OPTIONS
        turn, seconds = timed(lambda: phone.press("1"))
        elapsed.append(seconds)
        # Spoken, and the caller is still offered the options: no silence, no error message.
        assert turn.heard == ["prompt:text_unavailable", *OPTIONS]
        assert turn.gather is not None
        played += turn.played
        turn, seconds = timed(lambda: phone.press("9"))
        elapsed.append(seconds)
        assert turn.heard == main_heard()
        # A new call while Redis is down is answered as usual.
        other = call()
        turn, seconds = timed(other.start)
        elapsed.append(seconds)
        assert turn.heard == ["prompt:welcome", *main_heard(), "prompt:urgent"]
        played += turn.played
        assert_whole_mp3s(client, played)
        # Connection refused on loopback is immediate: no request waits for a timeout.
        assert max(elapsed) < 1.0, elapsed
        reply, seconds = timed(lambda: sms_reply(client, "results"))
        assert reply.startswith("Sorry, something went wrong on our side.")
        assert seconds < 1.0

        private_redis.start()  # same port, empty: it kept nothing
        turn = options_after(phone, phone.press("4"))
        said = phone.press("1").said
        assert said and said[0] == library().prompt("text_sending", digits="4, 5, 6")
        redis = private_redis.connection()
        assert Queue(SMS, connection=redis).count == 1
        assert f"{BASE_URL}/articles/your-results" in sms_reply(client, "results")
        assert day_counts(redis)["plays:your-results"] >= 1  # counting goes on
        redis.close()

    def test_a_hung_redis_delays_a_keypress_by_its_timeouts_not_more(self, config, private_redis):
        # Counts written by their thread each second, as in production: only asking for a
        # text waits on Redis.
        app = create_app({**config, "STATS_FLUSH_SECONDS": "1"})
        phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL)
        phone.start()
        options_after(phone, phone.press("4"))
        assert private_redis.process is not None
        os.kill(private_redis.process.pid, signal.SIGSTOP)  # it accepts, and never answers
        try:
            turn, seconds = timed(lambda: phone.press("7"))
            assert turn.said == []  # the topic again, from its files
            options_after(phone, turn)
            turn, asked = timed(lambda: phone.press("1"))
        finally:
            os.kill(private_redis.process.pid, signal.SIGCONT)
        unavailable = read_manifest(Path(config["AUDIO_DIR"]))["en/normal/prompt:text_unavailable"]
        assert turn.said == [] and turn.played[0].endswith(unavailable["file"])
        assert seconds < 1.0, seconds
        # Twilio gives up on a webhook after 15 seconds. The web's Redis client waits 1 s
        # and does not try a timed-out command again: the caller waits about a second.
        assert asked < 3, asked


# --- Audio: a small line rendered once, copied for each test -------------------------------


@pytest.fixture(scope="session")
def small_audio(tmp_path_factory: pytest.TempPathFactory, rendered_audio: Path) -> Path:
    """Every item of the small English line, normal and slower, rendered once with espeak
    (the files the whole line's English audio already has are taken from it)."""
    content = tmp_path_factory.mktemp("small-line")
    for name in ("menus.yaml", "prompts.yaml", *(f"{a}.md" for a in SMALL_ARTICLES)):
        shutil.copy(CONTENT / name, content / name)
    audio = tmp_path_factory.mktemp("small-audio")
    config = AudioConfig(content, audio, "espeak")
    items = list(spoken_items(load_libraries(content).values()).values())
    digests = [audio_hash(i.text, "espeak", i.lang, i.slow) for i in items]
    for digest in digests:
        if (rendered_audio / f"{digest}.mp3").exists():
            shutil.copy(rendered_audio / f"{digest}.mp3", audio)
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        ids = [i.id for i in items]
        for done in pool.map(render_item, [config] * len(items), ids, digests):
            assert done in ("rendered", "already rendered")
    return audio


def small_line(config: dict[str, str], content: Path, audio: Path) -> dict[str, str]:
    return {**config, "CONTENT_DIR": str(content), "AUDIO_DIR": str(audio),
            "AUDIO_RETRY_INTERVALS": "0,0"}  # fmt: skip


def edit_welcome(content: Path) -> None:
    add_words(content / "prompts.yaml", "welcome")


def states(app) -> dict[str, str]:
    result = app.test_cli_runner().invoke(args=["audio", "status"])
    assert result.exit_code == 0, result.output
    return {line.split()[1]: line for line in result.output.splitlines()}


def sync(app) -> str:
    result = app.test_cli_runner().invoke(args=["audio", "sync"])
    assert result.exit_code == 0, result.output
    return result.output


def leftovers(audio: Path) -> list[str]:
    return sorted(p.name for p in audio.iterdir() if TEMPORARY.match(p.name))


def wait_until(done: Callable[[], bool], seconds: float, what: str, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < deadline, f"gave up waiting: {what}\n{log.read_text()[-3000:]}"
        time.sleep(0.1)


def hear_welcome(app) -> Turn:
    """A new call: what it hears first, with every played file checked whole."""
    client = app.test_client()
    turn = Call(client, AUTH_TOKEN, BASE_URL).start()
    assert_whole_mp3s(client, turn.played)
    return turn


def assert_new_welcome_is_spoken(turn: Turn) -> None:
    """The changed words, through <Say>; the menus still from their files."""
    assert len(turn.said) == 1 and turn.said[0].endswith(ADDED)
    assert len(turn.played) == 2  # the main menu and urgent help (English only: no offers)


def idle(redis: Redis) -> bool:
    """A worker is waiting for work (BLMOVE on one queue, BLPOP on several), as it is nearly
    all of the time."""
    return any(client.get("cmd") in ("blmove", "blpop") for client in redis.client_list())


def test_the_worker_lives_through_a_redis_restart_and_renders_what_is_queued_after(
    config, small_content, small_audio, tmp_path, worker_env, private_redis
):
    audio = Path(shutil.copytree(small_audio, tmp_path / "line-audio"))
    settings = {**small_line(config, small_content, audio), "REDIS_URL": private_redis.url}
    app = create_app(settings)
    redis = private_redis.connection()
    log = tmp_path / "worker.log"
    with line_worker({**worker_env, **settings}, log) as worker:
        wait_until(lambda: idle(redis), 20, "the worker never waited for work", log)
        private_redis.kill()
        time.sleep(1)  # the worker finds Redis gone
        private_redis.start()
        edit_welcome(small_content)
        assert "queued  en/normal/prompt:welcome" in sync(app)  # the same app object
        wait_until(lambda: states(app)[WELCOME].startswith("fresh"), 30, "no render", log)
        assert worker.poll() is None  # the same worker, never restarted
    redis.close()
    turn = hear_welcome(app)
    assert turn.said == [] and turn.played[0].endswith(read_manifest(audio)[WELCOME]["file"])


# --- A worker killed after its temporary file is written, before the rename ----------------

KILLABLE_WORKER = """
import os, sys, time
from pathlib import Path
from redis import Redis
from rq import Queue, Worker
import app.audio.render as audio
from app.queues import AUDIO

checked = audio.check_audio

def check_then_stall(path):
    seconds = checked(path)
    Path(sys.argv[2]).write_text(f"{os.getpid()} {path.name}")
    time.sleep(60)
    return seconds

audio.check_audio = check_then_stall
redis = Redis.from_url(sys.argv[1])
Worker([Queue(AUDIO, connection=redis)], connection=redis).work(burst=True)
"""


def test_a_worker_killed_before_its_file_is_in_place_serves_none_of_it_and_sync_finishes(
    config, small_content, small_audio, tmp_path, redis, worker_env
):
    audio = Path(shutil.copytree(small_audio, tmp_path / "line-audio"))
    settings = small_line(config, small_content, audio)
    app = create_app(settings)
    old = json.loads((audio / MANIFEST).read_text())
    edit_welcome(small_content)
    assert "queued  en/normal/prompt:welcome" in sync(app)
    marker = tmp_path / "written"
    said = killed_when_marked(
        [sys.executable, "-c", KILLABLE_WORKER, settings["REDIS_URL"], str(marker)],
        {**worker_env, **settings},
        marker,
    )
    assert said, "the worker never wrote its file"
    temporary = said.split()[1]
    assert leftovers(audio) == [temporary]  # the whole render, never renamed into place
    assert json.loads((audio / MANIFEST).read_text()) == old
    assert app.test_client().get(f"/audio/{temporary}").status_code == 404
    assert_new_welcome_is_spoken(hear_welcome(app))

    assert "queued  en/normal/prompt:welcome" in sync(app)  # the dead worker's render
    done = run_worker({**worker_env, **settings}, AUDIO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert states(app)[WELCOME].startswith("fresh") and states(app)[SLOW_WELCOME].startswith(
        "fresh"
    )
    turn = hear_welcome(app)
    assert turn.said == [] and len(turn.played) == 3  # the new welcome is played, not said
    assert prune(audio, 24 * 3600, now=time.time() + ABANDONED_AFTER + 1) == [temporary]


# --- gTTS out of reach: a real refused connection ----------------------------------------


def test_gtts_unreachable_keeps_the_old_file_and_renders_once_it_answers(
    config, small_content, tmp_path, redis, worker_env
):
    audio = tmp_path / "gtts-audio"
    settings = {**small_line(config, small_content, audio), "TTS_ENGINE": "gtts",
                "GTTS_PACE_SECONDS": "0"}  # fmt: skip
    os_env = settings  # the worker reads the line's settings, as in life
    app = create_app(settings)
    queue = services(app).audio_queue
    mp3 = gtts_stub.make_mp3()

    def render_welcome() -> str:
        item = services(app).speaker.items()[WELCOME]
        digest = audio_hash(item.text, "gtts", item.lang, item.slow)
        assert enqueue_render(queue, WELCOME, digest, (0, 0))
        return digest

    def work_with_gtts_answering() -> None:
        with pytest.MonkeyPatch.context() as patch, responses.RequestsMock() as mock:
            for name, value in os_env.items():
                patch.setenv(name, value)
            mock.add_callback(responses.POST, gtts_stub.ENDPOINT, gtts_stub.answering(mp3))
            SimpleWorker([queue], connection=redis).work(burst=True)

    render_welcome()
    work_with_gtts_answering()
    old = read_manifest(audio)[WELCOME]
    edit_welcome(small_content)
    digest = render_welcome()
    # Every request gTTS makes goes through a proxy port nobody listens on: refused, at once.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    refused = {**worker_env, **settings, "https_proxy": closed, "HTTPS_PROXY": closed}
    done = run_worker(refused, AUDIO)
    assert done.returncode == 0, done.stderr[-2000:]
    job = Job.fetch(job_id(WELCOME, digest), connection=redis)
    error = job.latest_result().exc_string
    assert "Connection refused" in error and "Failed to connect" in error
    assert day_counts(redis)["renders_failed"] == 3  # tried, then retried twice
    state = states(app)[WELCOME]
    assert state.startswith("failed") and "not reachable" in state
    assert read_manifest(audio)[WELCOME] == old
    assert_whole_mp3s(app.test_client(), [f"{BASE_URL}/audio/{old['file']}"])
    turn = Call(app.test_client(), AUTH_TOKEN, BASE_URL).start()
    assert turn.said[0].endswith(ADDED)

    render_welcome()  # "Render again" once Google answers
    work_with_gtts_answering()
    assert states(app)[WELCOME].startswith("fresh")
    turn = hear_welcome(app)  # the menu has no gTTS audio here: it is said
    assert [urlsplit(url).path for url in turn.played] == [
        f"/audio/{read_manifest(audio)[WELCOME]['file']}"
    ]


# --- The disk full while writing audio ----------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path, small_audio: Path) -> Iterator[Path]:
    """The small line's audio on a real filesystem of 12 MiB (tmpfs), so it can fill up."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=12m,mode=0755", "tmpfs", str(folder)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small filesystem here: {mounted.stderr.strip()}")
    try:
        shutil.copytree(small_audio, folder, dirs_exist_ok=True)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=True)


def free_bytes(folder: Path) -> int:
    stat = os.statvfs(folder)
    return stat.f_bavail * stat.f_frsize


def fill(folder: Path) -> Path:
    """Write until the filesystem says it is full (ENOSPC)."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as out:
        try:
            while True:
                out.write(b"\0" * 65536)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    assert free_bytes(folder) == 0
    return filler


def give_back(filler: Path, pages: int) -> None:
    size = filler.stat().st_size
    os.truncate(filler, (size // PAGE - pages) * PAGE)
    assert free_bytes(filler.parent) == pages * PAGE


def test_a_full_disk_never_damages_the_manifest_and_sync_finishes_once_there_is_room(
    config, small_content, small_disk, tmp_path, redis, worker_env
):
    settings = small_line(config, small_content, small_disk)
    app = create_app(settings)
    before = (small_disk / MANIFEST).read_bytes()
    edit_welcome(small_content)
    # The new recording's size, from the same deterministic engine, to leave room for it
    # and not for the manifest after it.
    item = services(app).speaker.items()[WELCOME]
    digest = audio_hash(item.text, "espeak", item.lang, item.slow)
    scratch = AudioConfig(small_content, tmp_path / "scratch", "espeak")
    render_item(scratch, WELCOME, digest)
    size = (tmp_path / "scratch" / f"{digest}.mp3").stat().st_size
    give_back(fill(small_disk), -(-size // PAGE))

    assert "2 render(s) queued" in sync(app)
    done = run_worker({**worker_env, **settings}, AUDIO)
    assert done.returncode == 0, done.stderr[-2000:]
    for key in (WELCOME, SLOW_WELCOME):
        assert states(app)[key].split()[0] == "failed"
        assert "No space left on device" in states(app)[key]
    # The recording fitted; the manifest that would name it did not, and the old one stands.
    assert (small_disk / f"{digest}.mp3").exists()
    assert (small_disk / MANIFEST).read_bytes() == before
    assert leftovers(small_disk) == []
    # The new words play from it all the same: a file named by their hash is theirs.
    turn = hear_welcome(app)
    assert turn.said == [] and turn.played[0].endswith(f"{digest}.mp3")

    (small_disk / "filler").unlink()
    assert "2 render(s) queued" in sync(app)  # a person's sync tries failed renders again
    done = run_worker({**worker_env, **settings}, AUDIO)
    assert done.returncode == 0, done.stderr[-2000:]
    assert all(line.startswith("fresh") for line in states(app).values())
    assert read_manifest(small_disk)[WELCOME]["file"] == f"{digest}.mp3"
    turn = hear_welcome(app)
    assert turn.said == [] and turn.played[0].endswith(f"{digest}.mp3")
    assert leftovers(small_disk) == []


def test_a_full_disk_is_retried_by_the_worker_alone_until_there_is_room(
    config, small_content, small_disk, tmp_path, redis, worker_env
):
    settings = {**small_line(config, small_content, small_disk),
                "AUDIO_RETRY_INTERVALS": ",".join(["1"] * 20)}  # fmt: skip
    app = create_app(settings)
    before = (small_disk / MANIFEST).read_bytes()
    edit_welcome(small_content)
    filler = fill(small_disk)
    item = services(app).speaker.items()[WELCOME]
    jid = job_id(WELCOME, audio_hash(item.text, "espeak", item.lang, item.slow))

    def tried() -> bool:
        job = Job.fetch_many([jid], connection=redis)[0]
        return job is not None and job.retries_left is not None and job.retries_left < 20

    # The line's own worker notices the edit and renders, with nobody running a command.
    log = tmp_path / "worker.log"
    with line_worker({**worker_env, **settings}, log):
        wait_until(tried, 20, "the render was never tried", log)
        assert (small_disk / MANIFEST).read_bytes() == before
        assert_new_welcome_is_spoken(hear_welcome(app))
        filler.unlink()
        wait_until(lambda: states(app)[WELCOME].startswith("fresh"), 30, "no render", log)
    turn = hear_welcome(app)
    assert turn.said == [] and turn.played[0].endswith(read_manifest(small_disk)[WELCOME]["file"])
    assert leftovers(small_disk) == []
