"""A document may be a particular scan's file (content/procedures/<id>.yaml).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _kinds(kinds: str) -> None:
    # batch mode: SQLite has no ALTER for a check constraint, so the table is copied.
    with op.batch_alter_table("documents", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_documents_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_documents_kind"), f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds("'topic', 'menus', 'prompts', 'procedure'")


def downgrade() -> None:
    op.execute("DELETE FROM documents WHERE kind = 'procedure'")
    _kinds("'topic', 'menus', 'prompts'")
