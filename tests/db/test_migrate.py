from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import column, func, insert, inspect, select, table
from sqlalchemy.orm import Session

import app.accounts.models
import app.ask.models
import app.audit.models
import app.callbacks.models
import app.department.models
import app.editor.models
import app.feedback.models
import app.recordings.models  # noqa: F401  (their tables are in Base.metadata)
from app.audit.record import record
from app.audit.verify import verify
from app.db import migrate
from app.db.engine import make_engine
from app.db.model import Base, UTCDateTime


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
    "table",
    [
        "users",
        "recovery_codes",
        "audit_entries",
        "audit_prune_window",
        "documents",
        "versions",
        "drafts",
        "kept_questions",
        "question_keeping",
        "callback_requests",
    ],
)
def test_every_table_of_the_models_is_made(fresh_database_url: str, table: str) -> None:
    migrate.upgrade(fresh_database_url)
    engine = make_engine(fresh_database_url)
    assert table in inspect(engine).get_table_names()
    engine.dispose()


def test_entries_kept_before_the_hash_chain_are_chained_by_its_migration(
    fresh_database_url: str,
) -> None:
    migrate.upgrade(fresh_database_url, "0004")
    engine = make_engine(fresh_database_url)
    before_0005 = table(
        "audit_entries",
        *(column(name) for name in ("actor_name", "client", "action", "outcome", "detail")),
        column("at", UTCDateTime),
    )
    with engine.begin() as connection:
        for n, name in enumerate(["Zoë Ng", None, "command line (alice)"]):
            connection.execute(
                insert(before_0005).values(
                    at=datetime(2026, 1, 1, 9, n, 30, 123456 * n, tzinfo=UTC),
                    actor_name=name,
                    client="192.0.2.1" if n else None,
                    action="content.saved",
                    outcome="ok",
                    detail='{"note": "café"}',
                )
            )
    migrate.upgrade(fresh_database_url)
    with Session(engine) as session:
        # The migration's hashes are the ones `flask audit verify` works out, and new
        # entries carry on from them.
        assert (verify(session).checked, verify(session).broken) == (3, None)
        record(session, "account.created", actor_name="Jane")
        session.commit()
        assert (verify(session).checked, verify(session).broken) == (4, None)
    migrate.downgrade(fresh_database_url, "0004")
    with engine.connect() as connection:
        kept = connection.scalar(select(func.count()).select_from(table("audit_entries")))
        assert kept == 4
    migrate.upgrade(fresh_database_url)
    with Session(engine) as session:
        assert (verify(session).checked, verify(session).broken) == (4, None)
    engine.dispose()
