"""My account: the signed-in person's own password and recovery codes (the authenticator
app is replaced in app.admin.second_factor). Each change needs the password again (and a
code, for recovery codes), is throttled like signing in, and is told to the account's own
e-mail address when a mail server is set up."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user

from app.accounts import notices, recovery, service, sessions
from app.accounts.access import SIGNED_IN, client_address, requires, signed_in
from app.accounts.identity import touch
from app.accounts.models import User
from app.accounts.passwords import MIN_LENGTH
from app.accounts.roles import DESCRIPTIONS
from app.admin.auth import attempt, too_many, typed_proof
from app.db.model import utcnow
from app.db.session import db_session
from app.services import services

bp = Blueprint("account", __name__, url_prefix="/account")
LONGEST_PASSWORD_FIELD = 1000


def _me() -> User:
    user = signed_in()
    assert user is not None  # only inside @requires views
    return user


def _context() -> dict[str, Any]:
    user = _me()
    return {
        "template": "admin/account.html",
        "user": user,
        "role_description": DESCRIPTIONS.get(user.role or "", "No role yet."),
        "codes_left": recovery.left(db_session(), user),
        "min_length": MIN_LENGTH,
    }


def _page(status: int = 200) -> ResponseReturnValue:
    context = _context()
    return render_template(context.pop("template"), **context), status


@bp.get("")
@requires(SIGNED_IN)
def page() -> ResponseReturnValue:
    return _page()


@bp.post("/password")
@requires(SIGNED_IN)
def password() -> ResponseReturnValue:
    """Change my password with the current one; every session of mine ends, and this one
    goes on in a new session. My own address is told."""
    user = _me()
    form = {k: request.form.get(k, "")[:LONGEST_PASSWORD_FIELD] for k in ("current", "new")}
    if form["new"] != request.form.get("again", "")[:LONGEST_PASSWORD_FIELD]:
        flash("The two new passwords are not the same. Type the new one twice.", "error")
        return _page(422)
    tried = attempt(user.email)
    wait = tried.take()
    if wait:
        return too_many(wait, **_context())
    try:
        service.change_password(db_session(), user, form["current"], form["new"], client_address())
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _page(422)
    tried.give_back()
    _new_session(user)
    _tell(user, "Your password was changed")
    flash("Your password is changed. You are signed out everywhere else.")
    return redirect(url_for("admin.account.page"))


@bp.post("/recovery-codes")
@requires(SIGNED_IN)
def recovery_codes() -> ResponseReturnValue:
    """A new set of recovery codes, shown once; the old ones stop working. Needs my password
    and a code again: a session alone is not enough."""
    user = _me()
    tried = attempt(user.email)  # per client: never the account-wide limit on codes
    wait = tried.take()
    if wait:
        return too_many(wait, **_context())
    try:
        codes = service.new_recovery_codes(db_session(), user, typed_proof(), client_address())
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _page(422)
    tried.give_back()
    _tell(user, "New recovery codes were made (the old ones stopped working)")
    return render_template("admin/recovery_codes.html", codes=codes, next="")


def _new_session(user: User) -> None:
    """End every session of `user`'s (copies of this one's cookie too) and go on in a new one."""
    sessions.end_all(user.id)
    session.clear()
    sessions.start(user.id, user.session_version)
    login_user(user)
    touch()


def _tell(user: User, what: str) -> None:
    notices.account_changed(services().settings, user.email, what, utcnow())
