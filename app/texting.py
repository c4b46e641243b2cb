"""Texting a caller the link to what they just heard."""

from __future__ import annotations


def request_link_text(article_id: str, call_sid: str, caller: str) -> str:
    """Ask for the article's link to be texted to the caller; return the prompt to speak.

    Sending texts arrives with the SMS issue; until then the caller is told plainly.
    """
    return "text_unavailable"
