from __future__ import annotations

import logging
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from redis import Redis
from rq import Queue, SimpleWorker
from sqlalchemy import Engine

from app import create_app, factory
from app.audio.items import spoken_items
from app.audio.manifest import read_manifest
from app.audio.names import audio_hash
from app.audio.render import AudioConfig, render_item
from app.content.loader import load_libraries
from app.db.engine import make_engine
from app.queues import SMS
from app.services import services
from tests.support import shipped
from tests.support.line import (
    AUTH_TOKEN,
    BASE_URL,
    CONTENT,
    ROOT,
    SECRET_KEY,
    SMALL_ARTICLES,
    TEST_REDIS_URL,
)
from tests.support.numbers import MOBILE, assert_no_phone_numbers
from tests.support.simulator import Call

# The database fixtures for every folder (tests/db/fixtures.py): `backend` runs a test on
# SQLite and on PostgreSQL, `database_url` is its migrated, emptied database, and accounts
# are hashed with cheap argon2 parameters. This file's own fixtures (redis) come first.
pytest_plugins = ["tests.db.fixtures"]

# Tests that take these fixtures start real processes (an rq worker with `worker_env`):
# marked slow, so `pytest -m "not slow"` is a quick inner loop. Whole files that start
# gunicorn, a browser or private Redis servers are marked in the file itself.
SLOW_FIXTURES = {"worker_env"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`@pytest.mark.shipped("article_id", "articles")`: once per shipped article (menus,
    languages, positions in a topic), the content read now, at collection, never at import."""
    for marker in metafunc.definition.iter_markers("shipped"):
        name, what = marker.args
        metafunc.parametrize(name, shipped.values(what))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
    # `@pytest.mark.one_database`: what a page says or who may open it, the same on either
    # database; its SQLite run is kept (the database's own behaviour is tested on both).
    twice = [item for item in items if item.get_closest_marker("one_database")
             and _backend(item) == "postgresql"]  # fmt: skip
    if twice:
        config.hook.pytest_deselected(items=twice)
        gone = {id(item) for item in twice}
        items[:] = [item for item in items if id(item) not in gone]


def _backend(item: pytest.Item) -> object:
    callspec = getattr(item, "callspec", None)
    return callspec.params.get("backend") if callspec else None


@pytest.fixture(autouse=True)
def no_phone_numbers_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Over the whole run: every log line of every test is checked for phone numbers."""
    caplog.set_level(logging.DEBUG)
    yield
    records = caplog.get_records("setup") + caplog.get_records("call")
    assert_no_phone_numbers("\n".join(caplog.handler.format(r) for r in records))


@pytest.fixture(autouse=True)
def engines_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Engine]]:
    """Every app a test builds has its own engine: each is closed when the test ends, so no
    connection to PostgreSQL is left open (a ResourceWarning, so an error)."""
    made: list[Engine] = []

    def make(url: str) -> Engine:
        made.append(make_engine(url))
        return made[-1]

    monkeypatch.setattr(factory, "make_engine", make)
    yield made
    for engine in made:
        engine.dispose()


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
def sqlite_url(tmp_path: Path, migrated_sqlite: Path) -> str:
    """A migrated SQLite database of this test's own (a copy of the run's template)."""
    copy = shutil.copy(migrated_sqlite, tmp_path / "line.sqlite3")
    return f"sqlite:///{Path(copy).resolve()}"


@pytest.fixture
def config(content_dir: Path, audio_dir: Path, redis: Redis, sqlite_url: str) -> dict[str, str]:
    """The line's settings for a test; tests/admin/conftest.py swaps in both databases."""
    return {
        "PUBLIC_BASE_URL": BASE_URL,
        "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "TWILIO_PHONE_NUMBER": "+441234567890",
        "REDIS_URL": TEST_REDIS_URL,
        "CONTENT_DIR": str(content_dir),
        "AUDIO_DIR": str(audio_dir),
        "TTS_ENGINE": "espeak",
        "SECRET_KEY": SECRET_KEY,
        "DATABASE_URL": sqlite_url,
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


@pytest.fixture
def worker(config: dict[str, str], redis: Redis, monkeypatch: pytest.MonkeyPatch):
    """Runs what waits on the sms queue, in this process, as the line's worker would (its
    settings from the environment: the test's)."""
    for name, value in config.items():
        monkeypatch.setenv(name, value)

    def work() -> None:
        SimpleWorker([Queue(SMS, connection=redis)], connection=redis).work(burst=True)

    return work
