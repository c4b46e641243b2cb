"""Logs as one JSON object per line, each carrying the id of the request it belongs to.

Used by the web app, gunicorn (gunicorn.conf.py) and the rq worker (no Flask needed), so
one search finds everything that happened for one request. Phone numbers never reach a
log: code logs only keyed hashes, and the access log names the route, never the path."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from contextvars import ContextVar
from typing import Any

# Set for the length of a web request (app/observe.py); a worker's lines have none.
REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
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
        return json.dumps(entry, default=str, ensure_ascii=False)


def configure(level: int | str = logging.INFO) -> None:
    """JSON lines on stderr from the root logger; safe to call more than once."""
    root = logging.getLogger()
    if not any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        root.addHandler(handler)
    root.setLevel(level)
