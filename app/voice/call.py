"""One call's state and what a step of the call needs from the line.

What a call has chosen (its language, slower speech) travels in every URL, so any web
instance can answer any request of any call."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from app.audio.speaker import Utterance
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import Article, Library
from app.core.hours import Hours


@dataclass(frozen=True)
class Call:
    lang: str = DEFAULT_LANGUAGE
    slow: bool = False

    def args(self) -> dict[str, str]:
        """The call's choices as URL query arguments (none when they are the defaults)."""
        return {
            **({"lang": self.lang} if self.lang != DEFAULT_LANGUAGE else {}),
            **({"slow": "1"} if self.slow else {}),
        }

    @classmethod
    def from_args(cls, args: Mapping[str, str], languages: Mapping[str, object]) -> Call:
        lang = args.get("lang", DEFAULT_LANGUAGE)
        return cls(lang if lang in languages else DEFAULT_LANGUAGE, args.get("slow") == "1")


@dataclass(frozen=True)
class Department:
    """The department's number and hours, and whether it is open now; the day it opens again
    when it is closed today for a closure its staff set."""

    phone: str
    hours: Hours
    open_now: bool
    reopens: dt.date | None = None


@dataclass(frozen=True)
class Line:
    """What the steps of a call need, resolved by the view: the content, how to say an
    item (audio or words), how to write a URL, and the effects a step may have."""

    libraries: Mapping[str, Library]
    say: Callable[[ItemKey, Call], Utterance]
    url: Callable[..., str]  # url(endpoint, call, **values)
    count: Callable[..., None]  # count(*names): never waits on Redis
    text_link: Callable[[Article, Call], Utterance]
    find_department: Callable[[], Department | None] = lambda: None
    # A question the line could not answer: its words, kept if the department keeps them
    # (app.ask.kept: scrubbed, queued, never waited for); keep(words, lang).
    keep: Callable[[str, str], object] = lambda words, lang: None

    @functools.cached_property
    def department(self) -> Department | None:
        """The department, looked up only by the steps that offer it (help)."""
        return self.find_department()

    def library(self, call: Call) -> Library:
        return self.libraries[call.lang]

    def prompt(self, name: str, call: Call) -> Utterance:
        """A prompt, by its name in prompts.yaml."""
        return self.say(ItemKey.prompt(name), call)
