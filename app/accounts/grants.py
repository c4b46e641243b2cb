"""Who stands behind an account, read from the audit trail: the rule that the two people of a
review (the draft's author, its approver) are not both supplied by the same admin.

An admin can make accounts and, while their first sign-in link is unused, open it
themselves; or reset someone's password and second factor and take the account over. So
a reviewer may not approve a draft when
- an author of the draft gave the reviewer their role (the issue's example), or
- one admin set up (created, changed the role of, reset the password, sign-in link or
  second factor of) both the reviewer and an author within the last FRESH days.
After FRESH days the announcements (app.accounts.announce) have had time to reach the other
admins and reviewers, who would have said if a person was not real. Changes from the
command line are not counted: someone with a shell on the server is trusted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from app.audit.actions import Action
from app.audit.models import AuditEntry
from app.db.model import utcnow

FRESH = dt.timedelta(days=7)
GRANTS = (Action.ACCOUNT_CREATED, Action.ACCOUNT_ROLE_CHANGED)
SET_UP = (
    *GRANTS,
    Action.ACCOUNT_PASSWORD_RESET,
    Action.ACCOUNT_LINK_ISSUED,
    Action.SECOND_FACTOR_RESET,
)

GRANTED_BY_AUTHOR = "An author of this gave you your role: another reviewer must approve it."
SAME_ADMIN = (
    "The same admin set up your account (or the account of the admin who set up yours) and "
    f"an author's account in the last {FRESH.days} days: another reviewer must approve it."
)


def _about(user_id: int, actions: tuple[str, ...]) -> Select[int | None]:
    return select(AuditEntry.actor_id).where(
        AuditEntry.object_type == "user",
        AuditEntry.object_id == str(user_id),
        AuditEntry.action.in_(actions),
    )


def granted_by(session: Session, user_id: int) -> int | None:
    """Who gave the account `user_id` its current role: the actor of the latest creation or
    role change recorded about it (None: the command line did, or no record is left)."""
    query = _about(user_id, GRANTS).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    return session.scalar(query.limit(1))


def set_up_by(session: Session, user_id: int, since: dt.datetime) -> set[int]:
    """The accounts that, since `since`, created `user_id`'s account, changed its role, or
    reset its password, sign-in link or second factor."""
    found = session.scalars(_about(user_id, SET_UP).where(AuditEntry.at >= since))
    return {actor_id for actor_id in found if actor_id is not None}


def behind(session: Session, user_id: int, since: dt.datetime) -> set[int]:
    """Everyone who, since `since`, set up the account `user_id`, or set up the account of
    someone who did, and so on: an admin cannot hide behind a second admin they made."""
    found: set[int] = set()
    todo = [user_id]
    while todo:
        for actor_id in set_up_by(session, todo.pop(), since) - found - {user_id}:
            found.add(actor_id)
            todo.append(actor_id)
    return found


def approval_problem(
    session: Session,
    approver_id: int,
    author_ids: Iterable[int | None],
    now: dt.datetime | None = None,
) -> str | None:
    """Why the account `approver_id` may not approve a draft written by `author_ids` (the
    message for the reviewer), or None when one admin is not behind both."""
    authors = {author for author in author_ids if author is not None}
    if not authors:
        return None
    if granted_by(session, approver_id) in authors:
        return GRANTED_BY_AUTHOR
    since = (now or utcnow()) - FRESH
    behind_approver = behind(session, approver_id, since)
    if behind_approver & authors:
        return GRANTED_BY_AUTHOR
    if behind_approver and any(behind_approver & behind(session, a, since) for a in authors):
        return SAME_ADMIN
    return None
