"""Questions the line could not answer, kept (scrubbed, 30 days) only when the department
turns keeping on; and that choice, off until an admin changes it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=3), nullable=False),
        sa.Column("via", sa.String(length=5), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.CheckConstraint("via IN ('phone', 'text')", name=op.f("ck_kept_questions_via")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_questions")),
    )
    op.create_index(op.f("ix_kept_questions_day"), "kept_questions", ["day"])
    op.create_table(
        "question_keeping",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_question_keeping_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_keeping")),
    )


def downgrade() -> None:
    op.drop_table("question_keeping")
    op.drop_index(op.f("ix_kept_questions_day"), table_name="kept_questions")
    op.drop_table("kept_questions")
