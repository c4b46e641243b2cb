"""`flask users dev-admin`: bin/dev's admin account, with a fixed authenticator key it prints.

Refused unless APP_ENV=development: a key written in the code is known to everyone, so no
other environment may ever have an account that uses it."""

from __future__ import annotations

import secrets
import sys
import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy import select

from app.accounts import service, totp
from app.accounts.cli import open_session
from app.accounts.models import User
from app.accounts.passwords import hash_password, password_problem
from app.accounts.roles import ADMIN
from app.audit.actions import Action
from app.audit.record import command_line_actor, record
from app.db.transaction import committed
from app.services import services

# .localhost is a name that never leaves the machine (RFC 6761).
EMAIL = "dev@line.localhost"
NAME = "Development admin"
# Base32, as authenticator apps take it. Known to all: development only (see above).
TOTP_SECRET = "DEVADMINDEVADMINDEVADMINDEVADMIN"


def _new_password() -> str:
    while True:  # a random one is nearly always good; the rules decide, not a guess
        password = secrets.token_urlsafe(12)
        if password_problem(password, EMAIL, NAME) is None:
            return password


@click.command("dev-admin")
@with_appcontext
def dev_admin() -> None:
    """Development only: make (or refresh) the development admin and say how to sign in."""
    if services(current_app).settings.environment != "development":
        click.echo("dev-admin works only with APP_ENV=development.", err=True)
        sys.exit(1)
    password = _new_password()
    with open_session() as session:
        user = service.find_user(session, EMAIL)
        if user is None:
            if session.scalar(select(User.id).limit(1)) is not None:
                click.echo("Accounts exist already: sign in to the admin with yours.")
                return
            user = service.create_user(session, EMAIL, NAME, ADMIN, password, command_line_actor())
            # One step back: the code shown now is then still good for the first sign-in.
            code = totp.code_at(TOTP_SECRET, totp.step_at(time.time()) - 1)
            service.confirm_totp(session, user, TOTP_SECRET, code)
        else:
            # A new password each run, printed, so nobody has to remember the last one.
            with committed(session):
                user.password_hash = hash_password(password)
                user.session_version += 1
                record(session, Action.PASSWORD_CHANGED, actor_name=command_line_actor(),
                       object_type="user", object_id=user.id, development=True)  # fmt: skip
    click.echo(f"Sign in as {EMAIL} with the password {password}")
    click.echo(f"and a code from the authenticator key {TOTP_SECRET} (development only), or:")
    click.echo(f"  .venv/bin/python -c 'import pyotp; print(pyotp.TOTP(\"{TOTP_SECRET}\").now())'")
