"""The words of text messages: GSM-7 only, one segment where possible, never more than two."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence

from app.content.links import privacy_link
from app.content.model import MAIN_MENU, Article, Library

GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = set("^{}\\[~]|€\f")  # each costs two characters
_REPLACE = {
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "–": "-", "—": "-", "―": "-", "‐": "-", "‑": "-", "−": "-",
    "…": "...", "•": "-", "ł": "l", "Ł": "L",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ",
}  # fmt: skip


def gsm7(text: str) -> str:
    """The text in GSM-7 characters only: typographic marks made plain, accents dropped
    where GSM-7 has no such letter, anything else left out."""
    out = []
    for ch in text:
        ch = _REPLACE.get(ch, ch)
        if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in ch):
            out.append(ch)
            continue
        plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode()
        out.append("".join(c for c in plain if c in GSM7_BASIC))
    return re.sub(r" {2,}", " ", "".join(out)).strip()


def is_gsm7(text: str) -> bool:
    return all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text)


def segments(text: str) -> int:
    """How many SMS segments the text takes (GSM-7: 160, or 153 each when split;
    otherwise UCS-2: 70, or 67 each)."""
    if is_gsm7(text):
        length = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return 1 if length <= 160 else math.ceil(length / 153)
    units = len(text.encode("utf-16-le")) // 2
    return 1 if units <= 70 else math.ceil(units / 67)


def sms_topics(library: Library) -> list[Article]:
    """Every topic in the order texts number them: the main menu first, then the others.
    (The department's scans are asked for by name instead: sms_scans.)"""
    return sorted(
        (a for a in library.articles.values() if not a.is_procedure),
        key=lambda a: (a.menu != MAIN_MENU, a.menu, int(a.key)),
    )


def sms_scans(library: Library) -> list[Article]:
    """The department's scans, in its order on the phone's menus."""
    menus = list(library.menus)
    return sorted(
        (a for a in library.articles.values() if a.is_procedure),
        key=lambda a: (menus.index(a.menu), int(a.key)),
    )


def topic_text(article: Article, link: str) -> str:
    return gsm7(f"{article.sms_summary} {link}")


# A reply is never more than this many texts joined together.
MOST_SEGMENTS = 2


def menu_text(library: Library, topics: Sequence[Article], scans: Sequence[Article] = ()) -> str:
    """The list of topics by number; with scans, how to ask for one by its name, when that
    still fits in two texts (a scan's name works whether or not the list says so)."""
    listing = " ".join(f"{n} {a.title.rstrip('?.')}." for n, a in enumerate(topics, start=1))
    start, end = library.prompt("sms_menu"), library.prompt("sms_menu_end")
    plain = gsm7(f"{start} {listing} {end}")
    if not scans or not scans[0].keywords:
        return plain
    named = library.prompt("sms_menu_scans", example=scans[0].keywords[0])
    longer = gsm7(f"{start} {listing} {named} {end}")
    return longer if segments(longer) <= MOST_SEGMENTS else plain


def help_text(library: Library, base_url: str) -> str:
    """Help by text: what the line is, where urgent help is, and the privacy notice."""
    privacy = library.prompt("sms_privacy", link=privacy_link(base_url))
    return gsm7(f"{library.prompt('sms_help')} {privacy}")
