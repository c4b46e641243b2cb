"""Lifting the audit trail's database triggers, as someone with the keys to the database could.

The tests empty every table between tests, and tamper with the trail to show that
`flask audit verify` notices: both need what the line itself never does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import Connection, text


@contextmanager
def guard_lifted(connection: Connection) -> Iterator[Connection]:
    """Within `connection`'s transaction, the audit table's triggers do not fire."""
    if connection.dialect.name == "postgresql":
        # A superuser's switch (the tests connect as one): no ordinary trigger fires.
        connection.execute(text("SET LOCAL session_replication_role = replica"))
        yield connection
        connection.execute(text("SET LOCAL session_replication_role = origin"))
        return
    # SQLite has no such switch: anyone who can write the file drops the triggers.
    triggers = connection.execute(
        text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t"),
        {"t": "audit_entries"},
    ).all()
    for name, _sql in triggers:
        connection.execute(text(f'DROP TRIGGER "{name}"'))
    yield connection
    for _name, sql in triggers:
        connection.exec_driver_sql(sql)
