"""Managing accounts: each operation commits the change with its audit entry, or nothing.

Every function here commits the session it is given, so call it with no other changes
pending. A refusal raises AccountError with a message for the person, and leaves the
database as it was. Sign-in is in app.accounts.signin, the second factor in
app.accounts.second_factor; their functions are re-exported here, so
views need only this module.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import links
from app.accounts.actors import Actor, about, by, require
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.passwords import hash_password, password_problem, verify_password
from app.accounts.people import clean_email, clean_name, find_user, get_user, list_users
from app.accounts.roles import ADMIN, ROLES
from app.accounts.second_factor import (
    begin_totp_setup,
    confirm_totp,
    new_recovery_codes,
    reset_second_factor,
    setup_qr_svg,
)
from app.accounts.signin import check_password, check_second_factor, sign_out, user_for_session
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed

__all__ = [
    "AccountError",
    "Actor",
    "begin_totp_setup",
    "change_name",
    "change_password",
    "change_role",
    "check_password",
    "check_second_factor",
    "confirm_totp",
    "create_user",
    "deactivate",
    "find_user",
    "get_user",
    "list_users",
    "new_recovery_codes",
    "reactivate",
    "reset_second_factor",
    "setup_qr_svg",
    "sign_out",
    "user_for_session",
]


DUPLICATE = "There is already an account with that email address."


def create_user(
    session: Session,
    email: str,
    name: str,
    role: str,
    password: str | None,
    actor: Actor,
    client: str | None = None,
) -> User:
    """A new active account, without a second factor yet (set up at first sign-in). With no
    `password` it has none that works: a sign-in link (app.accounts.links) lets the person
    choose theirs, so the admin who made the account never knows it."""
    require(actor, "manage_accounts")
    email, name = clean_email(email), clean_name(name)
    _check_role(role)
    problem = None if password is None else password_problem(password, email, name)
    if problem:
        raise AccountError(problem)
    if find_user(session, email) is not None:
        raise AccountError(DUPLICATE)
    try:
        with committed(session):
            hashed = links.placeholder() if password is None else hash_password(password)
            user = User(email=email, name=name, role=role, password_hash=hashed)
            session.add(user)
            session.flush()
            record(
                session,
                Action.ACCOUNT_CREATED,
                **by(actor),
                client=client,
                **about(user),
                email=email,
                role=role,
            )
    except IntegrityError:
        # Another request created the same address between the check and the insert.
        raise AccountError(DUPLICATE) from None
    return user


def change_role(
    session: Session, user: User, role: str, actor: Actor, client: str | None = None
) -> None:
    """Give `user` another role; their sessions end, so the new role applies at once."""
    require(actor, "manage_accounts")
    _check_role(role)
    if user.role == role:
        raise AccountError(f"{user.name} is already {_article(role)} {role}.")
    if user.role == ADMIN:
        _keep_an_admin(session, user)
    with committed(session):
        before, user.role = user.role, role
        user.session_version += 1
        record(
            session,
            Action.ACCOUNT_ROLE_CHANGED,
            **by(actor),
            client=client,
            **about(user),
            before=before,
            after=role,
        )


def change_name(
    session: Session, user: User, name: str, actor: Actor, client: str | None = None
) -> None:
    """Correct how `user` is named; the audit trail keeps the name each entry was made under."""
    if not (isinstance(actor, User) and actor.id == user.id):
        require(actor, "manage_accounts")
    name = clean_name(name)
    if name == user.name:
        raise AccountError("That is the name already.")
    # Named as they were when they asked: someone renaming themselves is recorded as before.
    who = by(actor)
    with committed(session):
        before, user.name = user.name, name
        record(
            session,
            Action.ACCOUNT_RENAMED,
            **who,
            client=client,
            **about(user),
            before=before,
            after=name,
        )


def deactivate(session: Session, user: User, actor: Actor, client: str | None = None) -> None:
    """Stop `user` signing in and end their sessions; the account and its history stay."""
    require(actor, "manage_accounts")
    if not user.active:
        raise AccountError(f"{user.name}'s account is already deactivated.")
    if isinstance(actor, User) and actor.id == user.id:
        raise AccountError("You cannot deactivate your own account. Ask another admin.")
    if user.role == ADMIN:
        _keep_an_admin(session, user)
    with committed(session):
        user.active = False
        user.session_version += 1
        record(session, Action.ACCOUNT_DEACTIVATED, **by(actor), client=client, **about(user))


def reactivate(session: Session, user: User, actor: Actor, client: str | None = None) -> None:
    """Let a deactivated `user` sign in again, with their password and second factor."""
    require(actor, "manage_accounts")
    if user.active:
        raise AccountError(f"{user.name}'s account is already active.")
    with committed(session):
        user.active = True
        record(session, Action.ACCOUNT_REACTIVATED, **by(actor), client=client, **about(user))


def change_password(
    session: Session, user: User, old: str, new: str, client: str | None = None
) -> None:
    """`user` changes their own password; every session of theirs ends, this one too.

    The view then stores the new `user.session_version` in the session it keeps.
    """
    if not verify_password(user.password_hash, old):
        raise AccountError("Your current password is not right.")
    if new == old:
        raise AccountError("Your new password must be different from your current one.")
    problem = password_problem(new, user.email, user.name)
    if problem:
        raise AccountError(problem)
    with committed(session):
        user.password_hash = hash_password(new)
        user.password_changed_at = utcnow()
        user.session_version += 1
        record(session, Action.PASSWORD_CHANGED, actor=user, client=client, **about(user))


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise AccountError(f"Choose a role: {', '.join(ROLES)}.")


def _article(role: str) -> str:
    return "an" if role[0] in "aeiou" else "a"


def _keep_an_admin(session: Session, leaving: User) -> None:
    others = session.scalar(
        select(func.count()).where(User.role == ADMIN, User.active, User.id != leaving.id)
    )
    if not others:
        raise AccountError("The line must keep at least one active admin. Add another first.")
