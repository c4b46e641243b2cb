"""The department's settings, each change a new version: the newest is in effect. No row
at all: the environment's values (DEPARTMENT_HOURS and the rest) are."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db.model import Base, UTCDateTime, utcnow


class DepartmentVersion(Base):
    """One saved version of the department's settings, as JSON (app.department.values)."""

    __tablename__ = "department_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    values: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
