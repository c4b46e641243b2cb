"""A topic's words as a web page: Markdown made HTML, then sanitised (nothing but text
markup and links survives), the same for patients and for the editor's preview."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

from app.content.links import safe_href

_PARSER = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "br"}
_ATTRIBUTES = {"a": {"href"}}


def _attribute(tag: str, name: str, value: str) -> str | None:
    """A link in the words keeps only an address a page may link to (safe_href)."""
    return safe_href(value) if name == "href" else value


def to_html(text: str) -> Markup:
    """Safe HTML for the page: headings start at h2 (the page's title is its h1)."""
    html = _PARSER.render(text).replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return Markup(
        nh3.clean(
            html,
            tags=_TAGS,
            attributes=_ATTRIBUTES,
            attribute_filter=_attribute,
            link_rel="noopener",
        )
    )
