"""Signing in to the admin in two steps (email and password, then a code), and signing out.

Failures are throttled per account and per client. Between the steps the session holds only
who passed the password, for a few minutes; who is signed in (Flask-Login) is kept only once
the second factor has passed, in a new session."""

from __future__ import annotations

import re
import time
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_user, logout_user
from redis import RedisError
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app import redis_keys
from app.accounts import service
from app.accounts.models import User
from app.accounts.throttle import Throttle
from app.admin.access import client_address, signed_in
from app.admin.identity import touch
from app.db.session import db_session
from app.services import services

bp = Blueprint("auth", __name__)
CLIENT_LIMIT = 20  # a hospital's staff may share one address
ACCOUNT_LIMIT = 5
PENDING = "pending_sign_in"
PENDING_SECONDS = 10 * 60
WRONG_PASSWORD = "That email address and password do not match an active account."
WRONG_CODE = "That code did not work. Type the newest code your app shows, or a recovery code."
FIRST_ACCOUNT = "flask --app app users create EMAIL --name NAME --role admin"
# Where a sign-in may go next: an admin path, in characters a Location header can carry.
_SAFE_NEXT = re.compile(r"/admin[\w\-./~%:]*", re.ASCII)


def _throttles() -> tuple[Throttle, Throttle]:
    line = services()
    secret, window = line.settings.secret_key.value, redis_keys.SIGN_IN_FAILURES_SECONDS
    return (
        Throttle(line.redis, redis_keys.SIGN_IN_FAILURES_BY_CLIENT, CLIENT_LIMIT, window, secret),
        Throttle(line.redis, redis_keys.SIGN_IN_FAILURES_BY_ACCOUNT, ACCOUNT_LIMIT, window, secret),
    )


def _blocked(email: str) -> int:
    """Seconds to wait when this client or this account has failed too often, else 0."""
    by_client, by_account = _throttles()
    try:
        for throttle, key in ((by_client, client_address()), (by_account, email)):
            if throttle.blocked(key):
                return max(60, throttle.retry_after(key))
    except RedisError:
        pass  # Redis away: the admin's pages cannot work anyway; do not lock people out too
    return 0


def _failed(email: str) -> None:
    by_client, by_account = _throttles()
    try:
        by_client.fail(client_address())
        by_account.fail(email)
    except RedisError:
        pass


def _too_many(wait: int, template: str, **context: Any) -> ResponseReturnValue:
    minutes = -(-wait // 60)
    flash(f"Too many attempts. Please wait {minutes} minute(s), then try again.", "error")
    return render_template(template, **context), 429


def no_accounts() -> bool:
    """Whether nobody has an account yet (the first admin is made on the command line)."""
    session = db_session()
    try:
        return session.scalar(select(User.id).limit(1)) is None
    except SQLAlchemyError:
        # Not migrated yet (or not reachable): the page says to run `db upgrade` first.
        session.rollback()
        return True


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """Step one: email address and password."""
    if signed_in() is not None:
        return redirect(url_for("admin.dashboard.index"))
    page = {"no_accounts": no_accounts(), "first_account": FIRST_ACCOUNT}
    if request.method == "GET":
        return render_template("admin/login.html", **page)
    email = request.form.get("email", "")[:300].strip().lower()
    wait = _blocked(email)
    if wait:
        return _too_many(wait, "admin/login.html", **page)
    user = service.check_password(
        db_session(), email, request.form.get("password", "")[:1000], client_address()
    )
    if user is None:
        _failed(email)
        flash(WRONG_PASSWORD, "error")
        return render_template("admin/login.html", **page), 401
    target = request.args.get("next", "")
    session.clear()  # a new session: nothing carried over from before
    session[PENDING] = [user.id, user.session_version, int(time.time())]
    session["next"] = target if _SAFE_NEXT.fullmatch(target) else ""
    if not user.has_second_factor:
        return redirect(url_for("admin.second_factor.first"))
    return redirect(url_for("admin.auth.code"))


def pending() -> User | None:
    """Who has passed the password in this session, a few minutes ago at most, or None."""
    found = session.get(PENDING)
    if not (isinstance(found, list) and len(found) == 3 and all(isinstance(n, int) for n in found)):
        return None
    user_id, version, at = found
    if time.time() - at > PENDING_SECONDS:
        return None
    return service.user_for_session(db_session(), user_id, version)


def complete(user: User) -> ResponseReturnValue:
    """Sign `user` in, in a new session, after the second factor passed."""
    target = session.get("next") or url_for("admin.dashboard.index")
    session.clear()
    login_user(user)
    touch()
    by_client, by_account = _throttles()
    try:
        by_account.clear(user.email)
    except RedisError:
        pass
    return redirect(target)


def start_again() -> ResponseReturnValue:
    """Back to step one, when the half-finished sign-in has gone stale."""
    session.clear()
    flash("Please sign in again: that took too long, or the account changed.", "error")
    return redirect(url_for("admin.auth.login"))


@bp.route("/login/code", methods=["GET", "POST"])
def code() -> ResponseReturnValue:
    """Step two: the code from the authenticator app, or a recovery code."""
    user = pending()
    if user is None or not user.has_second_factor:
        return start_again()
    if request.method == "GET":
        return render_template("admin/code.html")
    wait = _blocked(user.email)
    if wait:
        return _too_many(wait, "admin/code.html")
    typed = request.form.get("code", "")[:100]
    if not service.check_second_factor(db_session(), user, typed, client_address()):
        _failed(user.email)
        flash(WRONG_CODE, "error")
        return render_template("admin/code.html"), 401
    return complete(user)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a form with its CSRF token: no page can sign someone out by a link)."""
    user = signed_in()
    if user is not None:
        service.sign_out(db_session(), user, client_address())
    logout_user()
    session.clear()
    flash("You have signed out.")
    return redirect(url_for("admin.auth.login"))
