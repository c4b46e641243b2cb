"""Patients' comments on a topic's page: the words, scrubbed, with the day.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "feedback_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=64), nullable=False),
        sa.Column("lang", sa.String(length=3), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback_comments")),
    )


def downgrade() -> None:
    op.drop_table("feedback_comments")
