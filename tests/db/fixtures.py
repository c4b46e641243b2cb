"""Shared fixtures: the same tests on SQLite and on PostgreSQL, migrated once per run.

PostgreSQL is the server at TEST_POSTGRES_URL (default: postgres on 127.0.0.1:5432, trust
auth); each run makes one throwaway database `nmline_test_<random>` and drops it at the end.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from argon2 import PasswordHasher
from flask import Flask
from psycopg import sql
from redis import Redis
from sqlalchemy import Engine, delete
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from app.accounts import passwords
from app.db import migrate
from app.db.engine import database_url as url_for
from app.db.engine import make_engine
from app.db.model import Base
from app.db.session import make_sessionmaker
from tests.support.audit_guard import guard_lifted

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
BACKENDS = ("sqlite", "postgresql")
TEST_REDIS_URL = (
    urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    ._replace(path=f"/{int(os.environ.get('TEST_REDIS_DB', '13'))}")
    .geturl()
)
# Cheap argon2 parameters, so that the many accounts the tests make take milliseconds; the
# shipped defaults are checked in tests/accounts/test_passwords.py.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


class Databases:
    """One migrated database per backend for the whole run, made when first asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.engines: dict[str, Engine] = {}
        self.dropped: list[str] = []

    def engine(self, backend: str) -> Engine:
        if backend not in self.engines:
            url = new_database(backend, self.folder, self.dropped)
            engine = make_engine(url)
            migrate.upgrade(engine)
            self.engines[backend] = engine
        return self.engines[backend]

    def close(self) -> None:
        for engine in self.engines.values():
            engine.dispose()
        for name in self.dropped:
            drop_postgres_database(name)


def new_database(backend: str, folder: Path, to_drop: list[str]) -> str:
    """The URL of a new, empty database; PostgreSQL ones are added to `to_drop`."""
    if backend == "sqlite":
        return url_for(None, folder / secrets.token_hex(4))
    name = f"nmline_test_{secrets.token_hex(6)}"
    try:
        with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is needed at {POSTGRES_ADMIN_URL} (TEST_POSTGRES_URL): {error}")
    to_drop.append(name)
    url = make_url(url_for(POSTGRES_ADMIN_URL, folder)).set(database=name)
    return url.render_as_string(hide_password=False)


def drop_postgres_database(name: str) -> None:
    """Drop a throwaway database, even with connections still open to it."""
    assert name.startswith("nmline_test_")
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def empty_tables(engine: Engine) -> None:
    """Every table of the models emptied, the schema and migrations' version kept."""
    # DELETE, children first, rather than TRUNCATE: on tables this small PostgreSQL's
    # TRUNCATE takes about 100 ms (new files, a checkpoint), DELETE about 2 ms.
    # The audit table's triggers refuse a DELETE but by the retention prune: lifted here.
    with engine.begin() as connection, guard_lifted(connection):
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))


@pytest.fixture(scope="session")
def databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Databases]:
    found = Databases(tmp_path_factory.mktemp("databases"))
    yield found
    found.close()


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file migrated once per run, for tests to copy: quicker than migrating each."""
    path = tmp_path_factory.mktemp("template") / "line.sqlite3"
    migrate.upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    """Which database a test runs on: each test runs on both."""
    return str(request.param)


@pytest.fixture
def engine(databases: Databases, backend: str) -> Engine:
    """The run's migrated database for `backend`, with every table empty."""
    found = databases.engine(backend)
    empty_tables(found)
    return found


@pytest.fixture
def database_url(engine: Engine) -> str:
    """The URL of the migrated, emptied database (SQLite file or PostgreSQL)."""
    return engine.url.render_as_string(hide_password=False)


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    """A session on the emptied database, as a request or a command gets one."""
    with make_sessionmaker(engine)() as found:
        yield found


@pytest.fixture
def fresh_database_url(backend: str, tmp_path: Path) -> Iterator[str]:
    """A database with no tables at all, for testing the migrations themselves."""
    to_drop: list[str] = []
    yield new_database(backend, tmp_path, to_drop)
    for name in to_drop:
        drop_postgres_database(name)


@pytest.fixture(autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    previous = passwords.use_hasher(CHEAP_HASHER)
    yield
    passwords.use_hasher(previous)


@pytest.fixture
def cli_app(engine: Engine) -> Flask:
    """A bare Flask app with the database and every command of ours registered."""
    from app.accounts import cli as users_cli
    from app.audit import cli as audit_cli
    from app.db import cli as db_cli
    from app.db.session import init_app, new_session

    app = Flask(__name__)
    init_app(app, engine)
    db_cli.register(app)
    users_cli.register(app, new_session)
    audit_cli.register(app, new_session)
    return app


@pytest.fixture
def redis() -> Iterator[Redis]:
    """The test Redis database; tests use keys of their own, so nothing is flushed."""
    client = Redis.from_url(TEST_REDIS_URL)
    yield client
    client.close()
