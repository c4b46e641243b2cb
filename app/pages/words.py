"""A public page's own words, in its reader's language: the `page_*` prompts (headings,
buttons, the footer), and dates as that language writes them."""

from __future__ import annotations

import datetime as dt

from app.content.languages import written_date
from app.content.model import Library


class Words:
    """`say("page_listen")` in a template: the prompt in the page's language. A prompt the
    translation lacks (`flask content check` refuses that) falls back to English, so a page
    never fails for want of a word."""

    def __init__(self, library: Library, english: Library) -> None:
        self.library, self._english = library, english

    def __call__(self, name: str, **values: object) -> str:
        found = self.library if name in self.library.prompts else self._english
        return found.prompts[name].format(**values)

    def date(self, day: dt.date) -> str:
        """The day as the language writes it in a sentence: 4 December 2026, 4 grudnia 2026."""
        return written_date(day, self.library.lang)
