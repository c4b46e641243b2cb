"""Taking out of a comment anything that looks like a phone number, an email address or an
NHS number, before it is kept: whatever the person was warned, some will type them. Patients'
comments (app.feedback) and the unanswered questions a department keeps (app.ask.kept) are
scrubbed by this one function.

What is searched is a normalised copy: NFKC (full-width and other compatible forms), every
script's digits as 0-9, invisible characters dropped, a letter O touching a digit read as 0.
Spelled-out digits ("oh seven seven double oh ...") and "at"/"dot" addresses are matched in
it too. Each match maps back to the characters the person typed, and only those are taken
out: the rest of the comment is kept exactly as written."""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import Leniency

REMOVED = "[removed]"
LONGEST = 2000

_SPELLED = {"zero": "0", "oh": "0", "o": "0", "nought": "0", "nil": "0", "one": "1",
            "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
            "eight": "8", "nine": "9"}  # fmt: skip
_TIMES = {"double": 2, "triple": 3}
_WORD = "|".join(sorted([*_SPELLED, *_TIMES], key=len, reverse=True))
# A digit, or a digit's word standing alone (not inside another word).
_TOKEN = rf"(?:\d|(?<![^\W\d_])(?:{_WORD})(?![^\W\d_]))"
# Digits joined by up to 3 of anything but a letter, a digit or a colon (9:30-11:15 is a
# time): spaces, / _ - . brackets. A run of 7 or more could be any number that names
# someone (a phone, NHS or hospital number, a date of birth), so all such runs go.
_RUN = re.compile(rf"{_TOKEN}(?:(?:[^\w:]|_){{0,3}}{_TOKEN})*", re.I)
LONG_RUN = 7
# NHS numbers: 10 digits in groups, with wider gaps allowed, as the check digit guards them.
_GROUPS = re.compile(r"\d+(?:(?:[^\w:]|_){1,12}\d+)*")

# Email addresses: @ or a bracketed "at", dots spaced or not; or a bare " at " with dots
# unspaced or said, before a domain that ends in letters ("arrived at 9.30" and "I was at
# home. Then" are kept).
_SAID_DOT = r"\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s+dot\s+"
_DOT = rf"(?:\s*\.\s*|{_SAID_DOT})"
_TIGHT_DOT = rf"(?:\.|{_SAID_DOT})"
# Parts no longer than an address's may be (64 letters), starting at a word's start, and
# at most 10 of them each side: a long word or "a.a.a..." is not tried from every letter.
_PART = r"(?<![\w+'%-])[\w+'%-]{1,64}"
_LABEL = r"[\w-]{1,63}"
_EMAIL = re.compile(
    rf"{_PART}(?:{_DOT}{_PART}){{0,9}}\s*(?:@|[(\[{{<]\s*at\s*[)\]}}>])\s*"
    rf"{_LABEL}(?:{_DOT}{_LABEL}){{1,9}}",
    re.I,
)
_EMAIL_WORDS = re.compile(
    rf"{_PART}(?:{_TIGHT_DOT}{_PART}){{0,9}}\s+at\s+{_LABEL}(?:{_TIGHT_DOT}{_LABEL}){{0,8}}"
    rf"{_TIGHT_DOT}[a-z]{{2,}}(?![\w-])",
    re.I,
)


def nhs_number(digits: str) -> bool:
    """Whether ten digits pass the NHS number's modulus 11 check."""
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        return False
    total = sum(int(d) * (10 - i) for i, d in enumerate(digits[:9]))
    check = 11 - total % 11
    return check != 10 and check % 11 == int(digits[9])


def _normalised(text: str) -> tuple[str, list[int]]:
    """The copy that is searched, and for each of its characters the one typed."""
    chars: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if unicodedata.category(c) == "Cf":
                continue  # zero-width spaces and joiners, soft hyphens
            digit = unicodedata.decimal(c, None)
            chars.append(str(digit) if digit is not None else c)
            origin.append(i)
    view = "".join(chars)
    return re.sub(r"(?<=\d)[oO]+|[oO]+(?=\d)", lambda m: "0" * len(m.group()), view), origin


def _spelled(run: str) -> str:
    """The digits a run says: "oh seven double oh" is 0700."""
    out, times = [], 1
    for token in re.findall(_TOKEN, run, re.I):
        token = token.lower()
        if token in _TIMES:
            times = _TIMES[token]
            continue
        out.append(_SPELLED.get(token, token) * times)
        times = 1
    return "".join(out)


def _nhs_numbers(offset: int, groups: list[re.Match[str]]) -> list[tuple[int, int]]:
    """Spans of whole groups of digits that together make a valid NHS number."""
    spans = []
    for a, first in enumerate(groups):
        digits = ""
        for last in groups[a:]:
            digits += last.group()
            if len(digits) >= 10:
                if nhs_number(digits):
                    spans.append((offset + first.start(), offset + last.end()))
                break
    return spans


def _found(view: str) -> list[tuple[int, int]]:
    """Spans of the searched copy to take out."""
    spans = [m.span() for m in (*_EMAIL.finditer(view), *_EMAIL_WORDS.finditer(view))]
    spaced = re.sub(r"[/\\_]", " ", view)  # separators libphonenumber does not expect
    matcher = phonenumbers.PhoneNumberMatcher(spaced, "GB", leniency=Leniency.POSSIBLE)
    # POSSIBLE takes numbers of any shape libphonenumber knows, but also 4-digit local ones
    # such as the time 11.45: only those with enough digits to name someone go.
    phones = [m for m in matcher if sum(c.isdigit() for c in m.raw_string) >= LONG_RUN]
    spans += [(m.start, m.end) for m in phones]
    spans += [m.span() for m in _RUN.finditer(view) if len(_spelled(m.group())) >= LONG_RUN]
    for cluster in _GROUPS.finditer(view):
        spans += _nhs_numbers(cluster.start(), list(re.finditer(r"\d+", cluster.group())))
    return spans


def scrub(text: str) -> str:
    """The comment without personal numbers or addresses, and not too long to read."""
    text = " ".join(text.replace("\x00", "").split())[:LONGEST]
    view, origin = _normalised(text)
    cuts: list[list[int]] = []
    for start, end in sorted(_found(view)):
        begin, stop = origin[start], origin[end - 1] + 1
        if cuts and begin <= cuts[-1][1]:
            cuts[-1][1] = max(cuts[-1][1], stop)
        else:
            cuts.append([begin, stop])
    for begin, stop in reversed(cuts):
        text = text[:begin] + REMOVED + text[stop:]
    return text
