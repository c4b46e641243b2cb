"""The name of each thing the line says, as a value: `ItemKey`, one format in one place.

    prompt:welcome            a prompt, by its name in prompts.yaml
    menu:main                 a menu, read with its options
    intro:your-results        a topic's title and how to stop it, before its first part
    article:your-results:2    a part of a topic (from 1)
    article:your-results      a whole topic (a check's finding about it)
    sms:help                  a text message (a check's finding about it)
    answer:eating-before      a short answer to a question (app.content.answers)
    offer:your-results:2      a topic offered by name on key 2 when the line is not sure
    guess:bone-scan:2         a part named as a choice when the line is not sure of it
    guess:eating-before       a short answer named so

Keys travel as text (the manifest, recordings, the audio files' ids): `str(key)` writes one
and `ItemKey.parse(text)` reads one back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ItemKind(StrEnum):
    PROMPT = "prompt"
    MENU = "menu"
    INTRO = "intro"
    ARTICLE = "article"
    SMS = "sms"
    ANSWER = "answer"
    OFFER = "offer"
    GUESS = "guess"


# The kinds whose key has a number after the name: a topic's part, an offer's key, a named
# part (a named short answer has none).
_NUMBERED = (ItemKind.ARTICLE, ItemKind.OFFER, ItemKind.GUESS)


# The content file each kind's words come from, when it is not the topic's own.
_FILES = {ItemKind.PROMPT: "prompts", ItemKind.MENU: "menus", ItemKind.SMS: "prompts"}


@dataclass(frozen=True)
class ItemKey:
    kind: ItemKind
    name: str
    part: int | None = None  # a topic's part, from 1; an offer's key

    def __str__(self) -> str:
        return f"{self.kind}:{self.name}" + ("" if self.part is None else f":{self.part}")

    @classmethod
    def parse(cls, text: str) -> ItemKey:
        """The key `text` writes (ValueError if it is not one)."""
        kind, _, rest = text.partition(":")
        name, colon, part = rest.partition(":")
        try:
            found = ItemKind(kind)
        except ValueError:
            raise ValueError(f"not an item key: {text!r}") from None
        if not name or (colon and not (found in _NUMBERED and part.isdigit())):
            raise ValueError(f"not an item key: {text!r}")
        return cls(found, name, int(part) if colon else None)

    @classmethod
    def prompt(cls, name: str) -> ItemKey:
        return cls(ItemKind.PROMPT, name)

    @classmethod
    def menu(cls, menu_id: str) -> ItemKey:
        return cls(ItemKind.MENU, menu_id)

    @classmethod
    def intro(cls, topic: str) -> ItemKey:
        return cls(ItemKind.INTRO, topic)

    @classmethod
    def article(cls, topic: str, part: int | None = None) -> ItemKey:
        return cls(ItemKind.ARTICLE, topic, part)

    @classmethod
    def sms(cls, name: str) -> ItemKey:
        return cls(ItemKind.SMS, name)

    @classmethod
    def answer(cls, answer_id: str) -> ItemKey:
        return cls(ItemKind.ANSWER, answer_id)

    @classmethod
    def offer(cls, topic: str, key: int) -> ItemKey:
        return cls(ItemKind.OFFER, topic, key)

    @classmethod
    def guess(cls, name: str, part: int | None = None) -> ItemKey:
        """A topic's part (`name` its id, `part` from 1) or a short answer (its id, no part),
        named as a choice when the line is not sure of it."""
        return cls(ItemKind.GUESS, name, part)

    @property
    def document(self) -> str:
        """The content file the words come from, by the editor's name for it: the topic's
        id for its parts, intro and offers, the answer's id, else menus or prompts."""
        return _FILES.get(self.kind, self.name)
