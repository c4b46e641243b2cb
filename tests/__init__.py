"""The line's tests. Under pytest-xdist (`bin/test -n 2`) each worker flushes a Redis
database of its own: the first TEST_REDIS_DB (15 unless set), each next one below it. Set
here, before any test module reads it."""

from __future__ import annotations

import os

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
_DB = int(os.environ.get("TEST_REDIS_DB", "15")) - int(_WORKER)
if _DB < 1:  # database 0 is the line's own: never flushed by a test
    raise RuntimeError("Too many test workers for TEST_REDIS_DB: use fewer (-n) or a higher one.")
os.environ["TEST_REDIS_DB"] = str(_DB)
