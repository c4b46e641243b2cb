"""Call-back requests (issue 24): the caller's number sealed, a keyed hash of it (one open
request per number, refused by the database), the language, why, when, and whether the desk
called back; removed CALLBACK_RETENTION_DAYS after it is marked. And the desk's role: an
account's role may be "desk" (app.accounts.roles.DESK), who handle the call-backs.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_OPEN_ONLY = sa.text("state = 'open'")
_ROLES_BEFORE = "role IN ('editor', 'reviewer', 'admin')"
_ROLES_AFTER = "role IN ('editor', 'reviewer', 'admin', 'desk')"


def _roles(check: str) -> None:
    # batch mode: SQLite cannot change a check in place, so the table is copied.
    with op.batch_alter_table("users", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_users_role"), type_="check")
        batch.create_check_constraint(op.f("ck_users_role"), sa.text(check))


def upgrade() -> None:
    _roles(_ROLES_AFTER)
    op.create_table(
        "callback_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Text(), nullable=False),
        sa.Column("number_key", sa.String(length=32), nullable=False),
        sa.Column("lang", sa.String(length=3), nullable=False),
        sa.Column("reason", sa.String(length=10), nullable=False),
        sa.Column("asked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "state IN ('open', 'called', 'unreached')", name=op.f("ck_callback_requests_state")
        ),
        sa.CheckConstraint(
            "reason IN ('closed', 'unanswered')", name=op.f("ck_callback_requests_reason")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_callback_requests")),
    )
    op.create_index(op.f("ix_callback_requests_asked_at"), "callback_requests", ["asked_at"])
    op.create_index(op.f("ix_callback_requests_done_at"), "callback_requests", ["done_at"])
    op.create_index(
        "uq_callback_requests_open_number",
        "callback_requests",
        ["number_key"],
        unique=True,
        sqlite_where=_OPEN_ONLY,
        postgresql_where=_OPEN_ONLY,
    )


def downgrade() -> None:
    op.drop_index("uq_callback_requests_open_number", table_name="callback_requests")
    op.drop_index(op.f("ix_callback_requests_done_at"), table_name="callback_requests")
    op.drop_index(op.f("ix_callback_requests_asked_at"), table_name="callback_requests")
    op.drop_table("callback_requests")
    # The desk's accounts cannot keep a role the table no longer allows: they become
    # deactivated editors, so the trail still names them.
    op.execute("UPDATE users SET active = false, role = 'editor' WHERE role = 'desk'")
    _roles(_ROLES_BEFORE)
