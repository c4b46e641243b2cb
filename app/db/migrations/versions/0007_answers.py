"""A document may be a short answer's file (content/answers/<id>.yaml).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _kinds(kinds: str) -> None:
    # batch mode: SQLite has no ALTER for a check constraint, so the table is copied.
    with op.batch_alter_table("documents", recreate="auto") as batch:
        batch.drop_constraint(op.f("ck_documents_kind"), type_="check")
        batch.create_check_constraint(op.f("ck_documents_kind"), f"kind IN ({kinds})")


def upgrade() -> None:
    _kinds("'topic', 'menus', 'prompts', 'procedure', 'answer'")


def downgrade() -> None:
    # An answer's versions and draft go with it (they name its document).
    answers = "SELECT id FROM documents WHERE kind = 'answer'"
    op.execute(
        f"DELETE FROM draft_authors WHERE draft_id IN "
        f"(SELECT id FROM drafts WHERE document_id IN ({answers}))"
    )
    op.execute(f"DELETE FROM drafts WHERE document_id IN ({answers})")
    op.execute(f"DELETE FROM versions WHERE document_id IN ({answers})")
    op.execute("DELETE FROM documents WHERE kind = 'answer'")
    _kinds("'topic', 'menus', 'prompts', 'procedure'")
