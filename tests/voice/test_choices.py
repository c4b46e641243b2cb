from __future__ import annotations

import pytest

from app.content.choices import choose
from app.content.keys import BACK, HELP, MAIN_MENU, REPEAT

OPTIONS = {"1": ("nuclear medicine",), "3": ("scan", "going for a scan"), "4": ("results",)}


@pytest.mark.parametrize(
    "digits,speech,expected",
    [
        ("4", "", "4"),
        ("4#", "", "4"),
        ("*", "", BACK),
        ("6", "", None),
        ("", "results please", "4"),
        ("", "RESULTS", "4"),
        ("", "I'm going for a scan tomorrow", "3"),
        ("", "number four", "4"),
        ("", "4", "4"),
        ("", "what is nuclear medicine", "1"),
        ("", "go back", BACK),
        ("", "say that again", REPEAT),
        ("", "main menu", MAIN_MENU),
        ("", "help", HELP),
        ("", "", None),
        ("", "scanner", None),
        ("", "banana", None),
    ],
)
def test_a_key_or_the_words_said_choose_the_option(digits, speech, expected):
    assert choose(digits, speech, OPTIONS) == expected


def test_a_key_press_wins_over_words():
    assert choose("1", "results", OPTIONS) == "1"


@pytest.mark.parametrize(
    "said", ["zdjecie kosci", "ZDJĘCIE KOŚCI", "Zdjęcie kości.", "zdjecie kości"]
)
def test_words_typed_or_heard_without_their_accents_still_choose(said):
    options = {"1": ("zdjęcie kości",), "2": ("płuca", "pluca"), "3": ("kości",)}
    assert choose("", said, options) == "1"
    assert choose("", "Płuca", {"2": ("pluca",)}) == "2"
