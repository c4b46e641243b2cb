"""Writing an entry, in the same transaction as the change it records."""

from __future__ import annotations

import getpass
import json
import os
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.models import OUTCOMES, AuditEntry
from app.db.model import utcnow

if TYPE_CHECKING:
    from app.accounts.models import User

# A detail is for telling what happened, never a secret or anything about a patient. A key
# naming one is a mistake in the calling code, so it fails there, loudly, in tests.
_FORBIDDEN_IN_KEYS = ("password", "secret", "token", "phone", "caller", "otp")
_FORBIDDEN_KEYS = ("code", "number", "pin")
_LONGEST_VALUE = 200


def record(
    session: Session,
    action: Action,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    outcome: str = "ok",
    **detail: Any,
) -> AuditEntry:
    """Add an entry for `action` to `session`; the caller's commit writes it with the change."""
    if outcome not in OUTCOMES:
        raise ValueError(f"outcome must be one of {', '.join(OUTCOMES)}, not {outcome!r}")
    for key in detail:
        if key.lower() in _FORBIDDEN_KEYS or any(w in key.lower() for w in _FORBIDDEN_IN_KEYS):
            raise ValueError(f"an audit detail may not carry {key!r}")
    if actor is not None and actor_name is None:
        actor_name = actor.name
    entry = AuditEntry(
        at=utcnow(),
        actor_id=None if actor is None else actor.id,
        actor_name=_shorten(actor_name, 200),
        client=_shorten(client, 100),
        action=str(action),
        object_type=object_type,
        object_id=None if object_id is None else _shorten(str(object_id), 100),
        outcome=outcome,
        detail=json.dumps(
            {key: _small(value) for key, value in detail.items()},
            sort_keys=True,
            ensure_ascii=False,
        ),
    )
    session.add(entry)
    return entry


def _shorten(text: str | None, most: int) -> str | None:
    return None if text is None else text[:most]


def _small(value: Any) -> Any:
    if isinstance(value, str):
        return value[:_LONGEST_VALUE]
    if isinstance(value, bool | int | float) or value is None:
        return value
    if isinstance(value, list | tuple):
        return [_small(item) for item in value[:20]]
    return str(value)[:_LONGEST_VALUE]


def command_line_actor() -> str:
    """Who is acting from a shell: "command line (<name>)", the name sudo or login gives."""
    # Behind sudo, $USER is root; $SUDO_USER is the person who typed the command.
    name = os.environ.get("SUDO_USER")
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):
            name = ""
    return f"command line ({name})" if name else "command line"
