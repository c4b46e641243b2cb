from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

import app.accounts.models
import app.audit.models
import app.editor.models
import app.feedback.models
import app.recordings.models  # noqa: F401  (their tables are in Base.metadata)
from app.db import migrate
from app.db.engine import make_engine
from app.db.model import Base


def _differences(url: str) -> list[object]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            return list(compare_metadata(context, Base.metadata))
    finally:
        engine.dispose()


def test_migrations_make_exactly_the_schema_of_the_models(fresh_database_url: str) -> None:
    assert migrate.current(fresh_database_url) is None
    migrate.upgrade(fresh_database_url)
    assert migrate.current(fresh_database_url) == migrate.head()
    assert _differences(fresh_database_url) == []


def test_an_empty_database_differs_from_the_models(fresh_database_url: str) -> None:
    # The comparison above would pass vacuously if it never saw a difference.
    assert _differences(fresh_database_url)


def test_upgrading_twice_changes_nothing(fresh_database_url: str) -> None:
    migrate.upgrade(fresh_database_url)
    migrate.upgrade(fresh_database_url)
    assert migrate.current(fresh_database_url) == migrate.head()
    assert _differences(fresh_database_url) == []


def test_downgrading_to_base_removes_every_table_and_upgrading_again_works(
    fresh_database_url: str,
) -> None:
    migrate.upgrade(fresh_database_url)
    migrate.downgrade(fresh_database_url, "base")
    engine = make_engine(fresh_database_url)
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    engine.dispose()
    migrate.upgrade(fresh_database_url)
    assert _differences(fresh_database_url) == []


def test_the_migrations_ship_inside_the_package() -> None:
    assert migrate.MIGRATIONS.is_dir()
    assert (migrate.MIGRATIONS / "env.py").is_file()
    assert (migrate.MIGRATIONS / "script.py.mako").is_file()
    versions = sorted(p.name for p in (migrate.MIGRATIONS / "versions").glob("[0-9]*.py"))
    assert versions and migrate.head() == versions[-1].split("_")[0]


@pytest.mark.parametrize(
    "table", ["users", "recovery_codes", "audit_entries", "documents", "versions", "drafts"]
)
def test_every_table_of_the_models_is_made(fresh_database_url: str, table: str) -> None:
    migrate.upgrade(fresh_database_url)
    engine = make_engine(fresh_database_url)
    assert table in inspect(engine).get_table_names()
    engine.dispose()
