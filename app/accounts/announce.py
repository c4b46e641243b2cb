"""Announcing account changes at once to every other active admin and reviewer and to the
person whose account it is (by e-mail), and to the reminders' destinations (REMINDERS_EMAIL,
the webhook), so one admin cannot quietly make or take over the accounts a second person's
review depends on.

Called after the change is committed: an announcement that fails never undoes the change,
and never fails the request. What single sign-on does at a sign-in (an account made or
joined, a role the provider gives) is announced by a worker (`announce_later`), so a slow
mail server never holds up signing in. Each try is audited (Action.ACCOUNT_ANNOUNCED,
outcome "failed" when nobody could be told) and a failure logged, so it is visible in the
trail and the logs.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from app.accounts.actors import Actor, about, by
from app.accounts.models import User
from app.accounts.notices import tell_everywhere
from app.accounts.roles import ADMIN, REVIEWER, with_article
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.session import own_session
from app.db.transaction import committed
from app.department.store import effective
from app.queues import ANNOUNCE_ACCOUNT
from app.services import queue_for_staff
from app.settings import Settings

log = logging.getLogger(__name__)
WHAT = {  # the audit action announced, as the message says it
    Action.ACCOUNT_CREATED: "created an account for",
    Action.ACCOUNT_ROLE_CHANGED: "changed the role of",
    Action.ACCOUNT_PASSWORD_RESET: "reset the password of",
    Action.ACCOUNT_LINK_ISSUED: "issued a new sign-in link for",
    Action.SECOND_FACTOR_RESET: "reset the second factor of",
    Action.ACCOUNT_LINKED: "joined the organisation's sign-in to the account of",
}


@dataclass(frozen=True)
class Told:
    """Who an announcement reached, and what failed (with why)."""

    reached: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def anyone(self) -> bool:
        """Whether at least one person or destination was told."""
        return bool(self.reached)


def watchers(session: Session, user: User, actor: Actor) -> list[str]:
    """Who is told by e-mail: every active admin and reviewer, and the person whose account
    it is (they learn an account exists in their name, or that their password was reset),
    except the one who made the change."""
    query = select(User.email).where(
        or_(and_(User.active, User.role.in_((ADMIN, REVIEWER))), User.id == user.id)
    )
    if isinstance(actor, User):
        query = query.where(User.id != actor.id)
    return sorted(session.scalars(query))


def text(action: Action, user: User, actor: Actor, base_url: str, detail: str = "") -> str:
    """The announcement: who did what to which account, when, and where to check it."""
    who = actor.name if isinstance(actor, User) else actor
    extra = f" ({detail})" if detail else ""
    return (
        f"Information line: {who} {WHAT[action]} {user.name} <{user.email}>, now "
        f"{with_article(user.role)}{extra}, at "
        f"{utcnow():%-d %B %Y %H:%M} UTC.\n"
        "If you did not expect this, tell your information governance lead, and see the "
        f"audit trail: {base_url.rstrip('/')}/admin/audit?person={user.id}"
    )


def announce(
    session: Session,
    settings: Settings,
    action: Action,
    user: User,
    actor: Actor,
    client: str | None = None,
    detail: str = "",
) -> Told:
    """Tell the watchers and the reminders' destinations about `action` on `user`; audited."""
    settings = effective(session, settings)  # where reminders go, as the department set it
    message = text(action, user, actor, settings.public_base_url, detail)
    people = watchers(session, user, actor)
    subject = f"Information line: account change for {user.name}"
    nobody = "no other admin or reviewer, no REMINDERS_EMAIL, no webhook"
    reached, failed = tell_everywhere(settings, people, subject, message, nobody)
    told = Told(reached, failed)
    if failed:
        log.warning("account change %s not announced everywhere: %s", action, "; ".join(failed))
    with committed(session):
        record(session, Action.ACCOUNT_ANNOUNCED, **by(actor), client=client, **about(user),
               outcome="failed" if failed else "ok", announced=action,
               reached=", ".join(reached), failed="; ".join(failed))  # fmt: skip
    return told


def announce_later(action: Action, user_id: int, actor: str, client: str | None = None) -> bool:
    """Queue `announce` for a worker (after the change is committed); whether it was queued
    (app.services.queue_for_staff)."""
    return queue_for_staff(ANNOUNCE_ACCOUNT, str(action), user_id, actor, client,
                           description=f"tell staff: {action}")  # fmt: skip


def announce_job(action: str, user_id: int, actor: str, client: str | None = None) -> str:
    """The rq job `announce_later` queues: plain arguments, its own database session."""
    settings = Settings.from_env(os.environ)
    with own_session(settings.database_url, settings.data_dir) as session:
        user = session.get(User, user_id)
        if user is None:
            return "no such account"
        told = announce(session, settings, Action(action), user, actor, client)
    return "told" if told.anyone else "nobody told"
