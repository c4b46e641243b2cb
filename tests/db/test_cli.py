from __future__ import annotations

from flask import Flask
from sqlalchemy import Engine

from app.db import cli as db_cli
from app.db import migrate
from app.db.engine import make_engine
from app.db.session import init_app


def _app(url: str) -> tuple[Flask, Engine]:
    app = Flask(__name__)
    engine = make_engine(url)
    init_app(app, engine)
    db_cli.register(app)
    return app, engine


def test_db_upgrade_migrates_and_a_second_run_does_nothing(fresh_database_url: str) -> None:
    app, engine = _app(fresh_database_url)
    runner = app.test_cli_runner()
    first = runner.invoke(args=["db", "upgrade"])
    assert first.exit_code == 0, first.output
    assert f"Upgraded the database from empty to revision {migrate.head()}" in first.output
    second = runner.invoke(args=["db", "upgrade"])
    assert second.exit_code == 0, second.output
    assert "up to date" in second.output
    assert migrate.current(engine) == migrate.head()
    engine.dispose()


def test_db_current_says_whether_an_upgrade_is_needed(fresh_database_url: str) -> None:
    app, engine = _app(fresh_database_url)
    runner = app.test_cli_runner()
    assert "no tables yet" in runner.invoke(args=["db", "current"]).output
    runner.invoke(args=["db", "upgrade"])
    assert runner.invoke(args=["db", "current"]).output.strip() == f"{migrate.head()} (the newest)"
    engine.dispose()
