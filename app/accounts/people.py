"""Finding accounts, and tidying the email address and name typed for one."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.errors import AccountError
from app.accounts.models import User

LONGEST_EMAIL = 254
LONGEST_NAME = 200


def find_user(session: Session, email: str) -> User | None:
    """The account with `email`, in any case, or None."""
    return session.scalar(select(User).where(User.email == email.strip().lower()))


def get_user(session: Session, user_id: int) -> User | None:
    """The account with id `user_id`, or None."""
    return session.get(User, user_id)


def list_users(session: Session) -> list[User]:
    """Every account, active ones first, then by name."""
    return list(session.scalars(select(User).order_by(User.active.desc(), User.name, User.id)))


def clean_email(email: str) -> str:
    """`email` trimmed and lower-cased, or AccountError if it cannot be an address."""
    email = email.strip().lower()
    local, at, domain = email.rpartition("@")
    if (
        not at
        or not local
        or "." not in domain.strip(".")
        or len(email) > LONGEST_EMAIL
        or not email.isprintable()
        or any(ch.isspace() for ch in email)
    ):
        raise AccountError("Enter an email address, like name@hospital.nhs.uk.")
    return email


def clean_name(name: str) -> str:
    """`name` with its spaces tidied, or AccountError if empty, too long or not printable."""
    name = " ".join(name.split())
    if not name or len(name) > LONGEST_NAME or not name.isprintable():
        raise AccountError(f"Enter the person's name, up to {LONGEST_NAME} characters.")
    return name
