"""Only the admin area has a session: callers, texts and the public pages never open one
or get a cookie, and a phone call's requests skip the work of reading one.

A signed-in session is also a record on the server (Redis): the cookie carries a random id,
and the record says whose session it is, since when and when it was last used. Signing out,
changing the password or the second factor delete the records, so a copied cookie opens
nothing afterwards; every request checks the record is there, matches the account's session
version (bumped by a role change, a deactivation, a second-factor reset), is younger than
SESSION_MAX_HOURS and was used within the idle limit."""

from __future__ import annotations

import hashlib
import secrets
import time

from flask import Flask, Request, session
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from redis import Redis

from app import redis_keys
from app.services import services

PREFIX = "/admin"
SESSION_ID = "sid"  # the cookie's key for the record's id
IDLE_SECONDS = 30 * 60


class AdminSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path == PREFIX or request.path.startswith(f"{PREFIX}/"):
            return super().open_session(app, request)
        return None  # Flask then gives a null session: nothing is ever saved


def _key(session_id: str) -> str:
    # Only a hash of the id is kept, so what Redis holds cannot be sent as a cookie.
    return redis_keys.admin_session(hashlib.sha256(session_id.encode()).hexdigest())


def create(redis: Redis, user_id: int, version: int, lifetime_seconds: int) -> str:
    """A new record for `user_id`'s session; returns its id, for the cookie."""
    session_id = secrets.token_urlsafe(32)
    key, now = _key(session_id), int(time.time())
    mine = redis_keys.admin_sessions_of(user_id)
    pipe = redis.pipeline()
    pipe.hset(key, mapping={"user": user_id, "version": version, "started": now, "seen": now})
    pipe.expire(key, lifetime_seconds)
    pipe.sadd(mine, key)
    pipe.expire(mine, lifetime_seconds)
    pipe.execute()
    return session_id


def check(redis: Redis, session_id: str, user_id: int, version: int, lifetime: int) -> bool:
    """Whether the record is there, is `user_id`'s at `version`, within its lifetime and not
    idle; it counts as used now. A record that fails is deleted."""
    key, now = _key(session_id), time.time()
    found = {_text(k): _text(v) for k, v in redis.hgetall(key).items()}
    try:
        alive = (
            int(found["user"]) == user_id
            and int(found["version"]) == version
            and now - int(found["started"]) <= lifetime
            and now - int(found["seen"]) <= IDLE_SECONDS
        )
    except (KeyError, ValueError):
        alive = False
    if alive:
        redis.hset(key, "seen", int(now))
    else:
        redis.delete(key)
    return alive


def end(redis: Redis, session_id: str) -> None:
    """Delete one session's record."""
    redis.delete(_key(session_id))


def end_all_of(redis: Redis, user_id: int) -> None:
    """Delete every record of `user_id`'s sessions."""
    mine = redis_keys.admin_sessions_of(user_id)
    keys = [_text(key) for key in redis.smembers(mine)]
    redis.delete(mine, *keys)


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value


def _lifetime() -> int:
    return services().settings.session_max_hours * 3600


def start(user_id: int, version: int) -> None:
    """Give this request's (just cleared) session a new record for the signed-in person."""
    session[SESSION_ID] = create(services().redis, user_id, version, _lifetime())


def alive(user_id: int, version: int) -> bool:
    """Whether this request's session has a live record for `user_id` at `version`."""
    session_id = session.get(SESSION_ID)
    if not isinstance(session_id, str) or not 20 <= len(session_id) <= 100:
        return False
    return check(services().redis, session_id, user_id, version, _lifetime())


def end_this() -> None:
    """Delete this request's session record (signing out)."""
    session_id = session.get(SESSION_ID)
    if isinstance(session_id, str):
        end(services().redis, session_id)


def end_all(user_id: int) -> None:
    """Delete every session record of `user_id` (this request's too, if theirs)."""
    end_all_of(services().redis, user_id)
