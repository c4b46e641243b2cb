"""Who may open an admin page: `requires(permission)` on every view, checked on the server.

Not signed in: a redirect to the sign-in page. Signed in without the permission: 403 and a
plain page saying so. The permissions are the table in app.accounts.roles; pages hide the
links a person may not use (`may()` in templates), but this check is the one that counts."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from app.accounts import identity
from app.accounts.actors import Actor
from app.accounts.models import User
from app.accounts.roles import PERMISSIONS, allowed

F = TypeVar("F", bound=Callable[..., Any])
# For pages every signed-in person may use whatever their role (my account).
SIGNED_IN = "signed_in"
# Set on each decorated view, so a test can find an admin route that has no check at all.
ATTRIBUTE = "required_permission"


def requires(permission: str) -> Callable[[F], F]:
    """Let the view run only for a signed-in person whose role has `permission`."""
    if permission != SIGNED_IN and permission not in PERMISSIONS:
        raise ValueError(f"no such permission: {permission!r}")

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def checked(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                if identity.unavailable():
                    return unavailable()
                return redirect(url_for("admin.auth.login", next=request.path))
            if not may(permission):
                return forbidden()
            return view(*args, **kwargs)

        setattr(checked, ATTRIBUTE, permission)
        return checked  # type: ignore[return-value]

    return decorate


def forbidden() -> ResponseReturnValue:
    """The page a person gets for what their role does not allow."""
    return render_template("admin/forbidden.html"), 403


def unavailable() -> ResponseReturnValue:
    """The page for when signing in cannot be checked (Redis away): closed, politely."""
    return render_template("admin/login.html", unavailable=True), 503


def chosen_step(steps: Mapping[str, str]) -> str | None:
    """The form's `action` when the person's role allows it (None: it does not); 400 for an
    action the page does not have. `steps` says what each needs."""
    step = request.form.get("action", "")
    if step not in steps:
        abort(400)
    return step if may(steps[step]) else None


def may(permission: str) -> bool:
    """Whether the signed-in person may do `permission` (False when nobody is signed in)."""
    if not current_user.is_authenticated:
        return False
    return permission == SIGNED_IN or allowed(current_user.role, permission)


def signed_in() -> User | None:
    """The signed-in person, or None."""
    if not current_user.is_authenticated:
        return None
    person = current_user._get_current_object()
    assert isinstance(person, User)
    return person


def actor() -> Actor:
    """The signed-in person, for service calls and audit records (inside a `requires` view)."""
    person = signed_in()
    if person is None:
        raise RuntimeError("actor() needs a signed-in person: use it in a @requires view")
    return person


def client_address() -> str:
    """The client's address for the audit trail (the real one behind TRUSTED_PROXIES)."""
    return request.remote_addr or "unknown"


def session_ended(error: CSRFError) -> ResponseReturnValue:
    """A form sent after its session ended (its token went with it), on any admin page: sign
    in again, then back to that page (the editor's page gives back the words typed)."""
    signing_in = (request.blueprint or "").startswith(("admin.auth", "admin.welcome"))
    if signed_in() is not None or signing_in:
        return "The form had expired. Go back, reload the page and try again.", 400
    flash("Your session ended before that was saved. Sign in again to carry on.", "error")
    return redirect(url_for("admin.auth.login", next=request.path)), 303
