"""The keys of a phone's keypad and the words callers may say for them.

The same keys mean the same thing everywhere (ISO/IEC 13714 style: star goes back, zero
is help); flow.py says what each does in each place of a call."""

from __future__ import annotations

from collections.abc import Mapping

from app.content.model import Library

BACK, REPEAT, MAIN_MENU, HELP, SLOWER, LANGUAGE = "*", "7", "9", "0", "8", "#"
PART_BACK, PART_FORWARD = "4", "6"
TEXT_LINK = PERSON = CALL_BACK = "1"  # CALL_BACK: offered a call back, yes please
HELPFUL, UNHELPFUL = "2", "3"  # after a topic: was it helpful? (counts only)
MORE, ASK = "2", "3"  # after an answer: more about it; ask another question
# When not sure of an answer: the best answer named (if near enough), then the closest topics.
OFFERS = ("1", "2")
KEYPAD = tuple("123456789*0#")
# English words for the keys that work everywhere, when a language has none of its own.
GLOBAL_WORDS: Mapping[str, tuple[str, ...]] = {
    BACK: ("back", "go back", "previous", "return"),
    REPEAT: ("repeat", "again", "say that again", "pardon"),
    MAIN_MENU: ("main menu", "menu", "start again", "beginning"),
    HELP: ("help", "operator", "options"),
}
# The prompt that lists each language's own words for a key (comma-separated).
WORDS_PROMPTS = {
    BACK: "words_back",
    REPEAT: "words_repeat",
    MAIN_MENU: "words_main_menu",
    HELP: "words_help",
    SLOWER: "words_slower",
    LANGUAGE: "words_language",
    TEXT_LINK: "words_text",
}
# Asking another question, and more about an answer, where a place offers them (their keys
# are also "not helpful" and "helpful" after a topic).
ASK_WORDS, MORE_WORDS = "words_ask", "words_more"
DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def global_words(library: Library) -> dict[str, tuple[str, ...]]:
    """The words for the keys that work everywhere, in the library's language."""
    return {key: library.words(WORDS_PROMPTS[key]) for key in (BACK, REPEAT, MAIN_MENU, HELP,
                                                                SLOWER, LANGUAGE)}  # fmt: skip
