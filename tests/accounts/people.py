"""Making accounts for tests through the real services."""

from __future__ import annotations

import time

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.accounts import service, totp
from app.accounts.models import User
from app.audit.models import AuditEntry

PASSWORD = "tulip lantern orbit marmalade"
OTHER_PASSWORD = "gravel harbour quietly onions"
SETUP = "test set-up"


def make_user(
    session: Session,
    email: str = "jane.doe@hospital.example",
    name: str = "Jane Doe",
    role: str = "admin",
    password: str = PASSWORD,
) -> User:
    """An account created as the command line would."""
    return service.create_user(session, email, name, role, password, SETUP)


def current_code(secret: str, ahead: int = 0) -> str:
    """The authenticator's code now, or `ahead` steps from now."""
    return totp.code_at(secret, totp.step_at(time.time()) + ahead)


def with_second_factor(session: Session, user: User) -> tuple[str, list[str]]:
    """Set up `user`'s authenticator app; returns its secret and the recovery codes."""
    secret = service.begin_totp_setup(user)
    codes = service.confirm_totp(session, user, secret, current_code(secret))
    return secret, codes


def counts(session: Session) -> tuple[int, int]:
    """How many accounts and audit entries there are."""
    session.expire_all()
    users = session.scalar(select(func.count()).select_from(User)) or 0
    entries = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    return users, entries


def trail(session: Session) -> list[AuditEntry]:
    """Every audit entry, oldest first."""
    session.expire_all()
    return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
