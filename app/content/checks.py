"""Content checks: words written for the ear, texts that fit, reviews on time. Pure."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from app.content.answers import ShortAnswer
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.links import article_link, unsafe_links
from app.content.model import Article, Library
from app.content.prompt_names import PAGE_PROMPTS, untranslated
from app.content.reviews import review
from app.content.safety import EMERGENCY_PROMPTS, clashes, emergency
from app.content.spoken import menu_text
from app.content.wording import (
    GSM7_BASIC,
    GSM7_EXTENDED,
    MOST_SEGMENTS,
    gsm7,
    help_text,
    segments,
    sms_scans,
    sms_topics,
)
from app.content.wording import menu_text as sms_menu_text
from app.content.wording import topic_text as sms_topic_text

# NHS content guide: reading age 9 to 11; sentences short enough to follow by ear.
READING_AGE_WARNING = 11
READING_AGE_ERROR = 14
SENTENCE_WARNING = 20
SENTENCE_ERROR = 30
SMS_SEGMENTS_WARNING = 1
SMS_SEGMENTS_ERROR = MOST_SEGMENTS

# Longest first, so "click here" is reported rather than "click".
_PHONE_PHRASES = ("the link below", "click here", "see below", "see above", "scroll", "click",
                  "below", "tap")  # fmt: skip
_PHRASE = re.compile(r"\b(" + "|".join(re.escape(p) for p in _PHONE_PHRASES) + r")\b", re.I)
_URL = re.compile(
    r"\bhttps?:\S*|\bwww\.\S*|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:uk|com|org|net|info)\b\S*", re.I
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)])\s+")
_WORD = re.compile(r"\w+(?:['’-]\w+)*")
# Markdown and HTML marks: the page shows them as formatting, the phone would read them.
_MARKS = re.compile(r"[*_#`<>|\[\]]")


@dataclass(frozen=True)
class Finding:
    level: str  # "error" or "warning"
    lang: str
    item: str  # an ItemKey as text: "article:your-results", "prompt:welcome", "menu:main"
    check: str  # e.g. "reading-age", "long-sentence", "sms-segments"
    message: str  # plain English for whoever edits the content


def reading_age(text: str) -> float:
    """UK reading age in years: the Flesch-Kincaid grade plus five."""
    # Imported here, not with the module: a fifth of a second that every process paid at
    # start-up (the web's, the workers', `flask audio sync`) and only the checks need.
    with warnings.catch_warnings():
        # textstat 0.7.4 imports pkg_resources, which newer setuptools warns about on import.
        warnings.simplefilter("ignore", DeprecationWarning)
        import textstat

    return float(textstat.flesch_kincaid_grade(text)) + 5


def sentences(text: str) -> list[str]:
    """The text split into sentences at ., ? or ! followed by a space."""
    return [s for s in _SENTENCE_END.split(" ".join(text.split())) if s]


def _words(sentence: str) -> int:
    return len(_WORD.findall(sentence))


# Each check yields (level, check, message); _all adds the language and the item.
_Result = Iterator[tuple[str, str, str]]


def _marks(text: str) -> _Result:
    """Marks a web page shows as formatting, that a caller would hear read out."""
    found = sorted(set(_MARKS.findall(text)))
    if found:
        yield (
            "error",
            "marks",
            f"Callers would hear these marks read out, or lose the words around them: "
            f"{' '.join(found)}. Write it in words instead.",
        )


def _spoken(text: str) -> _Result:
    """Checks for words a caller hears: sentence length, phrases and web addresses."""
    yield from _marks(text)
    for sentence in sentences(text):
        count = _words(sentence)
        if count > SENTENCE_WARNING:
            level = "error" if count > SENTENCE_ERROR else "warning"
            yield (
                level,
                "long-sentence",
                (
                    f"A sentence has {count} words; by ear, keep sentences to "
                    f'{SENTENCE_WARNING} words or fewer: "{sentence}"'
                ),
            )
        for url in dict.fromkeys(m.group(0).rstrip(".,;:!?)") for m in _URL.finditer(sentence)):
            yield (
                "error",
                "raw-url",
                (
                    f'Callers would hear the web address "{url}" read out. Say where to find it, '
                    f'or offer a text message instead: "{sentence}"'
                ),
            )
        for phrase in dict.fromkeys(m.group(0).lower() for m in _PHRASE.finditer(sentence)):
            yield (
                "error",
                "phone-phrase",
                (f'"{phrase}" makes no sense to someone listening on the phone: "{sentence}"'),
            )


def _reading_age(article: Article) -> _Result:
    age = reading_age(" ".join(article.paragraphs))
    if age > READING_AGE_WARNING:
        level = "error" if age > READING_AGE_ERROR else "warning"
        yield (
            level,
            "reading-age",
            (
                f"Reading age is about {age:.0f} years; aim for 9 to {READING_AGE_WARNING}. "
                "Use shorter sentences and everyday words."
            ),
        )


def _characters(text: str, what: str) -> _Result:
    bad = dict.fromkeys(c for c in text if c not in GSM7_BASIC and c not in GSM7_EXTENDED)
    if bad:
        names = ", ".join(f"{c} ({unicodedata.name(c, 'unknown').lower()})" for c in bad)
        yield (
            "error",
            "sms-characters",
            (
                f"{what} has characters a plain text message cannot carry: {names}. "
                "They would be changed or left out. Use plain ' \" and - instead."
            ),
        )


def _segments(text: str, what: str, warn: bool = True) -> _Result:
    parts = segments(text)
    if parts > SMS_SEGMENTS_ERROR or (warn and parts > SMS_SEGMENTS_WARNING):
        level = "error" if parts > SMS_SEGMENTS_ERROR else "warning"
        yield (
            level,
            "sms-segments",
            (
                f"{what} is {len(text)} characters, so it is sent as {parts} texts joined "
                f"together; one text holds 160 characters, and we never send more than "
                f"{SMS_SEGMENTS_ERROR}."
            ),
        )


def _article(article: Article, lang: str, base_url: str, today: dt.date) -> _Result:
    yield from _spoken(article.spoken)
    yield from (("error", "link-address", message) for message in unsafe_links(article.links))
    if lang == DEFAULT_LANGUAGE:  # textstat's formula is for English only
        yield from _reading_age(article)
    yield from _characters(article.sms_summary, "The text summary (sms_summary)")
    text = sms_topic_text(article, article_link(base_url, article.id, lang))
    yield from _segments(text, "The text message with its link")
    yield from review(article.review_due, today)


def _answer(library: Library, answer: ShortAnswer, base_url: str, today: dt.date) -> _Result:
    """A short answer: heard (spoken words), and texted with its page's link in two texts."""
    link = article_link(base_url, answer.more, library.lang)
    text = gsm7(library.prompt("sms_answer", answer=answer.answer, link=link))
    yield from _spoken(answer.answer)
    yield from _segments(text, "The text message with the answer and its link", warn=False)
    yield from review(answer.words.review_due, today)


def _items(
    library: Library, base_url: str, today: dt.date, document: str | None
) -> Iterator[tuple[ItemKey, _Result]]:
    for article in library.articles.values():
        if document in (None, article.id):
            yield ItemKey.article(article.id), _article(article, library.lang, base_url, today)
    for answer in library.answers.values():
        if document in (None, answer.id):
            yield ItemKey.answer(answer.id), _answer(library, answer, base_url, today)
    for menu in library.menus.values() if document in (None, "menus") else ():
        yield ItemKey.menu(menu.id), _spoken(menu_text(library, menu))
        yield ItemKey.menu(menu.id), clashes(menu)
    if document not in (None, "prompts"):
        return
    for name, text in ((n, t) for n, t in library.prompts.items() if not n.startswith("words_")):
        sms = name.startswith("sms_")
        checked = _characters(text, "This text message") if sms else _spoken(text)
        if name.startswith(PAGE_PROMPTS):  # read on a page, never heard: it may say "below"
            checked = (r for r in checked if r[1] not in ("raw-url", "phone-phrase"))
        yield ItemKey.prompt(name), checked
        if name in EMERGENCY_PROMPTS:
            yield ItemKey.prompt(name), emergency(text, name)
    # Replies built from several parts: only the hard limit, as a list of topics needs two.
    if {"sms_menu", "sms_menu_end"} <= library.prompts.keys():
        listing = sms_menu_text(library, sms_topics(library), sms_scans(library))
        yield ItemKey.sms("menu"), _segments(listing, "The list of topics by text", warn=False)
    if {"sms_help", "sms_privacy"} <= library.prompts.keys():
        helping = help_text(library, base_url)
        yield ItemKey.sms("help"), _segments(helping, "The help text", warn=False)


def _order(finding: Finding) -> tuple[bool, str, str, str]:
    return (finding.level != "error", finding.lang, finding.item, finding.check)


def check_library(
    library: Library, base_url: str, today: dt.date, document: str | None = None
) -> list[Finding]:
    """Every finding for one language, errors first; or only those about one `document` (a
    topic's id, menus or prompts): checking one costs the same however many there are."""
    found = (
        Finding(level, library.lang, str(item), check, message)
        for item, results in _items(library, base_url.rstrip("/"), today, document)
        for level, check, message in results
    )
    return sorted(found, key=_order)


def check_libraries(libraries: Iterable[Library], base_url: str, today: dt.date) -> list[Finding]:
    """Every finding for every language, errors first; a prompt a translation lacks too."""
    libraries = list(libraries)
    found = [f for library in libraries for f in check_library(library, base_url, today)]
    found += (Finding("error", lang, item, "untranslated", message)
              for lang, item, message in untranslated(libraries))  # fmt: skip
    return sorted(found, key=_order)
