"""Only the admin area has a session: callers, texts and the public pages never open one
or get a cookie, and a phone call's requests skip the work of reading one."""

from __future__ import annotations

from flask import Flask, Request
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

PREFIX = "/admin"


class AdminSessions(SecureCookieSessionInterface):
    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.path == PREFIX or request.path.startswith(f"{PREFIX}/"):
            return super().open_session(app, request)
        return None  # Flask then gives a null session: nothing is ever saved
