"""Setting up the authenticator app: at the first sign-in (or after a reset), and replacing
it from my account, which needs the password and a code from the old app (or a recovery
code) again, ends every other session and is told to the account's own address. Recovery
codes are shown once, on the page that confirms it."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_login import login_user
from markupsafe import Markup
from redis import RedisError

from app.accounts import notices, service, sessions
from app.accounts.access import SIGNED_IN, client_address, requires, signed_in, unavailable
from app.accounts.identity import touch
from app.accounts.models import User
from app.accounts.second_factor import NOT_PROVEN
from app.admin.auth import attempt, pending, start_again, too_many, typed_proof
from app.db.model import utcnow
from app.db.session import db_session
from app.services import services

bp = Blueprint("second_factor", __name__)
# The secret waits in the session until a code shows the app has it. The session cookie is
# signed, not encrypted: it holds only what the page itself shows this person to type in.
SECRET = "totp_setup_secret"


def _secret(user: User) -> str:
    secret = session.get(SECRET)
    if not isinstance(secret, str) or not secret.isalnum():
        secret = session[SECRET] = service.begin_totp_setup(user)
    return secret


def _context(user: User, replacing: bool) -> dict[str, Any]:
    secret = _secret(user)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    # segno's own SVG: a fixed drawing of the code, with a title for screen readers.
    qr = Markup(service.setup_qr_svg(user, secret))  # noqa: S704
    return {"qr": qr, "secret": grouped, "replacing": replacing, "email": user.email}


def _page(user: User, replacing: bool, status: int = 200) -> ResponseReturnValue:
    return render_template("admin/setup.html", **_context(user, replacing)), status


def _confirm(user: User, replacing: bool) -> ResponseReturnValue:
    secret = _secret(user)
    typed = request.form.get("code", "")[:100]
    # A signed-in change is counted per client, never against the account-wide limit on
    # codes, which a stolen session could use up to hold the owner at the code step.
    tried = attempt(user.email) if replacing else None
    wait = tried.take() if tried is not None else 0
    if wait:
        return too_many(wait, "admin/setup.html", **_context(user, replacing))
    try:
        codes = service.confirm_totp(db_session(), user, secret, typed, client_address(),
                                     proof=typed_proof() if replacing else None)  # fmt: skip
    except service.AccountError as refusal:
        if tried is not None and refusal.message != NOT_PROVEN:
            tried.give_back()  # a mistyped code from the new app is no guess at the account
        flash(refusal.message, "error")
        return _page(user, replacing, 422)
    if tried is not None:
        tried.give_back()
        sessions.end_all(user.id)  # copies of this session's cookie too
    target = session.get("next") or ""
    session.clear()  # a new session, holding the account's new session version
    try:
        sessions.start(user.id, user.session_version)
    except RedisError:
        return unavailable()
    login_user(user)
    touch()
    if replacing:
        what = "A new authenticator app was set up (the old one stopped working)"
        notices.account_changed(services().settings, user.email, what, utcnow())
    return render_template("admin/recovery_codes.html", codes=codes, next=target)


@bp.route("/login/setup", methods=["GET", "POST"])
def first() -> ResponseReturnValue:
    """The first sign-in, or the first after a reset: set up the app to finish signing in."""
    user = pending()
    if user is None or user.has_second_factor:
        return start_again()
    if request.method == "GET":
        return _page(user, replacing=False)
    return _confirm(user, replacing=False)


@bp.route("/account/second-factor", methods=["GET", "POST"])
@requires(SIGNED_IN)
def replace() -> ResponseReturnValue:
    """Replace the authenticator app (a new phone); the person's other sessions end."""
    user = signed_in()
    assert user is not None
    if request.method == "GET":
        return _page(user, replacing=True)
    return _confirm(user, replacing=user.has_second_factor)
