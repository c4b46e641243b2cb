"""The names feedback is counted under, by topic and day (app.ops.counts keeps the days)."""

from __future__ import annotations

CHANNELS = ("phone", "page")
KINDS = tuple(f"{w}_{c}" for c in CHANNELS for w in ("helpful", "unhelpful"))


def kind(channel: str, helpful: bool) -> str:
    """helpful_phone, unhelpful_page, ..."""
    return f"{'helpful' if helpful else 'unhelpful'}_{channel}"


def name(channel: str, helpful: bool, topic: str) -> str:
    """`helpful_phone:your-results`, `unhelpful_page:going-for-a-scan`..."""
    return f"{kind(channel, helpful)}:{topic}"
