"""People: everyone with an account, creating one, and changing, deactivating or resetting
one (manage_accounts). Every change is refused unless the role allows it, and audited.

The admin never chooses or learns a password: a new account, or one whose password is
reset, gets a one-time sign-in link (app.accounts.links) shown once, here, for the admin to
pass on. Creating, a role change, a reset and a new link are announced at once to the other
admins and reviewers (app.accounts.announce); the page says if that failed."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from app.accounts import links, service
from app.accounts.access import actor, client_address, requires
from app.accounts.announce import announce
from app.accounts.models import User
from app.accounts.roles import DESCRIPTIONS, ROLES
from app.audit.actions import Action
from app.db.model import utcnow
from app.db.session import db_session
from app.services import services

bp = Blueprint("people", __name__, url_prefix="/people")
_FIELD = 1000  # longer than any good value: the services give the message


def _list(status: int = 200, form: dict[str, str] | None = None) -> ResponseReturnValue:
    page = render_template(
        "admin/people.html",
        people=service.list_users(db_session()),
        roles=ROLES,
        descriptions=DESCRIPTIONS,
        form=form or {"role": ROLES[0]},
        hours=int(links.LINK_LIFETIME.total_seconds() // 3600),
    )
    return page, status


@bp.get("")
@requires("manage_accounts")
def index() -> ResponseReturnValue:
    return _list()


@bp.post("")
@requires("manage_accounts")
def create() -> ResponseReturnValue:
    """A new account with no password yet, and its sign-in link, shown once, to pass on."""
    form = {k: request.form.get(k, "")[:_FIELD] for k in ("name", "email", "role")}
    try:
        user = service.create_user(
            db_session(), form["email"], form["name"], form["role"], None,
            actor(), client_address(),
        )  # fmt: skip
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _list(422, form)
    token = links.issue(db_session(), user, _secret(), actor(), client_address(), "new account")
    flash(f"Created an account for {user.name} ({user.role}).")
    _announce(Action.ACCOUNT_CREATED, user)
    return _person_page(user, link=token)


def _secret() -> str:
    return services().settings.secret_key.value


def _announce(action: Action, user: User) -> None:
    told = announce(db_session(), services().settings, action, user, actor(), client_address())
    if told.failed:
        flash(
            f"Not everyone was told of this ({'; '.join(told.failed)}). Tell the other "
            "admins and reviewers yourself; the audit trail records it.",
            "error",
        )
    else:
        flash(f"Announced to the other admins and reviewers by {' and '.join(told.reached)}.")


def _person(user_id: int) -> User:
    user = service.get_user(db_session(), user_id)
    if user is None:
        abort(404)
    return user


def _person_page(user: User, status: int = 200, link: str = "") -> ResponseReturnValue:
    page = render_template(
        "admin/person.html",
        person=user,
        roles=ROLES,
        waiting=links.waiting(user),
        link=links.url(services().settings.public_base_url, link) if link else "",
        expires=utcnow() + links.LINK_LIFETIME,
    )
    return page, status


@bp.get("/<int:user_id>")
@requires("manage_accounts")
def person(user_id: int) -> ResponseReturnValue:
    return _person_page(_person(user_id))


def _change(
    user_id: int,
    change: Callable[[Session, User], object],
    done: str,
    announced: Action | None = None,
) -> ResponseReturnValue:
    user = _person(user_id)
    try:
        token = change(db_session(), user)
    except service.AccountError as refusal:
        flash(refusal.message, "error")
        return _person_page(user, 422)
    flash(done.format(name=user.name))
    if announced:
        _announce(announced, user)
    if isinstance(token, str):  # a new sign-in link: shown on this page, once
        return _person_page(user, link=token)
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
        Action.ACCOUNT_ROLE_CHANGED,
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
        Action.SECOND_FACTOR_RESET,
    )


@bp.post("/<int:user_id>/reset-password")
@requires("manage_accounts")
def reset_password(user_id: int) -> ResponseReturnValue:
    """A forgotten password: theirs stops working, they are signed out, and a sign-in link
    lets them choose a new one (the admin never knows it)."""
    return _change(
        user_id,
        lambda s, u: links.reset_password(s, u, _secret(), actor(), client_address()),
        "{name}'s password is reset and they are signed out.",
        Action.ACCOUNT_PASSWORD_RESET,
    )


@bp.post("/<int:user_id>/sign-in-link")
@requires("manage_accounts")
def new_link(user_id: int) -> ResponseReturnValue:
    """A new sign-in link for someone who has not used theirs: the older one stops working."""
    return _change(
        user_id,
        lambda s, u: links.issue(s, u, _secret(), actor(), client_address()),
        "A new sign-in link for {name}: the one before no longer works.",
        Action.ACCOUNT_LINK_ISSUED,
    )
