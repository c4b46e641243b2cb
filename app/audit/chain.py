"""The hash chain: each entry carries the hash of the one before it, so a change shows."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

# The link of the first entry of all: there was nothing before it.
GENESIS = "0" * 64
# Named in what is hashed, so that a later way of hashing can be told from this one.
_FORMAT = "nmline-audit-1"


@dataclass(frozen=True)
class Fields:
    """What an entry says, as hashed: everything but its row number, which the database gives."""

    at: datetime
    actor_id: int | None
    actor_name: str | None
    client: str | None
    action: str
    object_type: str | None
    object_id: str | None
    outcome: str
    detail: str

    @classmethod
    def of(cls, entry: Any) -> Fields:
        """The fields of an entry, or of a row read with the same names."""
        return cls(**{name: getattr(entry, name) for name in cls.__dataclass_fields__})


def entry_hash(fields: Fields, prev_hash: str) -> str:
    """The sha256, in hex, of the entry's fields and the hash of the entry before it."""
    return hashlib.sha256(canonical(fields, prev_hash).encode("utf-8")).hexdigest()


def canonical(fields: Fields, prev_hash: str) -> str:
    """The one serialisation that is hashed: a JSON list in a fixed order."""
    return json.dumps(
        [
            _FORMAT,
            prev_hash,
            moment(fields.at),
            fields.actor_id,
            fields.actor_name,
            fields.client,
            fields.action,
            fields.object_type,
            fields.object_id,
            fields.outcome,
            fields.detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )


def moment(at: datetime) -> str:
    """A time as hashed: UTC to the microsecond, as both databases keep it."""
    # SQLite hands back the UTC wall time without its zone (see app.db.model.UTCDateTime).
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return at.isoformat(timespec="microseconds")
