"""Setting up the authenticator app: at the first sign-in (or after a reset), and replacing
it from my account. Recovery codes are shown once, on the page that confirms it."""

from __future__ import annotations

from flask import Blueprint, flash, render_template, request, session
from flask.typing import ResponseReturnValue
from flask_login import login_user
from markupsafe import Markup

from app.accounts import service
from app.accounts.models import User
from app.admin.access import SIGNED_IN, client_address, requires, signed_in
from app.admin.auth import pending, start_again
from app.admin.identity import touch
from app.db.session import db_session

bp = Blueprint("second_factor", __name__)
# The secret waits in the session until a code shows the app has it. The session cookie is
# signed, not encrypted: it holds only what the page itself shows this person to type in.
SECRET = "totp_setup_secret"


def _secret(user: User) -> str:
    secret = session.get(SECRET)
    if not isinstance(secret, str) or not secret.isalnum():
        secret = session[SECRET] = service.begin_totp_setup(user)
    return secret


def _page(user: User, replacing: bool, status: int = 200) -> ResponseReturnValue:
    secret = _secret(user)
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    # segno's own SVG: a fixed drawing of the code, with a title for screen readers.
    qr = Markup(service.setup_qr_svg(user, secret))  # noqa: S704
    page = render_template(
        "admin/setup.html", qr=qr, secret=grouped, replacing=replacing, email=user.email
    )
    return page, status


def _confirm(user: User, replacing: bool) -> ResponseReturnValue:
    secret = _secret(user)
    typed = request.form.get("code", "")[:100]
    try:
        codes = service.confirm_totp(
            db_session(), user, secret, typed, client_address(), replace=replacing
        )
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _page(user, replacing, 422)
    target = session.get("next") or ""
    session.clear()  # a new session, holding the account's new session version
    login_user(user)
    touch()
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
