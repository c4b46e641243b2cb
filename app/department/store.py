"""The department's settings kept: the database holds every version (the newest in effect),
Redis a copy of the newest, which is what calls read (app.department.live), so a call never
waits on the database. A change writes both, in the trail with what it was before and after;
a Redis that lost its copy gets it back from a job (read_department)."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

from redis import Redis
from sqlalchemy import select
from sqlalchemy.orm import Session

from app import redis_keys
from app.audit.actions import Action
from app.audit.record import record
from app.db.session import own_session
from app.db.transaction import committed
from app.department.models import DepartmentVersion
from app.department.values import Department, from_json, from_settings
from app.queues import job_redis
from app.settings import Settings

if TYPE_CHECKING:
    from app.accounts.models import User


def current(session: Session, settings: Settings) -> Department:
    """The values in effect: the newest saved version, or the environment's first values."""
    newest = session.scalars(
        select(DepartmentVersion).order_by(DepartmentVersion.id.desc()).limit(1)
    ).first()
    return from_settings(settings) if newest is None else from_json(newest.values)


def save(
    session: Session,
    redis: Redis,
    settings: Settings,
    new: Department,
    *,
    actor: User | None = None,
    actor_name: str | None = None,
    client: str | None = None,
) -> dict[str, str]:
    """Make `new` the department's values, in the trail with each change before and after;
    what changed (nothing: nothing saved). Redis's copy is written before the commit, so a
    Redis that cannot be told refuses the change rather than leave calls on the old values."""
    with committed(session):
        old = current(session, settings)
        changed = old.changes(new)
        if not changed:
            return {}
        session.add(DepartmentVersion(values=new.to_json()))
        record(session, Action.DEPARTMENT_CHANGED, actor=actor, actor_name=actor_name,
               client=client, object_type="department", **changed)  # fmt: skip
        session.flush()
        copy(redis, new)
    return changed


def copy(redis: Redis, department: Department) -> None:
    redis.set(redis_keys.DEPARTMENT, department.to_json())


def effective(session: Session, settings: Settings) -> Settings:
    """The settings with the department's values in place of the environment's first ones:
    for a job or command that reads hours, numbers or where reminders go."""
    department = current(session, settings)
    found = dataclasses.replace(
        settings,
        department_hours=department.hours_text(),
        department_phone=department.transfer_to,
        bank_holidays=department.bank_holidays,
        reminders_email=department.reminders_email,
        reminders_webhook_url=department.reminders_webhook_url,
    )
    found.__dict__["hours"] = department.hours()  # closures too (a cached_property)
    return found


def read_department() -> str:
    """The rq job: copy the newest values from the database to Redis (Redis lost them)."""
    settings = Settings.from_env(os.environ)
    with own_session(settings.database_url, settings.data_dir) as session:
        department = current(session, settings)
    copy(job_redis(settings.redis_url), department)
    return "copied"
