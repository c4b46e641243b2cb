from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import Engine, func, select

from app.accounts.models import User
from app.db.session import db_session, init_app, new_session


def _user(email: str) -> User:
    return User(email=email, name="Test", role="editor", password_hash="x")


@pytest.fixture
def app(engine: Engine) -> Flask:
    app = Flask(__name__)
    init_app(app, engine)

    @app.post("/commit")
    def commit() -> str:
        db_session().add(_user("kept@example.org"))
        db_session().commit()
        return "ok"

    @app.post("/forget")
    def forget() -> str:
        db_session().add(_user("forgotten@example.org"))
        db_session().flush()
        return "ok"

    @app.post("/fail")
    def fail() -> str:
        db_session().add(_user("failed@example.org"))
        db_session().flush()
        raise RuntimeError("the view broke")

    @app.get("/same")
    def same() -> str:
        return str(db_session() is db_session())

    return app


def _emails(app: Flask) -> set[str]:
    with new_session(app) as session:
        return set(session.scalars(select(User.email)))


def test_a_request_has_one_session(app: Flask) -> None:
    assert app.test_client().get("/same").text == "True"


def test_what_a_view_commits_is_kept(app: Flask) -> None:
    assert app.test_client().post("/commit").status_code == 200
    assert _emails(app) == {"kept@example.org"}


def test_what_a_view_does_not_commit_is_thrown_away(app: Flask, engine: Engine) -> None:
    assert app.test_client().post("/forget").status_code == 200
    assert _emails(app) == set()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_failing_view_changes_nothing_and_returns_its_connection(
    app: Flask, engine: Engine
) -> None:
    app.config["PROPAGATE_EXCEPTIONS"] = False
    assert app.test_client().post("/fail").status_code == 500
    assert _emails(app) == set()
    assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_command_gets_a_session_of_its_own(app: Flask) -> None:
    with new_session(app) as session:
        session.add(_user("cli@example.org"))
        session.commit()
    with new_session(app) as session:
        assert session.scalar(select(func.count()).select_from(User)) == 1


def test_an_app_without_a_database_says_what_to_call() -> None:
    with pytest.raises(RuntimeError, match="init_app"):
        new_session(Flask(__name__))
