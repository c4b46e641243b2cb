"""The line's one throttle: at most N of something per key in a window, counted in Redis.

Sign-in attempts, feedback answers and replies to texts are each "at most `limit` per
`window_seconds`", counted by one Redis script: an attempt is counted before it is checked,
and refused (not counted) once the limit is reached, so any number at once get at most
`limit`. The window starts at the first attempt and is never extended. A key (an email
address, a client address, a number) is stored only as a keyed hash with the throttle's
purpose (`app.privacy.keyed_hash`), so Redis holds no list of who tried what from where.

(The texts a call asks for are decided by their own one-step script in app.texts.policy:
the opt-out, one text per call and both daily limits in one round trip while a caller
waits, a safety control that stays one script.)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from redis import Redis

from app.privacy import keyed_hash

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


def take(redis: Redis, redis_key: str, limit: int, window_seconds: int) -> int:
    """Count one under `redis_key` if it is under `limit` (0); else the seconds to wait.
    For a key that is already a keyed hash or names no one (a whole line's daily count)."""
    answer = int(redis.eval(_TAKE, 1, redis_key, limit, window_seconds))
    return -answer if answer < 0 else 0


class Throttle:
    """At most `limit` attempts per key in `window_seconds`, counted from the first one.

    Each key is stored as `<prefix>:<keyed hash of the key, with the prefix as its purpose>`.
    """

    def __init__(
        self, redis: Redis, prefix: str, limit: int, window_seconds: int, secret: str
    ) -> None:
        if limit < 1 or window_seconds < 1:
            raise ValueError("a throttle needs a limit and a window of at least 1")
        self.redis = redis
        self.prefix = prefix
        self.limit = limit
        self.window_seconds = window_seconds
        self._secret = secret

    def _key(self, key: str) -> str:
        return f"{self.prefix}:{keyed_hash(self._secret, self.prefix, key)[:32]}"

    def take(self, key: str) -> int:
        """Count an attempt for `key` if it is under the limit (0); else the seconds to wait."""
        return take(self.redis, self._key(key), self.limit, self.window_seconds)

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
