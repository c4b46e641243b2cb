"""One unit of work: the change and its audit entry are committed together, or neither is."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session


@contextmanager
def committed(session: Session) -> Iterator[Session]:
    """Commit what the block did to `session`; on any failure, roll all of it back."""
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
