"""Staff news told once: each (news, key) written before it is sent, so a retry or a second
process never sends it again.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff_news",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("news", sa.String(length=40), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_staff_news")),
        sa.UniqueConstraint("news", "key", name=op.f("uq_staff_news_news_key")),
    )


def downgrade() -> None:
    op.drop_table("staff_news")
