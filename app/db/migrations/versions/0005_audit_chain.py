"""The audit trail as a hash chain, refused UPDATE, DELETE and TRUNCATE but by the prune.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04

Each entry gets the hash of the entry before it (prev_hash) and its own (row_hash), computed
here for the entries already kept, in the order they were written. The database refuses to
change an entry, and to remove one unless it is older than the cutoff the retention prune puts
in audit_prune_window within its own transaction, a cutoff at least a day old. The hashing is
written out here, as the schema is, so that later code cannot change what this migration did;
`flask audit verify` (app.audit.chain) checks the result, and a test checks they agree.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

_GENESIS = "0" * 64

_POSTGRES_FUNCTION = """
CREATE FUNCTION audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM audit_prune_window w
        WHERE OLD.at < w.cutoff AND w.cutoff <= now() - interval '1 day'
    ) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'audit entries are removed only by the retention prune (entry %)',
            OLD.id USING ERRCODE = 'restrict_violation';
    END IF;
    RAISE EXCEPTION 'audit entries are never changed or removed by hand (%)', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$
"""
_POSTGRES_TRIGGERS = (
    "CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries "
    "FOR EACH ROW EXECUTE FUNCTION audit_entries_guard()",
    "CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON audit_entries "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_guard()",
)
# As made by 0001; SQLite loses it when the table is copied to make the new columns NOT NULL.
_SQLITE_NO_UPDATE = """
CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
BEGIN
    SELECT RAISE(ABORT, 'audit entries are never changed');
END
"""
# SQLite keeps `at` as UTC text, 'YYYY-MM-DD HH:MM:SS.ffffff', which sorts as time does.
_SQLITE_NO_DELETE = """
CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
WHEN NOT EXISTS (
    SELECT 1 FROM audit_prune_window w
    WHERE OLD.at < w.cutoff AND w.cutoff <= strftime('%Y-%m-%d %H:%M:%f', 'now', '-1 day')
)
BEGIN
    SELECT RAISE(ABORT, 'audit entries are removed only by the retention prune');
END
"""

_entries = sa.table(
    "audit_entries",
    sa.column("id", sa.Integer()),
    sa.column("at", sa.DateTime(timezone=True)),
    sa.column("actor_id", sa.Integer()),
    sa.column("actor_name", sa.String()),
    sa.column("client", sa.String()),
    sa.column("action", sa.String()),
    sa.column("object_type", sa.String()),
    sa.column("object_id", sa.String()),
    sa.column("outcome", sa.String()),
    sa.column("detail", sa.Text()),
    sa.column("prev_hash", sa.String()),
    sa.column("row_hash", sa.String()),
)


def _hash(row: sa.Row[tuple[object, ...]], prev_hash: str) -> str:
    at = row.at
    assert isinstance(at, datetime)
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    fields = [
        "nmline-audit-1",
        prev_hash,
        at.isoformat(timespec="microseconds"),
        row.actor_id,
        row.actor_name,
        row.client,
        row.action,
        row.object_type,
        row.object_id,
        row.outcome,
        row.detail,
    ]
    serialised = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(serialised.encode("utf-8")).hexdigest()


def _chain_existing_entries() -> None:
    connection = op.get_bind()
    rows = connection.execute(sa.select(_entries).order_by(_entries.c.id)).all()
    links, prev_hash = [], _GENESIS
    for row in rows:
        row_hash = _hash(row, prev_hash)
        links.append({"entry": row.id, "prev": prev_hash, "own": row_hash})
        prev_hash = row_hash
    if links:
        connection.execute(
            _entries.update()
            .where(_entries.c.id == sa.bindparam("entry"))
            .values(prev_hash=sa.bindparam("prev"), row_hash=sa.bindparam("own")),
            links,
        )


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    # Filling in the new columns is an UPDATE, which 0001's trigger refuses.
    op.execute("DROP TRIGGER audit_entries_no_update" + (" ON audit_entries" if postgres else ""))
    op.add_column("audit_entries", sa.Column("prev_hash", sa.String(length=64), nullable=True))
    op.add_column("audit_entries", sa.Column("row_hash", sa.String(length=64), nullable=True))
    _chain_existing_entries()
    with op.batch_alter_table("audit_entries") as batch:
        batch.alter_column("prev_hash", existing_type=sa.String(length=64), nullable=False)
        batch.alter_column("row_hash", existing_type=sa.String(length=64), nullable=False)
    op.create_index("ix_audit_entries_prev_hash", "audit_entries", ["prev_hash"], unique=True)
    op.create_table(
        "audit_prune_window",
        sa.Column("cutoff", sa.DateTime(timezone=True), nullable=False),
    )
    if postgres:
        op.execute(
            "CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries "
            "FOR EACH ROW EXECUTE FUNCTION audit_entries_refuse_update()"
        )
        op.execute(_POSTGRES_FUNCTION)
        for trigger in _POSTGRES_TRIGGERS:
            op.execute(trigger)
    else:
        op.execute(_SQLITE_NO_UPDATE)
        op.execute(_SQLITE_NO_DELETE)


def downgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    on_table = " ON audit_entries" if postgres else ""
    for trigger in ("audit_entries_no_truncate", "audit_entries_no_delete"):
        op.execute(f"DROP TRIGGER IF EXISTS {trigger}{on_table}")
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS audit_entries_guard()")
    op.drop_table("audit_prune_window")
    op.drop_index("ix_audit_entries_prev_hash", table_name="audit_entries")
    with op.batch_alter_table("audit_entries") as batch:
        batch.drop_column("row_hash")
        batch.drop_column("prev_hash")
    if not postgres:
        # Copying the table dropped it; 0001 made it, and its downgrade drops it.
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute(_SQLITE_NO_UPDATE)
