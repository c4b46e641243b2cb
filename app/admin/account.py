"""My account: the signed-in person's own password and recovery codes (the authenticator
app is replaced in app.admin.second_factor)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user

from app.accounts import recovery, service
from app.accounts.models import User
from app.accounts.passwords import MIN_LENGTH
from app.accounts.roles import DESCRIPTIONS
from app.admin.access import SIGNED_IN, client_address, requires, signed_in
from app.admin.identity import touch
from app.db.session import db_session

bp = Blueprint("account", __name__, url_prefix="/account")
LONGEST_PASSWORD_FIELD = 1000


def _me() -> User:
    user = signed_in()
    assert user is not None  # only inside @requires views
    return user


def _page(status: int = 200) -> ResponseReturnValue:
    user = _me()
    page = render_template(
        "admin/account.html",
        user=user,
        role_description=DESCRIPTIONS[user.role],
        codes_left=recovery.left(db_session(), user),
        min_length=MIN_LENGTH,
    )
    return page, status


@bp.get("")
@requires(SIGNED_IN)
def page() -> ResponseReturnValue:
    return _page()


@bp.post("/password")
@requires(SIGNED_IN)
def password() -> ResponseReturnValue:
    """Change my password with the current one; my other sessions end, this one goes on."""
    user = _me()
    form = {k: request.form.get(k, "")[:LONGEST_PASSWORD_FIELD] for k in ("current", "new")}
    if form["new"] != request.form.get("again", "")[:LONGEST_PASSWORD_FIELD]:
        flash("The two new passwords are not the same. Type the new one twice.", "error")
        return _page(422)
    try:
        service.change_password(db_session(), user, form["current"], form["new"], client_address())
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _page(422)
    login_user(user)  # this session keeps the new session version; the others have ended
    touch()
    flash("Your password is changed. You are signed out everywhere else.")
    return redirect(url_for("admin.account.page"))


@bp.post("/recovery-codes")
@requires(SIGNED_IN)
def recovery_codes() -> ResponseReturnValue:
    """A new set of recovery codes, shown once; the old ones stop working."""
    try:
        codes = service.new_recovery_codes(db_session(), _me(), client_address())
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _page(422)
    return render_template("admin/recovery_codes.html", codes=codes, next="")
