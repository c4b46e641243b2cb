"""The line the tests run: where it lives, its settings, and a spare Redis database."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
CONTENT = ROOT / "content"
BASE_URL = "https://line.example.org"
AUTH_TOKEN = "test-auth-token-0123456789abcdef"
# At least 32 bytes: outside development, start-up refuses a shorter one.
SECRET_KEY = "test-secret-key-0123456789abcdef0123456789abcdef"
# A spare database: tests flush it, so never the one the line uses. TEST_REDIS_DB lets two
# test runs share one server without flushing each other's data.
TEST_REDIS_URL = (
    urlsplit(os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379")
    ._replace(path=f"/{int(os.environ.get('TEST_REDIS_DB', '15'))}")
    .geturl()
)
# The least a start-up outside development needs: settings tests start from it.
GOOD = {
    "PUBLIC_BASE_URL": "https://line.example.org/",
    "TWILIO_AUTH_TOKEN": "token-value",
    "SECRET_KEY": "secret-value-" + "0" * 20,
}
# Topics of the small line (English only) that tests render in full with a real worker.
SMALL_ARTICLES = ("what-is-nuclear-medicine", "your-results", "introductory-video")
