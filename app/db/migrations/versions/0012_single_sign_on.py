"""Single sign-on: an account may be a person at the OpenID provider (issuer and subject),
and may have no role yet (a first sign-in the role map gives none to).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # batch mode: SQLite has no ALTER COLUMN, so the table is copied (its checks kept).
    with op.batch_alter_table("users", recreate="auto") as batch:
        batch.alter_column("role", existing_type=sa.String(length=20), nullable=True)
        batch.add_column(sa.Column("oidc_issuer", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("oidc_subject", sa.String(length=255), nullable=True))
        batch.add_column(
            sa.Column("role_from_provider", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_unique_constraint(
            op.f("uq_users_oidc_issuer_oidc_subject"), ["oidc_issuer", "oidc_subject"]
        )


def downgrade() -> None:
    # Accounts still waiting for a role cannot be kept without one: they are deactivated
    # editors, so the trail still names them.
    op.execute("UPDATE users SET active = false, role = 'editor' WHERE role IS NULL")
    with op.batch_alter_table("users", recreate="auto") as batch:
        batch.drop_constraint(op.f("uq_users_oidc_issuer_oidc_subject"), type_="unique")
        batch.drop_column("role_from_provider")
        batch.drop_column("oidc_subject")
        batch.drop_column("oidc_issuer")
        batch.alter_column("role", existing_type=sa.String(length=20), nullable=False)
