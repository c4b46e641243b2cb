"""The names feedback is counted under, by topic and day (app.core.counts keeps the days)."""

from __future__ import annotations

from app.core.counts import Count


def kind(channel: str, helpful: bool) -> Count:
    """helpful_phone, unhelpful_page, ... (channel: phone or page)."""
    return Count.named(f"{'helpful' if helpful else 'unhelpful'}_{channel}")


def name(channel: str, helpful: bool, topic: str) -> str:
    """`helpful_phone:your-results`, `unhelpful_page:going-for-a-scan`..."""
    return kind(channel, helpful).of(topic)
