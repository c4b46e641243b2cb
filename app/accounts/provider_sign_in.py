"""Signing in through the OpenID provider, once Authlib has checked its ID token: the account
found (by issuer and subject), linked (an account with the same address, not yet linked) or
made (with no role), the role map applied again, and each step in the trail with the sign-in.

The provider's own second factor is the second step: the line's authenticator code is not
asked again (OIDC_REQUIRE_MFA makes the provider say one was used)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.accounts import links
from app.accounts.actors import about
from app.accounts.models import User
from app.accounts.people import find_user
from app.accounts.roles import ADMIN
from app.accounts.single_sign_on import (
    Claims,
    address_verified,
    mapped_role,
    person,
    second_factor_shown,
    values_of,
)
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed
from app.settings_sso import SingleSignOn

METHOD = "single sign-on"
ROLE_MAP = "single sign-on (OIDC_ROLE_MAP)"  # who changes a role the provider gives
NO_ROLE = "Your account is ready, but it has no role yet. Ask an admin to give you one."
NO_MFA = (
    "Your organisation's sign-in did not say a second factor was used. Sign in again with "
    "your second factor (an authenticator app or a security key)."
)
NOT_YOU = "We could not tell who you are from your organisation's sign-in. Ask an admin."
TAKEN = "That email address belongs to another account here. Ask an admin."
UNVERIFIED = (
    "An account here already uses that email address, and your organisation's sign-in did "
    "not confirm the address is yours. Ask an admin."
)
INACTIVE = "Your account here is deactivated. Ask an admin."


# An account change to announce once the sign-in is committed: the change, whose account,
# and who made it (single sign-on, or its role map).
Change = tuple[Action, int, str]


@dataclass(frozen=True)
class Outcome:
    """The person signed in, or why not (a sentence for them); and what changed on the way
    (an account made or joined, a role given or taken), for the other staff to be told."""

    user: User | None
    refusal: str = ""
    changes: tuple[Change, ...] = ()


def sign_in(session: Session, sign_on: SingleSignOn, claims: Claims, client: str) -> Outcome:
    """Find, link or make the account the checked `claims` name, apply the role map, and
    record it all with the sign-in (or its refusal) in one transaction."""
    changes: list[Change] = []
    try:
        with committed(session):
            outcome = _sign_in(session, sign_on, claims, client, changes)
        return dataclasses.replace(outcome, changes=tuple(changes))
    except IntegrityError:
        # Two first sign-ins of one person at once: the other made the account.
        return Outcome(None, "Please try signing in again.")


def _sign_in(
    session: Session, sign_on: SingleSignOn, claims: Claims, client: str, changes: list[Change]
) -> Outcome:
    who = person(claims)
    if who is None:
        return _refused(session, None, NOT_YOU, "no subject or email in the ID token", client)
    if sign_on.require_mfa and not second_factor_shown(claims, sign_on):
        found = _linked(session, who.issuer, who.subject) or find_user(session, who.email)
        return _refused(session, found, NO_MFA, "no second factor at the provider", client)
    user = _linked(session, who.issuer, who.subject)
    if user is None:
        user = find_user(session, who.email)
        if user is not None and user.oidc_subject is not None:
            return _refused(session, user, TAKEN, "address linked to another subject", client)
        if user is not None and not address_verified(claims):
            # An address the provider did not verify could be anyone's to type (Entra's
            # "email" is editable): it never opens an account that exists already.
            return _refused(session, user, UNVERIFIED, "address not verified", client)
        action = Action.ACCOUNT_LINKED
        if user is None:
            # No password that works: the provider is how they sign in.
            user = User(
                email=who.email, name=who.name, role=None, password_hash=links.placeholder()
            )
            session.add(user)
            action = Action.ACCOUNT_CREATED
        user.oidc_issuer, user.oidc_subject = who.issuer, who.subject
        session.flush()
        record(session, action, actor=user, client=client, **about(user), email=who.email,
               role=user.role, method=METHOD)  # fmt: skip
        changes.append((action, user.id, METHOD))
    if not user.active:
        return _refused(session, user, INACTIVE, "account deactivated", client)
    if sign_on.role_map and _apply_role_map(session, sign_on, claims, user, client):
        changes.append((Action.ACCOUNT_ROLE_CHANGED, user.id, ROLE_MAP))
    if user.role is None:
        return _refused(session, user, NO_ROLE, "no role yet", client)
    user.last_sign_in_at = utcnow()
    record(session, Action.SIGN_IN_SUCCEEDED, actor=user, client=client, **about(user),
           method=METHOD, **_how(claims))  # fmt: skip
    return Outcome(user)


def refused(session: Session, reason: str, client: str) -> None:
    """Record a sign-in the provider's answer failed (Authlib refused it: `reason`)."""
    with committed(session):
        _refused(session, None, "", reason, client)


def password_refused(session: Session, email: str, client: str) -> None:
    """Record a password sign-in refused: LOCAL_SIGN_IN_EMAILS does not name `email`."""
    with committed(session):
        user = find_user(session, email) if "@" in email else None
        _refused(session, user, "", "password sign-in is for break-glass accounts", client)


def _linked(session: Session, issuer: str, subject: str) -> User | None:
    return session.scalar(
        select(User).where(User.oidc_issuer == issuer, User.oidc_subject == subject)
    )


def _apply_role_map(
    session: Session, sign_on: SingleSignOn, claims: Claims, user: User, client: str
) -> bool:
    """The role the provider gives now; a role it gave before and no longer gives goes, one
    an admin gave stays. Never the last active admin's: the line keeps one (break-glass).
    Whether the role changed."""
    mapped = mapped_role(claims, sign_on)
    if mapped.role is None and not user.role_from_provider:
        return False
    if mapped.role == user.role:
        return False
    before = user.role
    if before == ADMIN and _last_admin(session, user):
        record(session, Action.ACCOUNT_ROLE_CHANGED, actor_name=ROLE_MAP, client=client,
               outcome="refused", **about(user), before=before, after=mapped.role,
               reason="the line keeps at least one active admin")  # fmt: skip
        return False
    user.role, user.role_from_provider = mapped.role, mapped.role is not None
    user.session_version += 1
    record(session, Action.ACCOUNT_ROLE_CHANGED, actor_name=ROLE_MAP, client=client,
           **about(user), before=before, after=mapped.role, why=mapped.why_none)  # fmt: skip
    return True


def _last_admin(session: Session, user: User) -> bool:
    others = session.scalar(
        select(func.count()).where(User.role == ADMIN, User.active, User.id != user.id)
    )
    return not others


def _how(claims: Claims) -> dict[str, Any]:
    # What the provider said about how the person proved who they are (never the token).
    return {key: ",".join(values_of(claims, key)) for key in ("amr", "acr") if key in claims}


def _refused(
    session: Session, user: User | None, refusal: str, reason: str, client: str
) -> Outcome:
    named = {"name_tried": user.email, **about(user)} if user is not None else {}
    record(session, Action.SIGN_IN_FAILED, client=client, outcome="refused", **named,
           reason=reason, step=METHOD)  # fmt: skip
    return Outcome(None, refusal)
