"""Who is signed in: Flask-Login over the accounts services, the session's record on the
server (app.accounts.sessions) and the 30-minute idle limit.

The session keeps "id:session_version" (User.get_id) only once the second factor has
passed. Each request checks it with user_for_session, so a password change, a new role, a
deactivation or a second-factor reset (each bumps the version) ends the session at once,
and checks the session's record, which signing out deletes. With Redis away nobody is
signed in: the pages say the admin is unavailable (app.accounts.access)."""

from __future__ import annotations

import contextlib
import time

from flask import Flask, g, session
from flask_login import LoginManager
from redis import RedisError

from app.accounts import sessions
from app.accounts.models import User
from app.accounts.service import user_for_session
from app.accounts.sessions import IDLE_SECONDS
from app.db.session import db_session

SEEN = "seen"
# Set on `g` when the session records could not be read: the page is a 503, not a sign-in.
UNAVAILABLE = "sessions_unavailable"


def init_app(app: Flask) -> None:
    """Give `app` a LoginManager that loads the signed-in person from the database."""
    manager = LoginManager()
    manager.user_loader(_load)
    # Our own templates get current_user from the admin blueprint only (app.admin): calls
    # and public pages never look for a signed-in person.
    manager.init_app(app, add_context_processor=False)
    # No remember-me cookies are ever set, so Flask-Login's hook for them, which it adds to
    # every request of the app, calls included, has nothing to do.
    app.after_request_funcs[None].remove(manager._update_remember_cookie)


def touch() -> None:
    """Start the idle clock again: the person did something just now."""
    session[SEEN] = int(time.time())


def idle() -> bool:
    """Whether the session has had nothing for longer than the idle limit."""
    seen = session.get(SEEN, 0)
    return not isinstance(seen, int) or time.time() - seen > IDLE_SECONDS


def _load(reference: str) -> User | None:
    user_id, _, version = reference.partition(":")
    if not (user_id.isdigit() and version.isdigit()) or len(reference) > 40 or idle():
        return None
    try:
        if not sessions.alive(int(user_id), int(version)):
            return None
    except RedisError:
        setattr(g, UNAVAILABLE, True)
        return None
    user = user_for_session(db_session(), int(user_id), int(version))
    if user is None:
        # Deactivated, or a new role or second factor since: the record goes too.
        with contextlib.suppress(RedisError):
            sessions.end_this()
        return None
    touch()
    return user


def unavailable() -> bool:
    """Whether this request found the session records unreachable (Redis away)."""
    return bool(getattr(g, UNAVAILABLE, False))
