"""Single sign-on's rules, pure: which line role a provider's groups or roles give, whether
the provider says a second factor was used, who may still use a password, and who the
person is by the ID token's claims. Authlib (app.admin.sso) has already checked the token's
signature, issuer, audience, expiry and nonce before any of these is asked."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.accounts.roles import ROLES
from app.settings_sso import SingleSignOn
from app.settings_values import SettingsError

Claims = Mapping[str, Any]
# Where a provider may put the address: Entra ID gives `email` only when the user has a mail
# address, and always `preferred_username` (the sign-in name, usually the address); NHS CIS2
# and NHSmail give `email`.
_EMAIL_CLAIMS = ("email", "preferred_username", "upn")


def check_role_map(sign_on: SingleSignOn) -> None:
    """Stop start-up when OIDC_ROLE_MAP names a role the line does not have."""
    for outside, role in sign_on.role_map:
        if role not in ROLES:
            raise SettingsError(
                f"OIDC_ROLE_MAP gives {outside!r} the role {role!r}; the line's roles are "
                f"{', '.join(ROLES)}."
            )


@dataclass(frozen=True)
class MappedRole:
    """What the role map makes of a person's claims: one role, or none (and why not)."""

    role: str | None
    why_none: str = ""


def mapped_role(claims: Claims, sign_on: SingleSignOn) -> MappedRole:
    """The line role the person's groups or roles (OIDC_ROLES_CLAIM) map to. Two different
    roles give none: one account has one role, and an editor who is also a reviewer could
    publish their own words."""
    theirs = set(values_of(claims, sign_on.roles_claim))
    roles = list(dict.fromkeys(role for outside, role in sign_on.role_map if outside in theirs))
    if len(roles) == 1:
        return MappedRole(roles[0])
    if roles:
        return MappedRole(None, f"the provider gives more than one role ({', '.join(roles)})")
    return MappedRole(None, "the provider gives no role the line maps")


def second_factor_shown(claims: Claims, sign_on: SingleSignOn) -> bool:
    """Whether the token says a second factor was used (OIDC_MFA_CLAIM holds one of
    OIDC_MFA_VALUES: `amr` containing "mfa" by default, or an `acr` such as CIS2's AAL3)."""
    return bool(set(values_of(claims, sign_on.mfa_claim)) & set(sign_on.mfa_values))


def values_of(claims: Claims, name: str) -> list[str]:
    """A claim as a list of strings: a list as it is, one string as one, else nothing."""
    value = claims.get(name)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def password_allowed(email: str, sign_on: SingleSignOn) -> bool:
    """Whether `email` may sign in with a password: everyone, unless LOCAL_SIGN_IN_EMAILS
    names the break-glass accounts, when only they may."""
    return not sign_on.local_emails or email.strip().lower() in sign_on.local_emails


@dataclass(frozen=True)
class Person:
    """Who the ID token says signed in."""

    issuer: str
    subject: str
    email: str
    name: str


def address_verified(claims: Claims) -> bool:
    """Whether the provider vouches for the address: OpenID's `email_verified`, or Entra ID's
    optional `xms_edov` ("email domain owner verified"). Only then may a first sign-in join
    an account that exists already."""
    return claims.get("email_verified") is True or claims.get("xms_edov") is True


def person(claims: Claims) -> Person | None:
    """The person the claims name, or None without a subject or an email address."""
    issuer, subject = claims.get("iss"), claims.get("sub")
    email = next(
        (v for key in _EMAIL_CLAIMS if isinstance(v := claims.get(key), str) and "@" in v), ""
    )
    if not (isinstance(issuer, str) and isinstance(subject, str) and subject and email):
        return None
    name = claims.get("name")
    if not isinstance(name, str) or not name.strip():
        given, family = claims.get("given_name"), claims.get("family_name")
        parts = [p for p in (given, family) if isinstance(p, str) and p.strip()]
        name = " ".join(parts) or email.partition("@")[0]
    return Person(issuer, subject[:255], email.strip().lower()[:254], " ".join(name.split())[:200])
