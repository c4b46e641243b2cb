"""Counting sign-in attempts in Redis, to slow down guessing: per client, per (account,
client) pair and, for the second factor, per account.

An attempt is counted before it is checked, in one Redis script that refuses once the limit
is reached, so any number of guesses at once gets at most `limit` checks. A success gives
its count back, so people signing in rightly never use up a limit.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from redis import Redis

# Refuse at the limit (returning minus the seconds left), else count, starting the window at
# the first attempt; a key somehow left without a lifetime gets one.
_TAKE = """
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
if count >= tonumber(ARGV[1]) then
  return -math.max(redis.call('TTL', KEYS[1]), 1)
end
count = redis.call('INCR', KEYS[1])
if redis.call('TTL', KEYS[1]) < 0 then redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return count
"""
_GIVE_BACK = """
if tonumber(redis.call('GET', KEYS[1]) or '0') > 1 then return redis.call('DECR', KEYS[1]) end
redis.call('DEL', KEYS[1])
return 0
"""


class Throttle:
    """At most `limit` attempts per key in `window_seconds`, counted from the first one.

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

    def take(self, key: str) -> int:
        """Count an attempt for `key` if it is under the limit (0); else the seconds to wait."""
        answer = self.redis.eval(_TAKE, 1, self._key(key), self.limit, self.window_seconds)
        answer = int(answer)
        return -answer if answer < 0 else 0

    def give_back(self, key: str) -> None:
        """Uncount one attempt for `key` (it succeeded, or was never checked)."""
        self.redis.eval(_GIVE_BACK, 1, self._key(key))

    def blocked(self, key: str) -> bool:
        """Whether `key` has used up its attempts in the window."""
        count = self.redis.get(self._key(key))
        return count is not None and int(count) >= self.limit

    def clear(self, key: str) -> None:
        """Forget `key`'s attempts."""
        self.redis.delete(self._key(key))

    def retry_after(self, key: str) -> int:
        """Seconds until `key`'s window ends (0 when there is none), to tell the person."""
        ttl = self.redis.ttl(self._key(key))
        return max(0, int(ttl))


@dataclass(frozen=True)
class Attempt:
    """One attempt counted against several throttles at once: all of them, or none."""

    counts: Sequence[tuple[Throttle, str]]

    def take(self) -> int:
        """0 if every throttle counted it; else the seconds to wait (and nothing counted)."""
        taken: list[tuple[Throttle, str]] = []
        for throttle, key in self.counts:
            wait = throttle.take(key)
            if wait:
                for earlier, earlier_key in taken:
                    earlier.give_back(earlier_key)
                return max(60, wait)
            taken.append((throttle, key))
        return 0

    def give_back(self) -> None:
        """It succeeded: it does not count."""
        for throttle, key in self.counts:
            throttle.give_back(key)
