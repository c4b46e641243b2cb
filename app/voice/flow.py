"""The call flow in one table: in each place of a call, what each key does.

moves.py acts on it, the README's key table is printed from it (`flask --app app voice
keys`), and the tests walk it. A key a place does not list gets "Sorry" and that place
again (in help: back to where the caller was)."""

from __future__ import annotations

from enum import StrEnum

from app.content.keys import (
    ASK,
    BACK,
    CALL_BACK,
    HELP,
    HELPFUL,
    LANGUAGE,
    MAIN_MENU,
    MORE,
    OFFERS,
    PART_BACK,
    PART_FORWARD,
    PERSON,
    REPEAT,
    SLOWER,
    TEXT_LINK,
    UNHELPFUL,
)
from app.content.languages import MENU_KEYS
from app.content.model import TOPIC_KEYS


class Place(StrEnum):
    MENU = "a menu"
    PART = "while a topic plays"
    AFTER = "after a topic"
    HELP = "help"
    LANGUAGES = "the language menu"
    ASKING = "asked to ask"
    ANSWER = "after an answer"
    UNSURE = "when not sure"
    CALLBACK = "offered a call back"


class Do(StrEnum):
    TOPIC = "that topic or menu"
    TEXT_LINK = "a text with the link"
    PART_BACK = "back a part"
    PART_FORWARD = "forward a part"
    LAST_PART = "the last part again"
    REPEAT = "hear it again"
    FROM_START = "the topic from the start"
    UP = "back one step"
    MAIN = "main menu"
    HELP = "help"
    SLOWER = "slower speech from now on"
    LANGUAGES = "another language"
    PERSON = "talk to someone (when open)"
    RETURN = "back to where you were"
    LANGUAGE = "that language"
    HELPFUL = "it helped (counted)"
    UNHELPFUL = "it did not help (counted)"
    MORE = "more: the topic, from the answer's part"
    ASK = "ask a question"
    OFFERED = "that closest topic"
    CALL_BACK = "ask for a call back"


# The keys that do the same in every place.
EVERYWHERE = {MAIN_MENU: Do.MAIN, HELP: Do.HELP, SLOWER: Do.SLOWER, LANGUAGE: Do.LANGUAGES}

FLOW: dict[Place, dict[str, Do]] = {
    Place.MENU: {
        **dict.fromkeys(TOPIC_KEYS, Do.TOPIC),
        REPEAT: Do.REPEAT,
        BACK: Do.UP,
        **EVERYWHERE,
    },
    Place.PART: {
        TEXT_LINK: Do.TEXT_LINK,
        PART_BACK: Do.PART_BACK,
        PART_FORWARD: Do.PART_FORWARD,
        REPEAT: Do.REPEAT,
        BACK: Do.UP,
        **EVERYWHERE,
    },
    Place.AFTER: {
        TEXT_LINK: Do.TEXT_LINK,
        HELPFUL: Do.HELPFUL,
        UNHELPFUL: Do.UNHELPFUL,
        PART_BACK: Do.LAST_PART,
        REPEAT: Do.FROM_START,
        BACK: Do.UP,
        **EVERYWHERE,
    },
    Place.HELP: {
        PERSON: Do.PERSON,
        REPEAT: Do.RETURN,
        BACK: Do.RETURN,
        **EVERYWHERE,
    },
    Place.LANGUAGES: {
        **dict.fromkeys(MENU_KEYS, Do.LANGUAGE),
        REPEAT: Do.REPEAT,
        BACK: Do.MAIN,
        **EVERYWHERE,
    },
    Place.ASKING: {
        REPEAT: Do.REPEAT,
        BACK: Do.MAIN,
        **EVERYWHERE,
    },
    Place.ANSWER: {
        TEXT_LINK: Do.TEXT_LINK,
        MORE: Do.MORE,
        ASK: Do.ASK,
        REPEAT: Do.REPEAT,
        BACK: Do.MAIN,
        **EVERYWHERE,
    },
    Place.UNSURE: {
        **dict.fromkeys(OFFERS, Do.OFFERED),
        ASK: Do.ASK,
        REPEAT: Do.REPEAT,
        BACK: Do.MAIN,
        **EVERYWHERE,
    },
    # Out of hours, or after a transfer nobody answered (app.voice.callback).
    Place.CALLBACK: {
        CALL_BACK: Do.CALL_BACK,
        REPEAT: Do.REPEAT,
        BACK: Do.RETURN,
        **EVERYWHERE,
    },
}
# Where words that are not a key's are a question (app.ask): every place that listens but
# help and the language menu, whose words are few and their own.
QUESTIONS = frozenset({Place.MENU, Place.AFTER, Place.ASKING, Place.ANSWER, Place.UNSURE})

# Where the line listens for words as well as keys. While a topic plays it listens for keys
# only: a cough, a word to someone in the room or the television would stop the topic
# mid-sentence, and a caller who wants to speak waits a moment for the options after it.
LISTENS = {place: place is not Place.PART for place in Place}


def action(place: Place, key: str | None) -> Do | None:
    """What the key does here; None: not a key this place knows."""
    return FLOW[place].get(key) if key else None


def keys_table() -> str:
    """The key table as Markdown: a row per key, a column per place (for the README)."""
    places = list(Place)
    order = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "*", "#"]
    rows = [
        "| key | " + " | ".join(p.value for p in places) + " |",
        "| --- |" + " --- |" * len(places),
    ]
    for key in order:
        cells = [FLOW[p][key].value if key in FLOW[p] else "-" for p in places]
        shown = {"*": "star (\\*)", "#": "hash (#)"}.get(key, key)
        rows.append(f"| {shown} | " + " | ".join(cells) + " |")
    speech = ", ".join(p.value for p in places if LISTENS[p])
    asked = ", ".join(p.value for p in places if p in QUESTIONS)
    return (
        "\n".join(rows)
        + '\n\n-: a key the place does not use: "Sorry", and the same place again (in help:'
        + " back to where you were).\n"
        + f"Words as well as keys: {speech}. While a topic plays: keys only.\n"
        + f"A question in the caller's own words: {asked} (app.ask; urgent help first).\n"
    )
