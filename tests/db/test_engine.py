from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.exc import IntegrityError

from app.accounts.models import RecoveryCode
from app.db.engine import database_url, make_engine
from app.db.session import make_sessionmaker
from tests.db.fixtures import POSTGRES_ADMIN_URL, Databases


def test_unset_database_url_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    data = tmp_path / "not" / "yet"
    url = database_url(None, data)
    assert url == f"sqlite:///{data.resolve()}/line.sqlite3"
    assert data.is_dir()
    assert database_url("  ", data) == url


@pytest.mark.parametrize("scheme", ["postgres", "postgresql", "postgresql+psycopg"])
def test_postgres_urls_use_psycopg_and_keep_their_credentials(scheme: str, tmp_path: Path) -> None:
    url = database_url(f"{scheme}://line:s3cret@db.internal:6543/line?sslmode=require", tmp_path)
    assert url == "postgresql+psycopg://line:s3cret@db.internal:6543/line?sslmode=require"


@pytest.mark.parametrize(
    "raw",
    ["mysql://root@localhost/line", "sqlite://", "sqlite:///:memory:", "not a url", "redis://x"],
)
def test_other_database_urls_are_refused_naming_the_setting(raw: str, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DATABASE_URL"):
        database_url(raw, tmp_path)


def test_sqlite_waits_for_writers_journals_ahead_and_keeps_foreign_keys(tmp_path: Path) -> None:
    engine = make_engine(database_url(None, tmp_path))
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    engine.dispose()


def test_a_row_pointing_at_nobody_is_refused(engine: Engine) -> None:
    with make_sessionmaker(engine)() as session:
        session.add(RecoveryCode(user_id=12345, code_hash="0" * 64))
        with pytest.raises(IntegrityError):
            session.commit()


def test_a_postgresql_connection_the_server_dropped_is_replaced_unnoticed(
    databases: Databases,
) -> None:
    url = databases.engine("postgresql").url.render_as_string(hide_password=False)
    engine = make_engine(url)
    with engine.connect() as connection:
        pid = connection.execute(text("SELECT pg_backend_pid()")).scalar()
    # As a server restart or a firewall would: the pooled connection is dead.
    with psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", [pid])
    with engine.connect() as connection:
        assert connection.execute(text("SELECT pg_backend_pid()")).scalar() != pid
    engine.dispose()
