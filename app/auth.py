"""Admin login: one password (or its hash), throttled, with a session that times out."""

from __future__ import annotations

import functools
import hmac
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Flask,
    Request,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from redis import RedisError
from werkzeug.security import check_password_hash

from app.privacy import number_key

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint("auth", __name__, url_prefix="/admin")
MAX_FAILURES = 5
FAILURE_WINDOW = 15 * 60
IDLE_SECONDS = 30 * 60
# Where a login may go next: an admin path, in characters a Location header can carry.
_SAFE_NEXT = re.compile(r"/admin[\w\-./~%]*", re.ASCII)


class AdminSessions(SecureCookieSessionInterface):
    """Only the admin area has a session. Callers, texts and the public pages never open
    one or get a cookie, and a phone call's requests skip the work of reading one."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path == bp.url_prefix or request.path.startswith(f"{bp.url_prefix}/"):
            return super().open_session(app, request)
        return None  # Flask then gives a null session: nothing is ever saved


def protect(response: Response) -> Response:
    """Admin pages: never cached, never framed, scripts and styles only from the line."""
    base = current_app.extensions["settings"].public_base_url
    response.headers["Cache-Control"] = "no-store"
    response.headers["Content-Security-Policy"] = (
        f"default-src 'self'; media-src 'self' {base}; img-src 'self' data:; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'; object-src 'none'"
    )
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _client_key() -> str:
    """Failed logins are counted per client address, kept only as a keyed hash."""
    secret = current_app.extensions["settings"].secret_key.value
    return "nmline:login-failures:" + number_key(secret, request.remote_addr or "unknown")


def _password_ok(given: str) -> bool:
    settings = current_app.extensions["settings"]
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
            return redirect(url_for("auth.login", next=request.path))
        session["seen"] = int(time.time())
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        return render_template("admin/login.html")
    redis = current_app.extensions["redis"]
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
            redis.pipeline().incr(key).expire(key, FAILURE_WINDOW).execute()
        except RedisError:
            pass
        flash("That password is not right.")
        return render_template("admin/login.html"), 401
    session.clear()  # a new session at login: nothing carried over from before
    session.update(admin=True, seen=int(time.time()))
    target = request.args.get("next", "")
    return redirect(target if _SAFE_NEXT.fullmatch(target) else url_for("admin.dashboard"))


@bp.post("/logout")
def logout() -> Any:
    session.clear()
    flash("You have logged out.")
    return redirect(url_for("auth.login"))


bp.after_request(protect)
