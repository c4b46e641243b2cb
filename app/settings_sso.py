"""Single sign-on's settings (OIDC_*, LOCAL_SIGN_IN_EMAILS), each checked at start-up.

Off unless OIDC_ISSUER is set; then the client's id and secret are required, the issuer must
be https (only an address on this machine may use http: a test's provider), and the role
map must read as "provider value=line role" pairs. Which role names the line has is checked
by app.accounts.single_sign_on, above this layer, when the app starts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from app import settings_values as values
from app.settings_values import EMAIL, SettingsError

CLAIMS = ("amr", "acr")  # where a provider says how the person proved who they are


@dataclass(frozen=True)
class SingleSignOn:
    """How the admin signs people in through an OpenID Connect provider (app.admin.sso)."""

    issuer: str = ""  # blank: single sign-on is off
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    scopes: str = "openid email profile"
    roles_claim: str = "roles"  # Entra ID's app roles; "groups" for its group ids
    # (value at the provider, line role), in order: OIDC_ROLE_MAP="Line.Editors=editor,..."
    role_map: tuple[tuple[str, str], ...] = ()
    require_mfa: bool = False
    mfa_claim: str = "amr"
    mfa_values: tuple[str, ...] = ("mfa",)
    # Who may still sign in with a password (break-glass); empty: everyone with an account.
    local_emails: tuple[str, ...] = ()

    @property
    def on(self) -> bool:
        """Whether single sign-on is set up."""
        return bool(self.issuer)

    @property
    def discovery_url(self) -> str:
        """The provider's OpenID Connect discovery document."""
        return f"{self.issuer}/.well-known/openid-configuration"


def single_sign_on(env: Mapping[str, str]) -> SingleSignOn:
    """OIDC_* and LOCAL_SIGN_IN_EMAILS read and checked; SettingsError names what is wrong."""
    local = _emails(env.get("LOCAL_SIGN_IN_EMAILS", ""))
    issuer = env.get("OIDC_ISSUER", "").rstrip("/")
    if not issuer:
        stray = sorted(name for name in env if name.startswith("OIDC_") and env[name])
        if stray:
            raise SettingsError(f"{stray[0]} is set but OIDC_ISSUER is not: set both, or neither.")
        return SingleSignOn(local_emails=local)
    parts = urlsplit(issuer)
    if parts.scheme != "https" and not (
        parts.scheme == "http" and values.loopback(parts.hostname or "")
    ):
        raise SettingsError("OIDC_ISSUER must start with https:// (the provider's issuer URL).")
    missing = [name for name in ("OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET") if not env.get(name)]
    if missing:
        raise SettingsError(f"OIDC_ISSUER is set, so {' and '.join(missing)} must be too.")
    claim = env.get("OIDC_MFA_CLAIM", "").lower() or SingleSignOn.mfa_claim
    if claim not in CLAIMS:
        raise SettingsError(f"OIDC_MFA_CLAIM must be amr or acr, not {claim!r}.")
    scopes = env.get("OIDC_SCOPES", "") or SingleSignOn.scopes
    if "openid" not in scopes.split():
        raise SettingsError("OIDC_SCOPES must include openid.")
    return SingleSignOn(
        issuer=issuer,
        client_id=env["OIDC_CLIENT_ID"],
        client_secret=env["OIDC_CLIENT_SECRET"],
        scopes=" ".join(scopes.split()),
        roles_claim=env.get("OIDC_ROLES_CLAIM", "") or SingleSignOn.roles_claim,
        role_map=role_map(env.get("OIDC_ROLE_MAP", "")),
        require_mfa=values.yes_no(env, "OIDC_REQUIRE_MFA", SingleSignOn.require_mfa),
        mfa_claim=claim,
        mfa_values=_words(env.get("OIDC_MFA_VALUES", "")) or SingleSignOn.mfa_values,
        local_emails=local,
    )


def role_map(value: str) -> tuple[tuple[str, str], ...]:
    """ "Line.Editors=editor, 1b2c...=reviewer" as pairs; each value at the provider once."""
    pairs: list[tuple[str, str]] = []
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        outside, equals, role = (s.strip() for s in part.rpartition("="))
        if not equals or not outside or not role:
            raise SettingsError(
                "OIDC_ROLE_MAP must be pairs like Line.Editors=editor,Line.Admins=admin, "
                f"not {part!r}."
            )
        if any(outside == seen for seen, _ in pairs):
            raise SettingsError(f"OIDC_ROLE_MAP names {outside!r} twice.")
        pairs.append((outside, role.lower()))
    return tuple(pairs)


def _words(value: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in value.split(",") if word.strip())


def _emails(value: str) -> tuple[str, ...]:
    emails = tuple(word.lower() for word in _words(value))
    wrong = [email for email in emails if not EMAIL.fullmatch(email)]
    if wrong:
        raise SettingsError(
            f"LOCAL_SIGN_IN_EMAILS must be email addresses separated by commas, not {wrong[0]!r}."
        )
    return emails
