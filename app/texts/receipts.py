"""Delivery receipts, Twilio's (`/sms/status`) and Notify's (its delivery-status callback):
whether each text arrived, counted per day as delivered, did not arrive, or unknown. Never
the number; the message's id only to count its final receipt once."""

from __future__ import annotations

from redis import Redis

from app import redis_keys
from app.core import counts
from app.core.counts import Count
from app.sms_values import Provider

# Final statuses only: Twilio also reports queued, sending and sent on the way, and a
# "sent" from Twilio may still become delivered. Notify's "sent" is final: a number abroad
# whose network reports nothing more. Notify's technical-failure is its own fault: the text
# never left, so it did not arrive.
OUTCOMES: dict[Provider, dict[str, Count]] = {
    Provider.TWILIO: {
        "delivered": Count.TEXTS_DELIVERED,
        "undelivered": Count.TEXTS_UNDELIVERED,
        "failed": Count.TEXTS_UNDELIVERED,
    },
    Provider.NOTIFY: {
        "delivered": Count.TEXTS_DELIVERED,
        "permanent-failure": Count.TEXTS_UNDELIVERED,
        "temporary-failure": Count.TEXTS_UNDELIVERED,
        "technical-failure": Count.TEXTS_UNDELIVERED,
        "sent": Count.TEXTS_DELIVERY_UNKNOWN,
    },
}
# What /metrics shows of today's receipts.
OUTCOME_COUNTS = (Count.TEXTS_DELIVERED, Count.TEXTS_UNDELIVERED, Count.TEXTS_DELIVERY_UNKNOWN)
# /metrics says texts are failing when, today, at least FAILING_LEAST texts did not arrive
# and they are more than FAILING_SHARE of the receipts.
FAILING_LEAST = 10
FAILING_SHARE = 0.2


def outcome(provider: Provider, status: str) -> Count | None:
    """The count a final receipt adds to; None for a status on the way (or unknown)."""
    return OUTCOMES[provider].get(status.strip().lower())


def record(redis: Redis, provider: Provider, message_id: str, status: str) -> Count | None:
    """Count a receipt once per message (a service may send the same one again)."""
    counter = outcome(provider, status)
    if counter is None or not message_id:
        return None
    key = redis_keys.receipt_counted(provider, message_id[:64])
    if not redis.set(key, counter, nx=True, ex=redis_keys.RECEIPT_SECONDS):
        return None
    counts.count(redis, counter)
    return counter


def failing(day: dict[str, int]) -> bool:
    """Whether a day's receipts say texts are failing (the alert on /metrics)."""
    missed = day.get(Count.TEXTS_UNDELIVERED, 0)
    receipts = sum(day.get(c, 0) for c in OUTCOME_COUNTS)
    return missed >= FAILING_LEAST and missed > FAILING_SHARE * receipts
