"""Signing in through the organisation's OpenID provider (Entra ID, NHSmail, NHS CIS2...):
the sign-in page's link starts it, the provider sends the person back to the callback, and
signing out offers to end the provider's session too.

Authlib checks the answer (state, the code exchanged with PKCE, the ID token's signature,
issuer, audience, expiry and nonce); anything it refuses is a polite page and a refused
sign-in in the trail. The provider's second factor stands for the line's own: a person who
signs in this way is not asked for an authenticator code."""

from __future__ import annotations

import contextlib

from authlib.integrations.base_client.errors import OAuthError
from flask import Blueprint, abort, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from joserfc.errors import JoseError
from redis import RedisError
from requests import RequestException

from app.accounts import provider_sign_in
from app.accounts.access import client_address, signed_in, unavailable
from app.accounts.announce import announce_later
from app.admin.auth import attempt, complete
from app.admin.sso_client import SIGNED_ON, end_session_url, provider
from app.db.session import db_session
from app.services import services

bp = Blueprint("sso", __name__, url_prefix="/sso")
LEEWAY_SECONDS = 60  # clocks differ a little: an ID token a minute past its expiry is refused
AWAY = "Your organisation's sign-in cannot be reached just now. Please try again in a few minutes."
TOO_MANY = "Too many attempts to sign in from here. Please wait 15 minutes, then try again."
THROTTLED_AS = "(single sign-on)"  # the name the attempts are counted under, with the client
FAILED = "Your organisation's sign-in did not work. Please try again."


def _callback_url() -> str:
    # Exactly what is registered at the provider, whatever Host the request came with.
    return f"{services().settings.public_base_url}{url_for('admin.sso.callback')}"


@bp.get("/start")
def start() -> ResponseReturnValue:
    """Off to the provider, with a new state, nonce and PKCE code challenge."""
    client = provider()
    if client is None:
        abort(404)
    if signed_in() is not None:
        return redirect(url_for("admin.dashboard.index"))
    try:
        response: ResponseReturnValue = client.authorize_redirect(_callback_url())
    except (RequestException, ValueError, KeyError):
        return render_template("admin/sso_refused.html", message=AWAY), 503
    return response


@bp.get("/callback")
def callback() -> ResponseReturnValue:
    """The provider's answer: the code exchanged, the ID token checked, the person signed in."""
    client = provider()
    if client is None:
        abort(404)
    sign_on = services().settings.sign_on
    # Counted like password attempts from this client (each refusal is a row in the trail):
    # given back when the person is signed in.
    tried = attempt(THROTTLED_AS)
    try:
        wait = tried.take()
    except RedisError:
        return unavailable()
    if wait:
        return render_template("admin/sso_refused.html", message=TOO_MANY), 429
    try:
        token = client.authorize_access_token(claims_options=_expected(), leeway=LEEWAY_SECONDS)
        claims = token.get("userinfo")
        if claims is None:  # Authlib checks an ID token only when there is one
            raise OAuthError(error="no_id_token", description="the answer had no ID token")
    except (OAuthError, JoseError) as exc:
        return _failed(f"{type(exc).__name__}: {exc}"[:200], FAILED, 401)
    except (RequestException, ValueError, KeyError) as exc:
        return _failed(f"{type(exc).__name__}"[:200], AWAY, 502)
    outcome = provider_sign_in.sign_in(db_session(), sign_on, dict(claims), client_address())
    for action, user_id, who in outcome.changes:  # the other staff told, by a worker
        announce_later(action, user_id, who, client_address())
    if outcome.user is None:
        return render_template("admin/sso_refused.html", message=outcome.refusal), 403
    with contextlib.suppress(RedisError):
        tried.give_back()
    response = complete(outcome.user)
    session[SIGNED_ON] = True
    return response


@bp.get("/signed-out")
def signed_out() -> ResponseReturnValue:
    """After signing out of the line: a link to end the provider's session too, if it has
    one (a link, not a redirect: the admin's forms may only go to the line itself)."""
    after = f"{services().settings.public_base_url}{url_for('admin.auth.login')}"
    return render_template("admin/sso_signed_out.html", provider_url=end_session_url(after))


def _expected() -> dict[str, dict[str, object]]:
    """The issuer and audience the ID token must name. Authlib checks the audience only when
    told to (without, a token for another client that names us as `azp` would pass)."""
    sign_on = services().settings.sign_on
    return {
        "iss": {"essential": True, "values": [sign_on.issuer]},
        "aud": {"essential": True, "values": [sign_on.client_id]},
    }


def _failed(reason: str, message: str, status: int) -> ResponseReturnValue:
    provider_sign_in.refused(db_session(), reason, client_address())
    return render_template("admin/sso_refused.html", message=message), status
