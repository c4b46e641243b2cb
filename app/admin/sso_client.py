"""The OpenID provider as Authlib's Flask client sees it: registered once per app when
OIDC_ISSUER is set, from the provider's discovery document (read at the first sign-in, not
at start-up, so a provider that is away does not stop the line).

Authlib does the protocol: the authorization code flow with PKCE (S256), `state` and
`nonce` kept in the admin's session, and the ID token's signature (the provider's JWKS),
issuer, audience, expiry and nonce checked. The line adds only what it decides."""

from __future__ import annotations

from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app

from app.accounts.single_sign_on import check_role_map
from app.services import services

NAME = "provider"
SIGNED_ON = "signed_on"  # in the session of someone who signed in through the provider
TIMEOUT_SECONDS = 10  # each request to the provider: discovery, the token, its keys
_EXTENSION = "single_sign_on"


def init_app(app: Flask) -> None:
    """Register the provider with Authlib when single sign-on is set up; its role map is
    checked against the line's roles now, so a typo stops start-up."""
    sign_on = services(app).settings.sign_on
    app.add_template_global(offered, "sign_on_offered")
    if not sign_on.on:
        return
    check_role_map(sign_on)
    oauth = OAuth(app)
    oauth.register(
        NAME,
        client_id=sign_on.client_id,
        client_secret=sign_on.client_secret,
        server_metadata_url=sign_on.discovery_url,
        client_kwargs={
            "scope": sign_on.scopes,
            "code_challenge_method": "S256",
            "default_timeout": TIMEOUT_SECONDS,
        },
    )
    app.extensions[_EXTENSION] = oauth


def provider() -> FlaskOAuth2App | None:
    """The registered provider, or None when single sign-on is off."""
    oauth = current_app.extensions.get(_EXTENSION)
    if oauth is None:
        return None
    client = oauth.create_client(NAME)
    assert isinstance(client, FlaskOAuth2App)
    return client


def offered() -> bool:
    """Whether the sign-in page offers the organisation's sign-in."""
    return _EXTENSION in current_app.extensions


def end_session_url(after: str) -> str | None:
    """Where the provider ends its own session and sends the person back to `after`, or
    None when it offers no such place (or cannot be asked just now)."""
    client = provider()
    if client is None:
        return None
    try:
        metadata = client.load_server_metadata()
    except Exception:  # noqa: BLE001 - the line's own sign-out has happened; this is extra
        return None
    if not metadata.get("end_session_endpoint"):
        return None
    made = client.create_logout_url(post_logout_redirect_uri=after, client_id=client.client_id)
    url = made["url"]
    assert isinstance(url, str)
    return url
