"""The first sign-in link's page: the person chooses their own password, then goes on to
set up (or, after a password reset, use) their authenticator app, as at any sign-in.

Open to someone not signed in, like the sign-in pages: the token in the link is the only
key (signed with SECRET_KEY, good once and for app.accounts.links.LINK_LIFETIME), so there
is nothing to guess and nothing to throttle. Opening the page spends nothing (mail scanners
open links); choosing the password does. The page is never cached and sends no Referer."""

from __future__ import annotations

import time

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue

from app.accounts import links
from app.accounts.access import client_address
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.passwords import MIN_LENGTH
from app.admin.auth import PENDING
from app.db.session import db_session
from app.services import services

bp = Blueprint("welcome", __name__, url_prefix="/welcome")
_LONGEST = 1000


def _page(user: User, status: int = 200) -> ResponseReturnValue:
    return render_template("admin/welcome.html", person=user, min_length=MIN_LENGTH), status


@bp.route("/<token>", methods=["GET", "POST"])
def page(token: str) -> ResponseReturnValue:
    """Choose your password, with the link an admin passed on."""
    secret = services().settings.secret_key.value
    try:
        user = links.holder(db_session(), token[:_LONGEST], secret)
    except AccountError as gone:
        return render_template("admin/welcome.html", gone=gone.message), 410
    if request.method == "GET":
        return _page(user)
    new = request.form.get("new", "")[:_LONGEST]
    if new != request.form.get("again", "")[:_LONGEST]:
        flash("The two passwords are not the same. Type your new password twice.", "error")
        return _page(user, 422)
    try:
        links.set_first_password(db_session(), user, new, client_address())
    except AccountError as refusal:
        flash(refusal.message, "error")
        return _page(user, 422)
    session.clear()  # whoever was signed in in this browser is not any more
    session[PENDING] = [user.id, user.session_version, int(time.time())]
    session["next"] = ""
    flash("Your password is set.")
    if user.has_second_factor:
        return redirect(url_for("admin.auth.code"))
    return redirect(url_for("admin.second_factor.first"))
