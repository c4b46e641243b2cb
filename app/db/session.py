"""Sessions: a factory, and one session per Flask request, closed at its end."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from app.db.engine import database_url, make_engine

_EXTENSION = "db"


class Database:
    """The engine and the session factory an app uses, kept in `app.extensions["db"]`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """A session factory for `engine`."""
    # Objects stay readable after commit (a view renders the user it has just changed)
    # without a second query per attribute.
    return sessionmaker(engine, expire_on_commit=False)


def init_app(app: Flask, engine: Engine) -> None:
    """Give `app` the engine and one session per request, rolled back and closed at teardown."""
    app.extensions[_EXTENSION] = Database(engine)
    app.teardown_appcontext(_close_session)


def database(app: Flask) -> Database:
    """The app's engine and session factory, as set by `init_app`."""
    try:
        found = app.extensions[_EXTENSION]
    except KeyError:
        raise RuntimeError("app.db.session.init_app(app, engine) was not called") from None
    assert isinstance(found, Database)
    return found


def new_session(app: Flask) -> Session:
    """A new session the caller closes: for commands and jobs, outside a request."""
    return database(app).sessions()


@contextmanager
def own_session(url: str, data_dir: Path) -> Iterator[Session]:
    """A session on an engine of its own, disposed of after: for a job, which has no app."""
    engine = make_engine(database_url(url or None, data_dir))
    try:
        with make_sessionmaker(engine)() as session:
            yield session
    finally:
        engine.dispose()


def db_session() -> Session:
    """The current request's session, opened at first use."""
    if "db_session" not in g:
        g.db_session = new_session(current_app)
    found = g.db_session
    assert isinstance(found, Session)
    return found


def _close_session(error: BaseException | None) -> None:
    found = g.pop("db_session", None)
    if found is None:
        return
    # Anything not committed by the view is thrown away, whether it failed or not.
    if error is not None:
        found.rollback()
    found.close()
