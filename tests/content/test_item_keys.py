"""ItemKey: the one format of an item's name, written and read back in one place."""

from __future__ import annotations

import datetime as dt

import pytest

from app.audio.items import spoken_items
from app.content.checks import check_libraries
from app.content.item_keys import ItemKey, ItemKind
from tests.support.shipped import libraries


def test_every_item_the_line_says_reads_back_as_the_key_it_was_written_from():
    keys = {item.key for item in spoken_items(libraries().values()).values()}
    assert {ItemKind(ItemKey.parse(k).kind) for k in keys} == {
        ItemKind.PROMPT,
        ItemKind.MENU,
        ItemKind.INTRO,
        ItemKind.ARTICLE,
        ItemKind.OFFER,
        ItemKind.ANSWER,
        ItemKind.GUESS,
    }
    for key in keys:
        assert str(ItemKey.parse(key)) == key


def test_every_check_finding_names_an_item_of_a_document_the_editor_has():
    topics = {a.id for library in libraries().values() for a in library.articles.values()}
    topics |= {a for library in libraries().values() for a in library.answers}
    # In 2100 every topic is overdue for review: a finding for each.
    found = check_libraries(libraries().values(), "https://line.example", dt.date(2100, 1, 1))
    assert found
    for finding in found:
        assert ItemKey.parse(finding.item).document in topics | {"menus", "prompts"}


@pytest.mark.parametrize(
    "key,document",
    [(ItemKey.prompt("welcome"), "prompts"), (ItemKey.menu("main"), "menus"),
     (ItemKey.intro("your-results"), "your-results"), (ItemKey.sms("help"), "prompts"),
     (ItemKey.article("your-results", 2), "your-results"),
     (ItemKey.answer("eating-before"), "eating-before"),
     (ItemKey.offer("your-results", 1), "your-results"),
     (ItemKey.guess("bone-scan", 2), "bone-scan"),
     (ItemKey.guess("eating-before"), "eating-before")],
)  # fmt: skip
def test_an_item_belongs_to_the_document_its_words_come_from(key, document):
    assert key.document == document
    assert ItemKey.parse(str(key)) == key


@pytest.mark.parametrize(
    "text", ["", "prompt", "prompt:", "welcome", "tune:x", "menu:main:1", "article:x:two", ":x"]
)
def test_text_that_is_not_an_item_key_is_refused(text):
    with pytest.raises(ValueError, match="not an item key"):
        ItemKey.parse(text)


def test_a_topics_parts_are_numbered_and_only_a_topics():
    assert str(ItemKey.article("your-results", 3)) == "article:your-results:3"
    assert ItemKey.parse("article:your-results:3").part == 3
    assert ItemKey.parse("article:your-results").part is None
