"""Signing in to the admin in two steps (email and password, then a code), and signing out.

Attempts are throttled per client and per account from that client (app.throttle).
Between the steps the session holds only who passed the password, for a few minutes; who is
signed in (Flask-Login) is kept only once the second factor has passed, in a new session
with a record on the server (app.accounts.sessions)."""

from __future__ import annotations

import contextlib
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
from app.accounts import identity, provider_sign_in, service, sessions
from app.accounts.access import client_address, signed_in, unavailable
from app.accounts.identity import touch
from app.accounts.models import User
from app.accounts.second_factor import Proof
from app.accounts.single_sign_on import password_allowed
from app.admin.sso_client import SIGNED_ON
from app.db.session import db_session
from app.services import services
from app.throttle import Attempt, Throttle

bp = Blueprint("auth", __name__)
# Attempts (counted before each check, given back when it passes) in 15 minutes: from one
# client (a hospital's staff may share one address), for one account from one client, and
# wrong second-factor codes for one account from anywhere (only after its password passed).
# A stranger's wrong passwords slow their own client only: never the account elsewhere.
CLIENT_LIMIT = 20
ACCOUNT_LIMIT = 5
CODE_LIMIT = 10
PENDING = "pending_sign_in"
PENDING_SECONDS = 10 * 60
WRONG_PASSWORD = "That email address and password do not match an active account."
WRONG_CODE = "That code did not work. Type the newest code your app shows, or a recovery code."
USE_PROVIDER = "Sign in with your organisation's account: passwords are for break-glass accounts."
FIRST_ACCOUNT = "flask --app app users create EMAIL --name NAME --role admin"
# Where a sign-in may go next: an admin path, in characters a Location header can carry.
_SAFE_NEXT = re.compile(r"/admin[\w\-./~%:]*", re.ASCII)


def attempt(email: str, code_step: bool = False) -> Attempt:
    """One attempt at `email`'s password (or, `code_step`, its second factor) from here."""
    line = services()
    secret, window = line.settings.secret_key.value, redis_keys.SIGN_IN_FAILURES_SECONDS

    def throttle(prefix: str, limit: int) -> Throttle:
        return Throttle(line.redis, prefix, limit, window, secret)

    client = client_address()
    counts = [
        (throttle(redis_keys.SIGN_IN_FAILURES_BY_CLIENT, CLIENT_LIMIT), client),
        (throttle(redis_keys.SIGN_IN_FAILURES_BY_ACCOUNT_AND_CLIENT, ACCOUNT_LIMIT),
         f"{email}\n{client}"),
    ]  # fmt: skip
    if code_step:
        counts.append((throttle(redis_keys.SECOND_FACTOR_FAILURES_BY_ACCOUNT, CODE_LIMIT), email))
    return Attempt(counts)


def typed_proof() -> Proof:
    """The password and code a form asks for again, before a change to how someone signs in
    (a new app, new recovery codes): fields `password` and `current_code`."""
    return Proof(
        request.form.get("password", "")[:1000], request.form.get("current_code", "")[:100]
    )


def too_many(wait: int, template: str, **context: Any) -> ResponseReturnValue:
    """The page again, saying how long to wait."""
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
    if identity.unavailable():
        return unavailable()
    page = {"no_accounts": no_accounts(), "first_account": FIRST_ACCOUNT}
    if request.method == "GET":
        return render_template("admin/login.html", **page)
    email = request.form.get("email", "")[:300].strip().lower()
    tried = attempt(email)
    try:
        wait = tried.take()
    except RedisError:
        return unavailable()  # the attempts cannot be counted: closed, not open
    if wait:
        return too_many(wait, "admin/login.html", **page)
    password = request.form.get("password", "")[:1000]
    if not password_allowed(email, services().settings.sign_on):
        provider_sign_in.password_refused(db_session(), email, client_address())
        flash(USE_PROVIDER, "error")
        return render_template("admin/login.html", **page), 403
    name_key = services().settings.secret_key.value
    user = service.check_password(db_session(), email, password, client_address(), name_key)
    if user is None:
        flash(WRONG_PASSWORD, "error")
        return render_template("admin/login.html", **page), 401
    with contextlib.suppress(RedisError):
        tried.give_back()
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
    """Sign `user` in, in a new session with its own record, after the second factor passed."""
    target = session.get("next") or url_for("admin.dashboard.index")
    session.clear()
    try:
        sessions.start(user.id, user.session_version)
    except RedisError:
        return unavailable()
    login_user(user)
    touch()
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
    tried = attempt(user.email, code_step=True)
    try:
        wait = tried.take()
    except RedisError:
        return unavailable()
    if wait:
        return too_many(wait, "admin/code.html")
    typed = request.form.get("code", "")[:100]
    if not service.check_second_factor(db_session(), user, typed, client_address()):
        flash(WRONG_CODE, "error")
        return render_template("admin/code.html"), 401
    with contextlib.suppress(RedisError):
        tried.give_back()
    return complete(user)


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    """Sign out (a form with its CSRF token: no page can sign someone out by a link)."""
    user = signed_in()
    if user is not None:
        service.sign_out(db_session(), user, client_address())
        sessions.end_this()  # a copy of the cookie opens nothing from now on
    via_provider = bool(session.get(SIGNED_ON))
    logout_user()
    session.clear()
    if via_provider:  # offer to end the provider's session too
        return redirect(url_for("admin.sso.signed_out"), 303)
    flash("You have signed out.")
    return redirect(url_for("admin.auth.login"))
