"""Texting the name of a scan: the link to its page in the sender's language; a scan
switched off is never sent, and the topic list by number never lists the scans."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask

from app.content.languages import Language
from app.content.links import article_link
from app.content.model import Library
from app.content.wording import gsm7, sms_topics
from app.services import services
from tests.support.line import BASE_URL
from tests.support.numbers import MOBILE, OTHER_MOBILE
from tests.support.scan_files import english, translation, write_scan
from tests.support.texts import text

SCAN = "marrow-picture"
# The test's own names of the scan, by language: what a sender texts.
NAMES = {"en": "marrow picture", "cy": "llun mêr", "pl": "zdjęcie szpiku"}


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The shipped content, with a scan of the test's own switched on, in every language."""
    write_scan(content_dir, SCAN, english("Marrow picture", [NAMES["en"]]))
    for lang in ("cy", "pl"):
        write_scan(content_dir, SCAN, translation(NAMES[lang].capitalize(), [NAMES[lang]]), lang)
    return content_dir


def library(app: Flask, lang: str) -> Library:
    return services(app).speaker.libraries[lang]


def in_language(client, lang: str, sender: str = MOBILE) -> None:  # type: ignore[no-untyped-def]
    """Switch the sender's texts to `lang`, as a sender does: by texting its name."""
    if lang != "en":
        assert len(text(client, Language(lang).names[0], sender)) == 1


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_texting_a_scans_name_replies_with_its_page_in_the_senders_language(
    app: Flask, client, redis, lang: str
):
    in_language(client, lang)
    link = article_link(BASE_URL, SCAN, lang)
    for body in (NAMES[lang], NAMES[lang].upper(), f"I have a {NAMES[lang]} next week?"):
        [reply] = text(client, body)
        assert reply.endswith(link), (body, reply)
        assert reply.split()[0] == library(app, lang).articles[SCAN].sms_summary.split()[0]
    others = [article_link(BASE_URL, SCAN, other) for other in NAMES if other != lang]
    assert not any(reply.endswith(other) for other in others)


def test_the_topic_list_never_numbers_a_scan(app: Flask, client, redis):
    [listing] = text(client, "MENU")
    scan = library(app, "en").articles[SCAN]
    count = len(sms_topics(library(app, "en")))
    assert f"{count} " in listing  # the last topic's number
    assert not any(f"{n} {scan.title}" in listing for n in range(1, count + 2))
    [after_last] = text(client, str(count + 1))  # one past the topics: the list again
    assert after_last == listing and "/articles/" not in after_last


NOT_SURE = ("sms_not_sure", "sms_maybe")  # the replies of a text the line is not sure of


def test_a_scan_switched_off_is_never_texted(app: Flask, client, redis):
    path = services(app).settings.content_dir / "procedures" / f"{SCAN}.yaml"
    [before] = text(client, NAMES["en"])
    assert before.endswith(article_link(BASE_URL, SCAN))
    path.write_text(path.read_text().replace("enabled: true", "enabled: false"))
    assert SCAN not in library(app, "en").articles  # the line has read the change
    for lang, sender in (("en", MOBILE), ("cy", OTHER_MOBILE)):
        in_language(client, lang, sender)
        [listing] = text(client, "MENU", sender)
        [reply] = text(client, NAMES[lang], sender)
        unsure = [gsm7(library(app, lang).prompts[p].split("{")[0]) for p in NOT_SURE]
        assert reply == listing or reply.startswith(tuple(unsure))
        # the topic list, or "not sure" and the closest topics (and another answer named)
        assert f"/articles/{SCAN}" not in reply and SCAN not in reply
