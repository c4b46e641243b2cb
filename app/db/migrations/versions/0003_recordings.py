"""Recordings: each take of an item's words in a person's voice, kept for good.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "recordings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lang", sa.String(length=3), nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("words", sa.Text(), nullable=False),
        sa.Column("words_digest", sa.String(length=64), nullable=False),
        sa.Column("normal", sa.String(length=40), nullable=False),
        sa.Column("slow", sa.String(length=40), nullable=False),
        sa.Column("normal_audio", sa.LargeBinary(), nullable=False),
        sa.Column("slow_audio", sa.LargeBinary(), nullable=False),
        sa.Column("seconds", sa.Float(), nullable=False),
        sa.Column("how", sa.String(length=10), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("made_by_id", sa.Integer(), nullable=True),
        sa.Column("made_by", sa.String(length=200), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by", sa.String(length=200), nullable=True),
        sa.Column("made_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("times_published", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'approved', 'refused')", name=op.f("ck_recordings_status")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_recordings_approved_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["made_by_id"], ["users.id"], name=op.f("fk_recordings_made_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recordings")),
    )
    op.create_index("ix_recordings_lang_key", "recordings", ["lang", "key"])


def downgrade() -> None:
    op.drop_index("ix_recordings_lang_key", table_name="recordings")
    op.drop_table("recordings")
