"""`flask users ...`: accounts from the server's shell (the first admin, a lost phone).

`users create` asks for the password at the terminal: it is how the first admin makes their
own account, so the person typing is the person it is for. For someone else, `--link`
prints a one-time sign-in link instead (on PUBLIC_BASE_URL), with which they choose their
own password, as when an admin makes an account in the admin. Someone with a shell on the
server is trusted; their changes are still announced to the admins and reviewers."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from typing import NoReturn

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from app.accounts import links, service
from app.accounts.announce import announce
from app.accounts.models import User
from app.accounts.roles import ROLES
from app.audit.actions import Action
from app.audit.record import command_line_actor
from app.services import services
from app.settings import Settings

_log = logging.getLogger(__name__)
group = AppGroup("users", help="People who sign in to the admin.")
_FACTORY = "users_session_factory"


def register(app: Flask, session_factory: Callable[[Flask], Session]) -> None:
    """Add the `users` commands to `app`, opening sessions with `session_factory(app)`."""
    from app.accounts.development import dev_admin  # it opens sessions with open_session

    group.add_command(dev_admin)
    app.extensions[_FACTORY] = session_factory
    app.cli.add_command(group)


def advise_on_old_password(app: Flask) -> None:
    """ADMIN_PASSWORD is still set: it opens nothing now, so say what does, once at start."""
    if not services(app).settings.old_admin_password_set:
        return
    try:
        with open_session_for(app) as session:
            nobody = session.scalar(select(User.id).limit(1)) is None
    except SQLAlchemyError:
        nobody = True  # not migrated yet, or not reachable: the advice is the same
    if nobody:
        _log.warning(
            "ADMIN_PASSWORD and ADMIN_PASSWORD_HASH no longer open the admin: everyone signs "
            "in with their own account. Create the first admin with `flask --app app db "
            "upgrade`, then `flask --app app users create EMAIL --name NAME --role admin`, "
            "and remove ADMIN_PASSWORD and ADMIN_PASSWORD_HASH from the settings."
        )


def open_session_for(app: Flask) -> Session:
    """A new session from the factory `register` was given, outside a command."""
    return app.extensions[_FACTORY](app)  # type: ignore[no-any-return]


def open_session() -> Session:
    """A new session for one command, from the factory `register` was given."""
    return current_app.extensions[_FACTORY](current_app)  # type: ignore[no-any-return]


def _refuse(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


def _user(session: Session, email: str) -> User:
    user = service.find_user(session, email)
    if user is None:
        _refuse(f"There is no account with the email address {email.strip().lower()}.")
    return user


def _at_a_terminal() -> bool:
    return sys.stdin.isatty()


def _read_password() -> str:
    if _at_a_terminal():
        return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))
    # Piped in (a deploy script, a test): the first line, without its line ending, so that
    # spaces at either end of a passphrase are kept.
    return sys.stdin.readline().rstrip("\r\n")


def _settings() -> Settings | None:
    """The line's settings; None in a bare app of our commands alone (tests)."""
    try:
        return services(current_app).settings
    except KeyError:
        return None


def _announce(session: Session, action: Action, user: User) -> None:
    settings = _settings()
    if settings is None:
        return
    told = announce(session, settings, action, user, command_line_actor())
    if told.failed:
        click.echo(f"Not everyone was told of this: {'; '.join(told.failed)}.", err=True)


@group.command("create")
@click.argument("email")
@click.option("--name", required=True, help="The person's name, as the audit trail shows it.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What they may do.")
@click.option("--link", is_flag=True, help="Print a one-time sign-in link for them instead.")
@with_appcontext
def create(email: str, name: str, role: str, link: bool) -> None:
    """Create an account; the password is asked for, or read from standard input."""
    settings = _settings()
    if link and settings is None:
        _refuse("--link needs the line's settings (SECRET_KEY, PUBLIC_BASE_URL).")
    password = None if link else _read_password()
    with open_session() as session:
        try:
            user = service.create_user(session, email, name, role, password, command_line_actor())
        except service.AccountError as refusal:
            _refuse(refusal.message)
        click.echo(
            f"Created {user.email} ({user.role}). They set up their second factor "
            "when they first sign in."
        )
        if link and settings is not None:
            token = links.issue(session, user, settings.secret_key.value, command_line_actor(),
                                why="new account")  # fmt: skip
            hours = int(links.LINK_LIFETIME.total_seconds() // 3600)
            click.echo(f"Send them this sign-in link (it works once, for {hours} hours):")
            click.echo(links.url(settings.public_base_url, token))
        _announce(session, Action.ACCOUNT_CREATED, user)


@group.command("list")
@with_appcontext
def list_command() -> None:
    """Everyone with an account: role, whether active, second factor, last sign-in."""
    with open_session() as session:
        users = service.list_users(session)
        rows = [
            (
                u.email,
                u.name,
                u.role or "(none yet)",
                "active" if u.active else "deactivated",
                "2FA set up" if u.has_second_factor else "no 2FA yet",
                u.last_sign_in_at.strftime("%Y-%m-%d %H:%M UTC") if u.last_sign_in_at else "never",
            )
            for u in users
        ]
    if not rows:
        click.echo("No accounts yet. Create the first admin with: flask users create")
        return
    header = ("email", "name", "role", "status", "second factor", "last sign-in")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        click.echo(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )


def _change(
    email: str, change: Callable[[Session, User], None], done: str, announced: Action | None = None
) -> None:
    with open_session() as session:
        user = _user(session, email)
        try:
            change(session, user)
        except service.AccountError as refusal:
            _refuse(refusal.message)
        click.echo(done.format(email=user.email))
        if announced:
            _announce(session, announced, user)


@group.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate(email: str) -> None:
    """Stop someone signing in, and end their sessions; the account is kept."""
    _change(
        email, lambda s, u: service.deactivate(s, u, command_line_actor()), "Deactivated {email}."
    )


@group.command("reactivate")
@click.argument("email")
@with_appcontext
def reactivate(email: str) -> None:
    """Let a deactivated account sign in again."""
    _change(
        email, lambda s, u: service.reactivate(s, u, command_line_actor()), "Reactivated {email}."
    )


@group.command("reset-2fa")
@click.argument("email")
@with_appcontext
def reset_2fa(email: str) -> None:
    """Clear someone's authenticator and recovery codes (a lost phone); they set up anew."""
    _change(
        email,
        lambda s, u: service.reset_second_factor(s, u, command_line_actor()),
        "Reset the second factor of {email}: they set it up again at their next sign-in.",
        Action.SECOND_FACTOR_RESET,
    )
