from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from redis import Redis

from app import create_app
from app.audio.items import spoken_items
from app.audio.manifest import read_manifest
from app.audio.names import audio_hash
from app.audio.render import AudioConfig, render_item
from app.content.loader import load_libraries
from app.queues import WORKER_CLASS
from app.services import services
from tests.simulator import Call

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
BASE_URL = "https://line.example.org"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
# A spare database: tests flush it, so never the one the line uses. TEST_REDIS_DB lets two
# test runs share one server without flushing each other's data.
TEST_REDIS_URL = (
    urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    ._replace(path=f"/{int(os.environ.get('TEST_REDIS_DB', '15'))}")
    .geturl()
)


# Numbers used by the tests. None of them may ever appear in a log line.
MOBILE = "+447400123456"
OTHER_MOBILE = "+447400654321"
LANDLINE = "+441234567890"
ABROAD = "+12025550123"
TEST_NUMBERS = (MOBILE, OTHER_MOBILE, LANDLINE, ABROAD)


def assert_no_phone_numbers(text: str) -> None:
    """No full number, in any format we might print it (+44..., 07..., 7400...)."""
    for number in TEST_NUMBERS:
        national = number[-10:]
        assert national not in text.replace(" ", ""), f"a full phone number was logged: {number}"


# Tests that take these fixtures start real processes (an rq worker with `worker_env`):
# marked slow, so `pytest -m "not slow"` is a quick inner loop. Whole files that start
# gunicorn, a browser or private Redis servers are marked in the file itself.
SLOW_FIXTURES = {"worker_env"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def no_phone_numbers_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Over the whole run: every log line of every test is checked for phone numbers."""
    caplog.set_level(logging.DEBUG)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert_no_phone_numbers("\n".join(caplog.handler.format(r) for r in records))


@pytest.fixture(scope="session")
def rendered_audio(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped content's English items at normal speed, rendered once with the offline
    engine for every test to copy. Other languages and the slower variant have no audio
    here, so the tests also see the line speak them with <Say>."""
    audio = tmp_path_factory.mktemp("rendered-audio")
    config = AudioConfig(CONTENT, audio, "espeak")
    everything = spoken_items(load_libraries(CONTENT).values())
    items = {k: i for k, i in everything.items() if i.lang == "en" and not i.slow}
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        jobs = [
            pool.submit(render_item, config, i.id, audio_hash(i.text, "espeak", i.lang, i.slow))
            for i in items.values()
        ]
        for job in jobs:
            assert job.result() in ("rendered", "already rendered")
    return audio


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def menu_heard(menu_id: str, languages: int = 3) -> list[str]:
    """What a caller hears at a menu: the main menu also offers each other language."""
    offers = ["prompt:language_offer"] * (languages - 1) if menu_id == "main" else []
    return [f"menu:{menu_id}", *offers]


MAIN_HEARD = menu_heard("main")


SMALL_ARTICLES = ("what-is-nuclear-medicine", "your-results", "introductory-video")


@pytest.fixture
def small_content(tmp_path: Path) -> Path:
    """English only, three topics: for tests that render everything with a real worker."""
    folder = tmp_path / "small-content"
    folder.mkdir()
    for name in ("menus.yaml", "prompts.yaml", *(f"{a}.md" for a in SMALL_ARTICLES)):
        shutil.copy(CONTENT / name, folder / name)
    return folder


@pytest.fixture
def audio_dir(tmp_path: Path, rendered_audio: Path) -> Path:
    return Path(shutil.copytree(rendered_audio, tmp_path / "audio"))


@pytest.fixture
def redis() -> Iterator[Redis]:
    connection = Redis.from_url(TEST_REDIS_URL)
    connection.flushdb()  # we like our hygiene
    yield connection
    connection.flushdb()
    connection.close()


@pytest.fixture
def config(content_dir: Path, audio_dir: Path, redis: Redis) -> dict[str, str]:
    return {
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": "+441234567890",
        "REDIS_URL": TEST_REDIS_URL,
        "CONTENT_DIR": str(content_dir),
        "AUDIO_DIR": str(audio_dir),
        "TTS_ENGINE": "espeak",
        "SECRET_KEY": "test-secret-key",
        "ADMIN_PASSWORD": "correct horse battery staple",
        "RELOAD_SECONDS": "0",
        "STATS_FLUSH_SECONDS": "0",  # counts written at once, so tests can read them
    }


@pytest.fixture
def app(config: dict[str, str]):
    return create_app(config)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def describe(app):
    """Names what a caller heard: the item key for a played file or a spoken text."""
    speaker = services(app).speaker

    def name(heard: str) -> str:
        items = speaker.items()
        if heard.startswith(BASE_URL + "/audio/"):
            file = heard.rsplit("/", 1)[1]
            manifest = read_manifest(speaker.audio_dir)
            found = next((k for k, e in manifest.items() if e.get("file") == file), None)
            return items[found].key if found in items else heard
        return next((i.key for i in items.values() if i.text == heard), heard)

    return name


@pytest.fixture
def call(client, describe):
    def start(caller: str = MOBILE) -> Call:
        return Call(client, AUTH_TOKEN, BASE_URL, caller=caller, describe=describe)

    return start


@pytest.fixture
def worker_env(config: dict[str, str]) -> dict[str, str]:
    """The environment a real `rq worker` process runs with."""
    return {**os.environ, **config, "PYTHONPATH": str(ROOT)}


def run_worker(env: dict[str, str], *queues: str) -> subprocess.CompletedProcess:
    """Run a real rq worker until its queues are empty; its output holds no phone number."""
    done = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--url", env["REDIS_URL"],
         *(queues or ("audio",))],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert_no_phone_numbers(done.stdout + done.stderr)
    return done


def killed_when_marked(command: list[str], env: dict[str, str], marker: Path) -> str:
    """Start a worker, wait until its job writes `marker` (the work horse's pid first), then
    SIGKILL the worker and its horse, as a crash would. Returns what the marker said."""
    worker = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    said = ""
    try:
        for _ in range(300):
            if marker.exists() and (said := marker.read_text()):
                break
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        if said:  # rq gives the horse a process group of its own: it would live on
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(said.split()[0]), signal.SIGKILL)
    return said


@contextlib.contextmanager
def line_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """The line's own background processes as deployed, not in burst mode: the worker
    (LineWorker, with the scheduler) and rq's cron scheduler that queues the reconcile.
    Their output goes to `log`, and holds no phone number."""
    commands = [
        [sys.executable, "-m", "rq.cli", "worker", "--with-scheduler", "--worker-class",
         WORKER_CLASS, "--url", env["REDIS_URL"], "audio", "sms"],
        [sys.executable, "-m", "rq.cli", "cron", "--url", env["REDIS_URL"], "app.audio.cron"],
    ]  # fmt: skip
    with log.open("w") as out:
        processes = [
            subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True, stdout=out,
                             stderr=subprocess.STDOUT)  # fmt: skip
            for command in commands
        ]
    try:
        yield processes[0]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        assert_no_phone_numbers(log.read_text())
