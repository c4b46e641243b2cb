"""People in the admin for tests: accounts made through the real services in the app's own
database, signed in through the real forms, or put into a session as a signed-in person."""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.accounts import service, sessions, totp
from app.accounts.models import User
from app.audit.models import AuditEntry
from app.db.session import new_session
from app.services import services

PASSWORD = "tulip lantern orbit marmalade"
SET_UP_BY = "test set-up"
# A code for the step before now is good until now's step ends: one is never made in the last
# MARGIN seconds of a step, or it may lapse before the line reads it (a slow machine did so).
MARGIN = 2.0


def step_now() -> int:
    """The authenticator's step now, once at least MARGIN seconds of it are left: in its last
    moment, the next step's, after waiting for it."""
    left = totp.STEP_SECONDS - time.time() % totp.STEP_SECONDS
    if left < MARGIN:
        time.sleep(left + 0.01)
    return totp.step_at(time.time())


@dataclass(frozen=True)
class Person:
    id: int
    email: str
    name: str
    role: str
    password: str
    secret: str | None


def add_person(
    app: Flask,
    role: str = "admin",
    name: str | None = None,
    email: str | None = None,
    second_factor: bool = True,
    password: str = PASSWORD,
) -> Person:
    """An account made as the command line would, with its authenticator app set up."""
    name = name or f"{role.title()} Person"
    email = email or f"{role}.{time.monotonic_ns()}@hospital.example"
    with new_session(app) as session:
        user = service.create_user(session, email, name, role, password, SET_UP_BY)
        secret = None
        if second_factor:
            secret = service.begin_totp_setup(user)
            step = step_now() - 1  # the codes of now and next stay unused
            service.confirm_totp(session, user, secret, totp.code_at(secret, step))
        return Person(user.id, user.email, user.name, role, password, secret)


def fresh_code(app: Flask, person: Person) -> str:
    """An authenticator code not used yet (each is good once), waiting for one if need be."""
    assert person.secret is not None
    with new_session(app) as session:
        last = session.scalar(select(User.last_totp_step).where(User.id == person.id)) or 0
    step = max(step_now() - 1, last + 1)
    while step > totp.step_at(time.time()) + 1:
        time.sleep(0.5)
    return totp.code_at(person.secret, step)


def csrf(client: FlaskClient, path: str = "/admin/login") -> str:
    """The CSRF token of the page at `path`, as a browser would read it."""
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, f"no CSRF token on {path}"
    return found.group(1)


def sign_in(client: FlaskClient, person: Person, code: str | None = None):  # type: ignore[no-untyped-def]
    """Both steps through the forms; the answer to the second (a redirect when it worked)."""
    first = client.post(
        "/admin/login",
        data={"email": person.email, "password": person.password, "csrf_token": csrf(client)},
    )
    assert first.status_code == 302, first.get_data(as_text=True)
    typed = code or fresh_code(client.application, person)
    token = csrf(client, "/admin/login/code")
    return client.post("/admin/login/code", data={"code": typed, "csrf_token": token})


def signed_in(client: FlaskClient, person: Person) -> FlaskClient:
    """`client` with a session in which `person` has signed in (both steps passed)."""
    with new_session(client.application) as session:
        user = session.get(User, person.id)
        assert user is not None
        reference = user.get_id()
        version = user.session_version
    with client.application.app_context():
        line = services()
        lifetime = line.settings.session_max_hours * 3600
        record = sessions.create(line.redis, person.id, version, lifetime)
    with client.session_transaction("/admin/") as cookie:
        cookie[sessions.SESSION_ID] = record
        cookie["_user_id"] = reference
        cookie["_fresh"] = True
        cookie["seen"] = int(time.time())
    return client


def trail(app: Flask) -> list[AuditEntry]:
    """Every audit entry, oldest first."""
    with new_session(app) as session:
        return list(session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
