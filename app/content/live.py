"""Values read from disk that follow the disk without a restart."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")
log = logging.getLogger(__name__)


class Live(Generic[T]):
    """Holds a loaded value; reloads it when its signature changes, checked at most every few
    seconds. A reload that fails keeps the last good value, so callers never lose the line."""

    def __init__(
        self, load: Callable[[], T], signature: Callable[[], object], every: float = 2.0
    ) -> None:
        self._load, self._signature, self._every = load, signature, every
        self._lock = threading.Lock()
        self._sig = signature()
        self._value = load()
        self._checked = time.monotonic()

    def get(self) -> T:
        now = time.monotonic()
        if now - self._checked >= self._every and self._lock.acquire(blocking=False):
            try:
                self._checked = now
                sig = self._signature()
                if sig != self._sig:
                    self._value, self._sig = self._load(), sig
            except Exception:
                log.exception("reload failed; keeping the last good version")
            finally:
                self._lock.release()
        return self._value
