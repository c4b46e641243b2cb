"""Articles a test writes itself, and what the content checks find in one: checked against
the shipped library with only that article in it, on a fixed day."""

from __future__ import annotations

import dataclasses
import datetime as dt

import yaml

from app.content.checks import Finding, check_library
from app.content.model import Article, Library
from app.content.parse import parse_article
from tests.support.line import BASE_URL
from tests.support.shipped import library

# A fixed day, so the shipped review dates (a year ahead) do not make these tests time bombs.
TODAY = dt.date(2026, 11, 27)
EASY = "The scan takes pictures. It does not hurt. You can go home after."


def make_article(body: str = EASY, **meta: object) -> Article:
    front = {
        "id": "test-article",
        "title": "A test article",
        "menu": "main",
        "key": 1,
        "option": "To hear a test article",
        "sms_summary": "A short plain summary.",
        "review_due": TODAY + dt.timedelta(days=365),
        **meta,
    }
    return parse_article(f"---\n{yaml.safe_dump(front)}---\n{body}\n", "test-article.md")


def library_with(article: Article, **changes: object) -> Library:
    return dataclasses.replace(library(), articles={article.id: article}, **changes)


def findings_for(article: Article, lang: str = "en") -> list[Finding]:
    found = check_library(library_with(article, lang=lang), BASE_URL, TODAY)
    return [f for f in found if f.item == f"article:{article.id}"]
