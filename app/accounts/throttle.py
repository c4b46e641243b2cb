"""Counting failures in Redis, to slow down guessing: per account and per client."""

from __future__ import annotations

import hashlib
import hmac

from redis import Redis


class Throttle:
    """At most `limit` failures per key in `window_seconds`, counted from the first one.

    Keys (an email address, a client address) are stored only as keyed hashes, so Redis holds
    no list of who tried to sign in from where.
    """

    def __init__(
        self, redis: Redis, prefix: str, limit: int, window_seconds: int, secret: str | bytes
    ) -> None:
        if limit < 1 or window_seconds < 1:
            raise ValueError("a throttle needs a limit and a window of at least 1")
        self.redis = redis
        self.prefix = prefix
        self.limit = limit
        self.window_seconds = window_seconds
        self._secret = secret.encode() if isinstance(secret, str) else secret

    def _key(self, key: str) -> str:
        digest = hmac.new(self._secret, key.encode("utf-8", "replace"), hashlib.sha256)
        return f"{self.prefix}:{digest.hexdigest()[:32]}"

    def blocked(self, key: str) -> bool:
        """Whether `key` has failed `limit` times in the window."""
        count = self.redis.get(self._key(key))
        return count is not None and int(count) >= self.limit

    def fail(self, key: str) -> int:
        """Count a failure for `key`; returns the count in this window."""
        name = self._key(key)
        pipe = self.redis.pipeline()
        pipe.incr(name)
        # The window starts at the first failure; later ones do not extend it.
        pipe.expire(name, self.window_seconds, nx=True)
        count, _ = pipe.execute()
        return int(count)

    def clear(self, key: str) -> None:
        """Forget `key`'s failures (after a successful sign-in)."""
        self.redis.delete(self._key(key))

    def retry_after(self, key: str) -> int:
        """Seconds until `key`'s window ends (0 when there is none), to tell the person."""
        ttl = self.redis.ttl(self._key(key))
        return max(0, int(ttl))
