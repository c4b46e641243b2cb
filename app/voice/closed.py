"""What a caller who asks for a person hears when the department is closed: the day it opens
again when it is closed for a closure its staff set ("closed until Monday 29 December"),
otherwise its opening hours. Pure."""

from __future__ import annotations

import datetime as dt

from app.audio.speaker import Utterance
from app.content.languages import language_tag
from app.content.model import Library
from app.voice.call import Department


def closed_words(library: Library, department: Department) -> Utterance:
    if department.reopens is not None:
        said = library.prompt("person_closed_until", date=until(library, department.reopens))
    else:
        said = library.prompt("person_closed", hours=department.hours.describe(library.prompts))
    return Utterance(said, language=language_tag(library.lang))


def until(library: Library, day: dt.date) -> str:
    """The weekday as the hours name it (after "until": Monday, ddydd Llun, poniedziałku) and
    the day and month as the language writes them (CLDR, through Babel: 29 grudnia)."""
    from babel.dates import format_date  # only when the department is closed for a while

    weekday = [d.strip() for d in library.prompts["days"].split(",")][day.weekday()]
    locale = language_tag(library.lang).replace("-", "_")
    return f"{weekday} {format_date(day, format='d MMMM', locale=locale)}"
