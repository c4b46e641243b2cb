"""People: everyone with an account, creating one, and changing, deactivating or resetting
one (manage_accounts). Every change is refused unless the role allows it, and audited."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.models import User
from app.accounts.passwords import MIN_LENGTH
from app.accounts.roles import DESCRIPTIONS, ROLES
from app.admin.access import actor, client_address, requires
from app.db.session import db_session

bp = Blueprint("people", __name__, url_prefix="/people")
_FIELD = 1000  # longer than any good value: the services give the message


def _list(status: int = 200, form: dict[str, str] | None = None) -> ResponseReturnValue:
    page = render_template(
        "admin/people.html",
        people=service.list_users(db_session()),
        roles=ROLES,
        descriptions=DESCRIPTIONS,
        form=form or {"role": ROLES[0]},
        min_length=MIN_LENGTH,
    )
    return page, status


@bp.get("")
@requires("manage_accounts")
def index() -> ResponseReturnValue:
    return _list()


@bp.post("")
@requires("manage_accounts")
def create() -> ResponseReturnValue:
    """A new account with a first password the admin passes on; they set up their app."""
    form = {k: request.form.get(k, "")[:_FIELD] for k in ("name", "email", "role", "password")}
    try:
        user = service.create_user(
            db_session(), form["email"], form["name"], form["role"], form["password"],
            actor(), client_address(),
        )  # fmt: skip
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        form.pop("password")
        return _list(422, form)
    flash(
        f"Created an account for {user.name} ({user.role}). Give them the password in person "
        "or by phone: they set up their authenticator app when they first sign in."
    )
    return redirect(url_for("admin.people.person", user_id=user.id))


def _person(user_id: int) -> User:
    user = service.get_user(db_session(), user_id)
    if user is None:
        abort(404)
    return user


def _person_page(user: User, status: int = 200) -> ResponseReturnValue:
    return render_template("admin/person.html", person=user, roles=ROLES), status


@bp.get("/<int:user_id>")
@requires("manage_accounts")
def person(user_id: int) -> ResponseReturnValue:
    return _person_page(_person(user_id))


def _change(
    user_id: int, change: Callable[[Session, User], None], done: str
) -> ResponseReturnValue:
    user = _person(user_id)
    try:
        change(db_session(), user)
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _person_page(user, 422)
    flash(done.format(name=user.name))
    return redirect(url_for("admin.people.person", user_id=user.id))


@bp.post("/<int:user_id>/role")
@requires("manage_accounts")
def role(user_id: int) -> ResponseReturnValue:
    """Another role; the person's sessions end, so it applies at once."""
    new = request.form.get("role", "")[:_FIELD]
    return _change(
        user_id,
        lambda s, u: service.change_role(s, u, new, actor(), client_address()),
        "{name} is now " + ("an " if new[:1] in "aeiou" else "a ") + new + ".",
    )


@bp.post("/<int:user_id>/deactivate")
@requires("manage_accounts")
def deactivate(user_id: int) -> ResponseReturnValue:
    """Stop someone signing in and end their sessions; the account and its trail stay."""
    return _change(
        user_id,
        lambda s, u: service.deactivate(s, u, actor(), client_address()),
        "{name}'s account is deactivated: they are signed out and cannot sign in.",
    )


@bp.post("/<int:user_id>/reactivate")
@requires("manage_accounts")
def reactivate(user_id: int) -> ResponseReturnValue:
    return _change(
        user_id,
        lambda s, u: service.reactivate(s, u, actor(), client_address()),
        "{name}'s account is active again.",
    )


@bp.post("/<int:user_id>/reset-second-factor")
@requires("manage_accounts")
def reset_second_factor(user_id: int) -> ResponseReturnValue:
    """For a lost phone: they set up their app again at their next sign-in."""
    return _change(
        user_id,
        lambda s, u: service.reset_second_factor(s, u, actor(), client_address()),
        "{name}'s second factor is reset: they set it up again when they next sign in.",
    )
