"""Signing in, in two steps (password, then a code), signing out, and checking a session."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from app.accounts import recovery, totp
from app.accounts.actors import about
from app.accounts.models import User
from app.accounts.passwords import hash_password, needs_rehash, verify_nothing, verify_password
from app.accounts.people import find_user
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed
from app.privacy import keyed_hash

# What the trail says was typed in the email box when it names no account. People type their
# password there by mistake, and the trail must never keep one: at most a keyed hash of it
# (app.privacy), which tells repeated tries of one name apart and nothing else.
NOT_AN_ACCOUNT = "(no such account)"


def check_password(
    session: Session,
    email: str,
    password: str,
    client: str | None = None,
    name_key: str | None = None,
) -> User | None:
    """The account if `password` is right and it is active, else None; both are recorded.

    A failure names the account tried if there is one; otherwise only a hash of what was
    typed, keyed with `name_key` (the app's secret; None: nothing of it at all). An unknown
    email takes as long as a known one, so the answer does not tell which addresses have
    accounts. The web layer throttles, and asks for the second factor next.
    """
    tried = email.strip().lower()
    user = find_user(session, tried) if "@" in tried else None
    with committed(session):
        if user is None:
            verify_nothing(password)
            name = {"name_tried": NOT_AN_ACCOUNT}
            if name_key is not None and tried:
                name["name_tried_hash"] = keyed_hash(name_key, "sign-in name", tried)[:32]
            _failed(session, None, "unknown account", client, **name)
            return None
        if not verify_password(user.password_hash, password):
            _failed(session, user, "wrong password", client)
            return None
        if not user.active:
            _failed(session, user, "account deactivated", client)
            return None
        if needs_rehash(user.password_hash):
            # Stronger parameters since this hash was made: the password is at hand now.
            user.password_hash = hash_password(password)
        record(session, Action.SIGN_IN_PASSWORD_ACCEPTED, actor=user, client=client, **about(user))
    return user


def check_second_factor(session: Session, user: User, code: str, client: str | None = None) -> bool:
    """Whether `code` (from the authenticator, or a recovery code) completes the sign-in."""
    with committed(session):
        if not user.active or not user.has_second_factor:
            reason = "account deactivated" if not user.active else "no second factor set up"
            _failed(session, user, reason, client, step="second factor")
            return False
        typed = "".join(code.split())
        if typed.isdigit():
            method = "authenticator"
            ok = claim_totp(session, user, typed)
        else:
            method = "recovery code"
            ok = recovery.use(session, user, typed)
        if not ok:
            _failed(session, user, "wrong code", client, step="second factor", method=method)
            return False
        user.last_sign_in_at = utcnow()
        # Worth seeing in the trail: someone spending recovery codes has lost their phone.
        left: dict[str, Any] = {}
        if method != "authenticator":
            left["recovery_codes_left"] = recovery.left(session, user)
        record(session, Action.SIGN_IN_SUCCEEDED, actor=user, client=client, **about(user),
               method=method, **left)  # fmt: skip
    return True


def sign_out(
    session: Session, user: User, client: str | None = None, everywhere: bool = False
) -> None:
    """Record that `user` signed out; `everywhere` also ends their other sessions."""
    with committed(session):
        if everywhere:
            user.session_version += 1
        record(
            session,
            Action.SIGN_OUT,
            actor=user,
            client=client,
            **about(user),
            everywhere=everywhere,
        )


def user_for_session(session: Session, user_id: int, version: int) -> User | None:
    """The signed-in person a web session names, or None if it has ended since."""
    user = session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None
    return user


def claim_totp(session: Session, user: User, typed: str) -> bool:
    """Whether `typed` is a current code of `user`'s app not used before; it is used now."""
    assert user.totp_secret is not None
    step = totp.verify(user.totp_secret, typed, user.last_totp_step)
    if step is None:
        return False
    # Only one request may spend a step: the second of two racing with the same code fails.
    result = session.execute(
        update(User)
        .where(User.id == user.id, User.last_totp_step < step)
        .values(last_totp_step=step)
    )
    assert isinstance(result, CursorResult)
    return result.rowcount == 1


def _failed(
    session: Session,
    user: User | None,
    reason: str,
    client: str | None,
    step: str = "password",
    **detail: Any,
) -> None:
    # Never what was typed: the account, when one was named, is the entry's object.
    named = {"name_tried": user.email, **about(user)} if user is not None else {}
    record(session, Action.SIGN_IN_FAILED, client=client, outcome="refused", **named,
           reason=reason, step=step, **detail)  # fmt: skip
