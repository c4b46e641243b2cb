"""The addresses of the line's public pages as texts carry them, and the only addresses a
page may link to: the one place each is decided."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from urllib.parse import urlsplit

from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import Link

# Only the web, encrypted: no javascript:, data:, tel: or mailto: (the content needs none),
# and never a protocol-relative //address that takes the page's own scheme.
SAFE_PREFIX = "https://"


def article_path(article_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's path, in the reader's language (texts, the admin and the pages use it)."""
    return f"/articles/{article_id}" + (f"?lang={lang}" if lang != DEFAULT_LANGUAGE else "")


def article_link(base_url: str, article_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
    """The page's full address, as a text message carries it."""
    return base_url.rstrip("/") + article_path(article_id, lang)


def privacy_link(base_url: str) -> str:
    """The privacy notice's full address (the help text carries it)."""
    return base_url.rstrip("/") + "/privacy"


def _hidden(char: str) -> bool:
    """A character a browser drops or reads past: spaces, tabs, controls, invisible marks."""
    return char.isspace() or unicodedata.category(char).startswith(("C", "Z")) or char == "\\"


def safe_href(url: str) -> str | None:
    """The address as a page may link to it (https, with a host), or None: never a link."""
    if not url.lower().startswith(SAFE_PREFIX) or any(_hidden(c) for c in url):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # such as an unclosed [IPv6 address
        return None
    return url if host else None


def unsafe_links(links: Iterable[Link]) -> list[str]:
    """What is wrong with each link a page would not show (the content check's errors)."""
    return [
        f'The link "{link.title}" goes to "{link.url}": a page links only to web addresses '
        f"that start with {SAFE_PREFIX}, with no spaces in them."
        for link in links
        if safe_href(link.url) is None
    ]
