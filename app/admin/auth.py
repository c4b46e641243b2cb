"""Signing in to the admin: one password (or its hash), throttled, a session that times out."""

from __future__ import annotations

import functools
import hmac
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from redis import RedisError
from werkzeug.security import check_password_hash

from app import redis_keys
from app.privacy import number_key
from app.services import services

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint("auth", __name__)
MAX_FAILURES = 5
IDLE_SECONDS = 30 * 60
# Where a login may go next: an admin path, in characters a Location header can carry.
_SAFE_NEXT = re.compile(r"/admin[\w\-./~%]*", re.ASCII)


def _client_key() -> str:
    """Failed logins are counted per client address, kept only as a keyed hash."""
    secret = services().settings.secret_key.value
    return redis_keys.sign_in_failures("client", number_key(secret, request.remote_addr or "?"))


def _password_ok(given: str) -> bool:
    settings = services().settings
    if settings.admin_password_hash:
        return check_password_hash(settings.admin_password_hash, given)
    expected = settings.admin_password.value
    return bool(expected) and hmac.compare_digest(given.encode(), expected.encode())


def login_required(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        seen = session.get("seen", 0)
        if not session.get("admin") or time.time() - seen > IDLE_SECONDS:
            session.clear()
            return redirect(url_for("admin.auth.login", next=request.path))
        session["seen"] = int(time.time())
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("admin/login.html")
    redis = services().redis
    key = _client_key()
    try:
        failures = int(redis.get(key) or 0)
    except RedisError:
        failures = 0
    if failures >= MAX_FAILURES:
        flash("Too many attempts. Please wait 15 minutes, then try again.")
        return render_template("admin/login.html"), 429
    if not _password_ok(request.form.get("password", "")):
        try:
            pipe = redis.pipeline()
            pipe.incr(key)
            pipe.expire(key, redis_keys.SIGN_IN_FAILURES_SECONDS)
            pipe.execute()
        except RedisError:
            pass
        flash("That password is not right.")
        return render_template("admin/login.html"), 401
    session.clear()  # a new session at login: nothing carried over from before
    session.update(admin=True, seen=int(time.time()))
    target = request.args.get("next", "")
    return redirect(target if _SAFE_NEXT.fullmatch(target) else url_for("admin.dashboard.index"))


@bp.post("/logout")
def logout() -> Any:
    session.clear()
    flash("You have logged out.")
    return redirect(url_for("admin.auth.login"))
