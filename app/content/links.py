"""The addresses of the line's public pages as texts carry them: the one place they are built."""

from __future__ import annotations

from app.content.model import DEFAULT_LANGUAGE


def article_path(article_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's path, in the reader's language (texts, the admin and the pages use it)."""
    return f"/articles/{article_id}" + (f"?lang={lang}" if lang != DEFAULT_LANGUAGE else "")


def article_link(base_url: str, article_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's full address, as a text message carries it."""
    return base_url.rstrip("/") + article_path(article_id, lang)


def privacy_link(base_url: str) -> str:
    """The privacy notice's full address (the help text carries it)."""
    return base_url.rstrip("/") + "/privacy"
