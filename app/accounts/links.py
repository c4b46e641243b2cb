"""One-time sign-in links: how a person sets their own first password, so no admin knows it.

An account made by an admin (or whose password an admin reset) has no usable password: its
hash is a random placeholder no password matches. The link is a signed, timed token naming
the account and a fingerprint of that placeholder. Setting a password replaces the
placeholder, and issuing a new link draws a new one, so each link works once, only while it
is the newest, and for LINK_LIFETIME at most. No database column is needed.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import CursorResult, update
from sqlalchemy.orm import Session

from app.accounts.actors import Actor, about, by, require
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.passwords import hash_password, password_problem
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed

LINK_LIFETIME = timedelta(hours=72)
PATH = "/admin/welcome/"  # the page app.admin.welcome serves
_SALT = "first-sign-in"
_PLACEHOLDER = "!unset:"  # never the start of an argon2 hash: verify_password says no

GONE = (
    "This sign-in link has expired, has been used, or a newer one was sent. Ask an admin "
    "for a new link."
)


def placeholder() -> str:
    """A password hash that no password matches, different every time."""
    return _PLACEHOLDER + secrets.token_urlsafe(24)


def waiting(user: User) -> bool:
    """Whether `user` has no usable password yet, and so needs a sign-in link."""
    return user.password_hash.startswith(_PLACEHOLDER)


def url(base_url: str, token: str) -> str:
    """The link to give the person, on the line's public address."""
    return base_url.rstrip("/") + PATH + token


def _fingerprint(user: User) -> str:
    return hashlib.sha256(user.password_hash.encode()).hexdigest()[:32]


def _serializer(secret_key: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret_key, salt=_SALT)


def issue(
    session: Session,
    user: User,
    secret_key: str,
    actor: Actor,
    client: str | None = None,
    why: str = "new link",
) -> str:
    """A new link's token for `user` (no usable password): every older link stops working."""
    require(actor, "manage_accounts")
    if not user.active:
        raise AccountError(f"{user.name}'s account is deactivated: reactivate it first.")
    if not waiting(user):
        raise AccountError(f"{user.name} has a password: reset it to send them a new link.")
    with committed(session):
        user.password_hash = placeholder()
        token = _serializer(secret_key).dumps([user.id, _fingerprint(user)])
        record(session, Action.ACCOUNT_LINK_ISSUED, **by(actor), client=client, **about(user),
               why=why, hours=int(LINK_LIFETIME.total_seconds() // 3600))  # fmt: skip
    return token


def reset_password(
    session: Session, user: User, secret_key: str, actor: Actor, client: str | None = None
) -> str:
    """End `user`'s password and sessions; the token of a link to choose a new one."""
    require(actor, "manage_accounts")
    if isinstance(actor, User) and actor.id == user.id:
        raise AccountError("Change your own password in My account.")
    if not user.active:
        raise AccountError(f"{user.name}'s account is deactivated: reactivate it first.")
    with committed(session):
        user.password_hash = placeholder()
        user.session_version += 1
        record(session, Action.ACCOUNT_PASSWORD_RESET, **by(actor), client=client, **about(user))
    return issue(session, user, secret_key, actor, client, why="password reset")


def holder(session: Session, token: str, secret_key: str) -> User:
    """The account the link is for, or AccountError(GONE); an expired or spent link that we
    did sign is recorded as refused, so the trail shows every attempt to use one."""
    try:
        user_id, fingerprint = _serializer(secret_key).loads(
            token, max_age=int(LINK_LIFETIME.total_seconds())
        )
    except SignatureExpired as expired:
        _refused(session, expired.payload, secret_key, "expired")
        raise AccountError(GONE) from None
    except (BadSignature, ValueError, TypeError):
        raise AccountError(GONE) from None
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.active or not waiting(user) or fingerprint != _fingerprint(user):
        if user is not None:
            _refused_for(session, user, "used, replaced or account deactivated")
        raise AccountError(GONE)
    return user


def _refused(session: Session, payload: object, secret_key: str, why: str) -> None:
    try:
        user_id = _serializer(secret_key).load_payload(payload)[0]  # type: ignore[arg-type]
    except (BadSignature, ValueError, TypeError, IndexError, KeyError):
        return
    user = session.get(User, user_id) if isinstance(user_id, int) else None
    if user is not None:
        _refused_for(session, user, why)


def _refused_for(session: Session, user: User, why: str) -> None:
    with committed(session):
        record(session, Action.ACCOUNT_LINK_REFUSED, outcome="refused", **about(user), why=why)


def set_first_password(
    session: Session, user: User, password: str, client: str | None = None
) -> None:
    """`user` (found by `holder`) chooses their password; the link is spent. Of two requests
    racing with one link, only the first sets a password."""
    problem = password_problem(password, user.email, user.name)
    if problem:
        raise AccountError(problem)
    with committed(session):
        result = session.execute(
            update(User)
            .where(User.id == user.id, User.password_hash == user.password_hash)
            .values(
                password_hash=hash_password(password),
                password_changed_at=utcnow(),
                session_version=User.session_version + 1,
            )  # fmt: skip
        )
        assert isinstance(result, CursorResult)
        if result.rowcount != 1:
            raise AccountError(GONE)
        record(session, Action.ACCOUNT_LINK_USED, actor=user, client=client, **about(user))
    session.refresh(user)
