"""Kept for jobs queued under this name before app.audio.jobs (they may still wait in Redis)."""

from app.audio.jobs import render_audio

__all__ = ["render_audio"]
