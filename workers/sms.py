"""Kept for jobs queued under this name before app.texts.jobs (they may still wait in Redis)."""

from app.texts.jobs import send_link

__all__ = ["send_link"]
