"""Which source each caller hears now for an item: a recording, the synthetic voice's file
(TTS), or Twilio's <Say> while its audio is made, at normal speed and slower."""

from __future__ import annotations

from dataclasses import dataclass

from app.audio.items import item_id
from app.audio.speaker import Speaker


@dataclass(frozen=True)
class Heard:
    speed: str  # normal, slower
    source: str  # recording, tts, say
    url: str | None


def heard_now(speaker: Speaker, lang: str, key: str) -> list[Heard]:
    items = speaker.items()
    found = []
    for slow in (False, True):
        item = items.get(item_id(key, lang, slow))
        if item is None:
            continue
        url = speaker.say(key, lang, slow).url
        source = "say" if url is None else ("recording" if item.recording else "tts")
        found.append(Heard("slower" if slow else "normal", source, url))
    return found


def label(source: str) -> str:
    """What callers hear, in staff's words."""
    return {"recording": "a person's recording", "tts": "a synthetic voice",
            "say": "the phone service's synthetic voice, while its audio is made"
            }.get(source, source)  # fmt: skip


@dataclass(frozen=True)
class OutOfDate:
    """A published recording whose item's words have changed since: to record again."""

    lang: str
    key: str
    by: str


def out_of_date(speaker: Speaker) -> list[OutOfDate]:
    items = speaker.items()
    found = []
    for lang, library in speaker.libraries.items():
        for key, recorded in library.recordings.items():
            item = items.get(item_id(key, lang))
            if item is None or item.recording is None:
                found.append(OutOfDate(lang, key, recorded.by))
    return sorted(found, key=lambda o: (o.lang, o.key))
