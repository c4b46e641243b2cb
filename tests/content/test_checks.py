from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from app import create_app
from app.content.checks import Finding, check_libraries, check_library, reading_age, sentences
from app.content.loader import load_libraries
from tests.support.articles import EASY, TODAY, findings_for, library_with, make_article
from tests.support.edits import edit
from tests.support.line import BASE_URL, CONTENT
from tests.support.shipped import library

HARD = (
    "Radiopharmaceutical administration necessitates comprehensive consideration of individual "
    "physiological characteristics. Contraindications require meticulous documentation "
    "preceding any diagnostic investigation."
)


def checks(found: list[Finding]) -> set[tuple[str, str]]:
    return {(f.level, f.check) for f in found}


def words(n: int) -> str:
    return " ".join(["word"] * n) + "."


def test_shipped_content_has_no_errors():
    found = check_libraries(load_libraries(CONTENT).values(), BASE_URL, TODAY)
    assert [f for f in found if f.level == "error"] == []


def test_plain_short_article_has_no_findings():
    assert findings_for(make_article()) == []


@pytest.mark.parametrize(
    "sentence,phrase",
    [
        ("To book, click here.", "click here"),
        ("Click the button to start.", "click"),
        ("The times are shown below.", "below"),
        ("Use the link below to book.", "the link below"),
        ("See above for the times.", "see above"),
        ("Scroll down to read more.", "scroll"),
        ("Tap the screen to start.", "tap"),
    ],
)
def test_words_for_a_screen_are_an_error_in_spoken_text(sentence, phrase):
    found = findings_for(make_article(f"{EASY} {sentence}"))
    assert checks(found) == {("error", "phone-phrase")}
    assert f'"{phrase}"' in found[0].message and sentence in found[0].message


def item_checks(found: list[Finding]) -> set[tuple[str, str, str]]:
    return {(f.level, f.item, f.check) for f in found}


def test_words_for_a_screen_in_a_prompt_or_menu_are_an_error():
    prompts = {**library().prompts, "welcome": "Hello. Click here for help."}
    found = check_library(library_with(make_article(), prompts=prompts), BASE_URL, TODAY)
    assert ("error", "prompt:welcome", "phone-phrase") in item_checks(found)
    main = dataclasses.replace(library().menus["main"], intro="Tap a key.")
    found = check_library(
        library_with(make_article(), menus={**library().menus, "main": main}), BASE_URL, TODAY
    )
    assert ("error", "menu:main", "phone-phrase") in item_checks(found)


def test_text_message_prompts_are_not_held_to_phone_rules():
    prompts = {**library().prompts, "sms_menu_end": "Tap a link below. Text HELP for help."}
    found = check_library(library_with(make_article(), prompts=prompts), BASE_URL, TODAY)
    assert [f for f in found if f.item == "prompt:sms_menu_end"] == []


@pytest.mark.parametrize(
    "sentence,address",
    [
        ("Go to https://example.com/scans for more.", "https://example.com/scans"),
        ("Visit www.nhs.uk for more.", "www.nhs.uk"),
        ("The poster is at bnms.org.uk today.", "bnms.org.uk"),
        ("Read it on example.com now.", "example.com"),
    ],
)
def test_a_web_address_read_aloud_is_an_error(sentence, address):
    found = findings_for(make_article(f"{EASY} {sentence}"))
    assert checks(found) == {("error", "raw-url")}
    assert f'"{address}"' in found[0].message


def test_a_web_address_in_the_title_is_an_error():
    found = findings_for(make_article(title="Scans at www.example.org"))
    assert ("error", "raw-url") in checks(found)


@pytest.mark.parametrize(
    "length,expected",
    [(20, set()), (22, {("warning", "long-sentence")}), (35, {("error", "long-sentence")})],
)
def test_long_sentences_are_hard_to_follow_by_ear(length, expected):
    found = findings_for(make_article(f"{EASY} {words(length)}"))
    assert {c for c in checks(found) if c[1] == "long-sentence"} == expected
    if expected:
        assert f"{length} words" in found[0].message


def test_sentences_split_at_full_stops_question_and_exclamation_marks():
    assert sentences("One two.  Three?\nFour! “Five.” Six") == [
        "One two.",
        "Three?",
        "Four!",
        "“Five.”",
        "Six",
    ]


def test_hard_words_raise_the_reading_age_and_over_14_is_an_error():
    assert reading_age(HARD) > 14 > 11 > reading_age(EASY)
    assert ("error", "reading-age") in checks(findings_for(make_article(HARD)))
    assert "reading-age" not in {f.check for f in findings_for(make_article(EASY))}


def test_reading_age_is_only_checked_in_english_but_the_rest_is_checked_in_every_language():
    found = findings_for(make_article(f"{HARD} Visit www.nhs.uk for more."), lang="cy")
    assert {f.check for f in found} == {"raw-url"}
    assert {f.lang for f in found} == {"cy"}


@pytest.mark.parametrize("char", ["’", "“", "—", "🙂"])
def test_characters_a_text_cannot_carry_are_an_error_naming_them(char):
    found = findings_for(make_article(sms_summary=f"Your scan {char}results{char} explained."))
    assert checks(found) == {("error", "sms-characters")}
    assert char in found[0].message


def test_characters_a_text_cannot_carry_in_a_text_prompt_are_an_error():
    prompts = {
        **library().prompts,
        "sms_help": "Call 999 or NHS 111 if it is urgent. Text MENU – or HELP.",
    }
    found = check_library(library_with(make_article(), prompts=prompts), BASE_URL, TODAY)
    assert [(f.level, f.item, f.check) for f in found] == [
        ("error", "prompt:sms_help", "sms-characters")
    ]


@pytest.mark.parametrize(
    "length,expected",
    [(60, set()), (200, {("warning", "sms-segments")}), (330, {("error", "sms-segments")})],
)
def test_a_long_text_summary_costs_more_segments(length, expected):
    summary = ("Plain words. " * 40)[:length].strip()
    assert checks(findings_for(make_article(sms_summary=summary))) == expected


@pytest.mark.parametrize(
    "due,expected,words",
    [
        (dt.date(2026, 3, 3), ("error", "review-overdue"), "passed on 3 March 2026"),
        (TODAY + dt.timedelta(days=10), ("warning", "review-soon"), "in 10 day(s)"),
        (TODAY, ("warning", "review-soon"), "today"),
        (None, ("warning", "review-missing"), "review_due"),
    ],
)
def test_review_dates_that_are_passed_near_or_missing_are_reported(due, expected, words):
    found = findings_for(make_article(review_due=due))
    assert checks(found) == {expected}
    assert words in found[0].message


def test_review_due_after_a_month_is_fine():
    assert findings_for(make_article(review_due=TODAY + dt.timedelta(days=31))) == []


def test_errors_come_first():
    article = make_article(f"{EASY} {words(22)} Click here.")
    levels = [f.level for f in findings_for(article)]
    assert levels == sorted(levels, key=lambda level: level != "error") and levels[0] == "error"


@pytest.fixture
def audio_dir(tmp_path: Path) -> Path:
    """Checking content needs no audio: an empty folder instead of the rendered one."""
    folder = tmp_path / "audio"
    folder.mkdir()
    return folder


def check_command(config: dict[str, str], *args: str):
    app = create_app(config)
    return app.test_cli_runner().invoke(args=["content", "check", *args])


def test_command_passes_the_shipped_content(config):
    result = check_command(config, "--today", TODAY.isoformat())
    assert result.exit_code == 0, result.output
    articles = sum(len(lib.articles) for lib in load_libraries(CONTENT, every_scan=True).values())
    assert f"0 error(s), 0 warning(s) in {articles} article(s)." in result.output


def test_command_fails_on_a_bad_article_and_says_why(config, content_dir):
    words = library().articles["your-results"].paragraphs[-1]
    edit(content_dir / "your-results.md", words, "For results, click here or see www.example.com.")
    result = check_command(config, "--today", TODAY.isoformat())
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert any(
        line.startswith("ERROR") and "article:your-results" in line and "phone-phrase" in line
        for line in lines
    )
    assert any(line.startswith("ERROR") and "raw-url" in line for line in lines)
    articles = sum(len(lib.articles) for lib in load_libraries(CONTENT, every_scan=True).values())
    assert lines[-1] == f"2 error(s), 0 warning(s) in {articles} article(s)."


def test_command_reports_review_dates_for_the_day_given(config):
    result = check_command(config, "--today", "2027-11-20")
    assert result.exit_code == 0
    assert "review-soon" in result.output and "Review is due in 7 day(s)" in result.output
    result = check_command(config, "--today", "2027-12-01")
    assert result.exit_code == 1
    assert "Review date passed on 27 November 2027." in result.output


@pytest.mark.parametrize("lang", ["cy", "pl"])
def test_a_translations_text_is_checked_with_the_link_it_is_sent_with(lang):
    """The Welsh or Polish link carries ?lang=, so the checked text is the one sent."""
    link = f"{BASE_URL}/articles/test-article"
    summary = "x" * (160 - len(link) - 1)  # exactly one text with the English link
    article = make_article(sms_summary=summary)
    assert ("warning", "sms-segments") not in checks(findings_for(article, "en"))
    assert ("warning", "sms-segments") in checks(findings_for(article, lang))


@pytest.mark.parametrize("prompt", ["help", "sms_help"])
def test_help_that_does_not_say_where_urgent_help_is_stops_publishing(prompt):
    library = library_with(make_article())
    prompts = {**library.prompts, prompt: "Press star to go back."}
    found = check_library(dataclasses.replace(library, prompts=prompts), BASE_URL, TODAY)
    assert ("error", "emergency") in {
        (f.level, f.check) for f in found if f.item == f"prompt:{prompt}"
    }
