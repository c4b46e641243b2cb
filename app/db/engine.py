"""Which database the line uses, and an engine set up for it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

SQLITE_FILE = "line.sqlite3"
# How long SQLite waits for another process's write to finish before giving up, in seconds:
# the web workers and the command line share one file.
SQLITE_BUSY_SECONDS = 15
_POSTGRES_SCHEMES = {"postgres", "postgresql", "postgresql+psycopg"}


def database_url(raw: str | None, data_dir: Path) -> str:
    """The SQLAlchemy URL for DATABASE_URL `raw`; unset means a SQLite file in `data_dir`."""
    if not raw or not raw.strip():
        data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(data_dir / SQLITE_FILE).resolve()}"
    raw = raw.strip()
    try:
        url = make_url(raw)
    except ArgumentError:
        raise ValueError(_refusal("it is not a database URL")) from None
    if url.drivername in _POSTGRES_SCHEMES:
        # Hosting platforms hand out postgres:// URLs; SQLAlchemy needs the driver named, and
        # the one installed is psycopg 3.
        return url.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    if url.drivername == "sqlite":
        if not url.database or url.database == ":memory:":
            raise ValueError(_refusal("an in-memory SQLite database would be lost at each start"))
        return raw
    raise ValueError(_refusal(f"{url.drivername!r} databases are not supported"))


def _refusal(why: str) -> str:
    return (
        f"DATABASE_URL is not usable: {why}. Use postgresql://user:password@host/name, "
        "sqlite:////absolute/path/line.sqlite3, or leave it unset for a SQLite file in the "
        "data folder."
    )


def make_engine(url: str) -> Engine:
    """An engine for `url`, with SQLite set up for several processes sharing one file."""
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(
            url,
            # One session per request, but a request may be served on another thread than
            # the one that opened the pooled connection.
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_SECONDS},
        )
        event.listen(engine, "connect", _set_sqlite_pragmas)
        return engine
    # A connection left idle in the pool may have been closed by the server or a firewall.
    return create_engine(url, pool_pre_ping=True)


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    try:
        # WAL lets readers go on while one process writes; SQLite ignores foreign keys and
        # waits for no lock unless asked, on every new connection.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_SECONDS * 1000}")
    finally:
        cursor.close()
