"""Who is acting (a signed-in person, or the command line) and on whose account."""

from __future__ import annotations

from typing import Any

from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.roles import allowed

# A User (the person signed in to the admin) or the name of what acts without one, such as
# app.audit.record.command_line_actor(): someone with a shell on the server is trusted.
Actor = User | str


def by(actor: Actor) -> dict[str, Any]:
    """The `actor` and `actor_name` arguments for app.audit.record.record."""
    if isinstance(actor, User):
        return {"actor": actor, "actor_name": actor.name}
    return {"actor": None, "actor_name": actor}


def require(actor: Actor, permission: str) -> None:
    """Refuse unless `actor` may do `permission`."""
    if isinstance(actor, User) and not (actor.active and allowed(actor.role, permission)):
        raise AccountError("You are not allowed to do that. Ask an admin.")


def about(user: User) -> dict[str, Any]:
    """The `object_type` and `object_id` arguments for an entry about `user`'s account."""
    return {"object_type": "user", "object_id": str(user.id)}
