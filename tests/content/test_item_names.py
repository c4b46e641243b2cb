"""Each item named for staff in words, from the library: never its key."""

from __future__ import annotations

import re

import pytest

from app.audio.items import spoken_items
from app.content.item_keys import ItemKey, ItemKind
from app.content.item_names import item_name
from tests.support.shipped import libraries, library

KEY = re.compile(r"\b(?:article|prompt|answer|offer|guess|procedure|menu|intro|sms):[a-z0-9_-]+")


@pytest.mark.parametrize(
    ("key", "name"),
    [
        ("article:your-results:1", "Getting your results, part 1"),
        ("article:your-results", "Getting your results"),
        ("intro:your-results", "Getting your results, its introduction"),
        (
            "offer:your-results:2",
            "Getting your results, offered on key 2 when the line is not sure",
        ),
        ("menu:main", "Menu words: Main menu"),
        ("prompt:after_article", "Prompt: after article"),
        ("sms:help", "Text message: help"),
        ("answer:breastfeeding", "Short answer: I am breastfeeding. What should I do?"),
        (
            "guess:breastfeeding",
            "Short answer: I am breastfeeding. What should I do? (named when the line is not sure)",
        ),
        (
            "guess:your-results:1",
            "Getting your results, part 1 (named when the line is not sure)",
        ),
    ],
)
def test_an_item_is_named_by_its_topic_part_menu_or_question(key, name):
    assert item_name(key, library()) == name
    assert item_name(ItemKey.parse(key), library()) == name


def test_without_its_library_an_item_is_named_by_its_id_in_words():
    assert item_name("article:gone-topic:3") == "Gone topic, part 3"
    assert item_name("menu:scans_more") == "Menu words: scans more"
    assert item_name("not:a:key:at:all") == "not a key at all"


def test_no_item_of_any_language_is_named_by_its_key():
    for lang, found in libraries().items():
        items = spoken_items([found]).values()
        kinds = {ItemKey.parse(i.key).kind for i in items}
        assert ItemKind.ARTICLE in kinds and ItemKind.MENU in kinds, lang
        for item in items:
            name = item_name(item.key, found)
            assert name and not KEY.search(name), (lang, item.key, name)
            assert name != item.key
