"""Taking out of a comment anything that looks like a phone number, an email address or an
NHS number, before it is kept: whatever the person was warned, some will type them."""

from __future__ import annotations

import re

import phonenumbers

REMOVED = "[removed]"
_EMAIL = re.compile(r"[\w.+'-]+\s*(?:@|\(at\)|\[at\])\s*[\w-]+(?:\s*\.\s*[\w-]+)+", re.I)
# NHS numbers are 10 digits, often written 3 3 4; a run of 7 or more digits (spaces, dots
# or dashes between them) could be any number that names someone.
_DIGITS = re.compile(r"(?<!\w)\+?\d(?:[\s.\-()]*\d){6,}(?!\w)")
LONGEST = 2000


def scrub(text: str) -> str:
    """The comment without personal numbers or addresses, and not too long to read."""
    text = " ".join(text.replace("\x00", "").split())[:LONGEST]
    text = _EMAIL.sub(REMOVED, text)
    for match in reversed(list(phonenumbers.PhoneNumberMatcher(text, "GB"))):
        text = text[: match.start] + REMOVED + text[match.end :]
    return _DIGITS.sub(REMOVED, text)
