"""Logs as one JSON object per line, each carrying the id of the request it belongs to.

Used by the web app, gunicorn (gunicorn.conf.py) and the rq worker (no Flask needed), so
one search finds everything that happened for one request. Phone numbers never reach a
log: code logs only keyed hashes, and the access log names the route, never the path."""

from __future__ import annotations

import json
import logging
import math
import sys
import time
from contextvars import ContextVar
from typing import Any

# Set for the length of a web request (app/observe.py); a worker's lines have none.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)


# json.dumps(entry, default=str, ensure_ascii=False), without making an encoder each time.
_ENCODE = json.JSONEncoder(default=str, ensure_ascii=False).encode


class JsonFormatter(logging.Formatter):
    # The time to the second, written once a second: (the second, its text).
    _second: tuple[int, str] = (-1, "")

    def _time(self, created: float) -> str:
        """As datetime.fromtimestamp(created, UTC).isoformat(timespec="milliseconds")."""
        fraction, whole = math.modf(created)
        micro = round(fraction * 1e6)  # rounded as datetime rounds it
        second = int(whole) + micro // 1_000_000
        cached = self._second
        if cached[0] != second:
            cached = self._second = (
                second,
                time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)),
            )
        return f"{cached[1]}.{micro % 1_000_000 // 1000:03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": self._time(record.created),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = REQUEST_ID.get()
        if rid:
            entry["request_id"] = rid
        fields = getattr(record, "fields", None)  # log.info(..., extra={"fields": {...}})
        if fields:
            entry.update(fields)
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return _ENCODE(entry)


def configure(level: int | str = logging.INFO) -> None:
    """JSON lines on stderr from the root logger; safe to call more than once."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
