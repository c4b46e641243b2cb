"""How callers ask about a topic, or a particular scan's own parts (`asks:` in its file, in
each language): a question asked that way finds that topic or part; the phrasings are edited
in the form like the words, and a part the file does not have, or not a list, is refused."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from app.ask import ask
from app.content.loader import load_libraries
from app.content.model import SECTIONS, ContentError
from app.content.procedures import parse_procedure
from app.editor import fields
from app.editor.procedure_form import form_of, text_of
from tests.support.scan_files import english, translation, without_shipped_scans, write_scan

SCAN = "marrow-picture"
# Words no answer of the line has: only the scan's own asks can lead to a part by them.
ASKED = "will the zebra want its zither"


@pytest.fixture
def content(content_dir: Path) -> Path:
    return without_shipped_scans(content_dir)


def _part(content: Path, lang: str, question: str) -> str:
    library = load_libraries(content)[lang]
    found = ask(library, question).found
    if found is None or found.article != SCAN:
        return ""
    return library.articles[SCAN].section_names[found.part - 1]


@pytest.mark.parametrize("part", ["day", "after"])
def test_a_question_asked_as_the_scans_own_asks_say_finds_that_part(content: Path, part: str):
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"]))
    assert _part(content, "en", f"marrow picture {ASKED}") == ""
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"],
                                      asks={part: [ASKED, "a second way"]}))  # fmt: skip
    assert _part(content, "en", f"marrow picture {ASKED}") == part


def test_each_language_asks_in_its_own_file(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"],
                                      asks={"after": [ASKED]}))  # fmt: skip
    write_scan(
        content,
        SCAN,
        translation("Llun mêr", ["llun mer"], asks={"before": ["fydd y sebra isio sither"]}),
        "cy",
    )
    assert _part(content, "cy", "llun mer fydd y sebra isio sither") == "before"
    assert _part(content, "cy", f"llun mer {ASKED}") == ""


@pytest.mark.parametrize("asks", [{"during": ["x"]}, {"day": "one phrasing"}, ["x"]])
def test_asks_for_a_part_no_scan_has_or_not_as_a_list_stop_the_file_by_name(content, asks):
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"], asks=asks))
    with pytest.raises(ContentError, match=f"procedures/{SCAN}.yaml: '?asks"):
        load_libraries(content)


def test_the_form_shows_each_parts_asks_and_saves_them_one_a_line():
    text = yaml.safe_dump(english("Marrow picture", ["marrow"], asks={"day": ["one", "two"]}))
    shown = {e.name: e.value for e in form_of(text, "en").words}
    assert shown["asks-day"] == "one\ntwo" and shown["asks-after"] == ""
    typed = {"asks-day": "one\n\n  three   words \n", "asks-after": "four"}
    saved = text_of(text, typed, "en", dt.date(2026, 12, 5))
    asks = parse_procedure(saved, "procedures/x.yaml", "x").english.asks
    assert asks == {"day": ("one", "three words"), "after": ("four",)}
    emptied = text_of(saved, {f"asks-{p}": "" for p in SECTIONS}, "en", dt.date(2026, 12, 5))
    assert "asks" not in yaml.safe_load(emptied)


def test_a_translations_form_shows_the_english_asks_beside_its_own():
    english_text = yaml.safe_dump(english("Marrow picture", ["marrow"], asks={"day": ["one"]}))
    welsh = yaml.safe_dump(translation("Llun mêr", ["mer"], asks={"day": ["un"]}))
    entry = next(e for e in form_of(welsh, "cy", english_text).words if e.name == "asks-day")
    assert (entry.value, entry.english) == ("un", "one")


def _topic(content: Path) -> tuple[Path, str]:
    """A topic of the copy (whichever sorts first: not one the test depends on) and its id."""
    path = sorted(p for p in content.glob("*.md") if p.name.count(".") == 1)[0]
    return path, path.stem


def _with_asks(path: Path, asks: object) -> None:
    text = path.read_text(encoding="utf-8")
    form = fields.fields_of(text, path.stem)
    form.asks = ""
    head, _, body = fields.text_of(form, text).partition("\n---\n")
    path.write_text(f"{head}\nasks: {yaml.safe_dump(asks, default_flow_style=True)}---\n{body}")


def test_a_question_asked_as_a_topics_asks_say_finds_that_topic(content: Path):
    path, topic = _topic(content)
    library = load_libraries(content)["en"]
    before = ask(library, ASKED).found
    assert before is None or before.article != topic
    _with_asks(path, [ASKED, "another way to ask"])
    found = ask(load_libraries(content)["en"], ASKED).found
    assert found is not None and found.article == topic and not found.answer


@pytest.mark.parametrize("asks", ["one phrasing", {"day": ["x"]}, [1, 2]])
def test_a_topics_asks_not_as_a_list_of_phrasings_stop_the_file_by_name(content: Path, asks):
    path, _ = _topic(content)
    _with_asks(path, asks)
    with pytest.raises(ContentError, match=f"{path.name}: asks must be a list of phrasings"):
        load_libraries(content)


def test_the_topic_form_shows_its_asks_one_a_line_and_saves_them():
    text = "---\nid: x\ntitle: X\nmenu: main\nkey: 1\nasks: [one, two]\n---\nWords.\n"
    shown = fields.fields_of(text, "x")
    assert shown.asks == "one\ntwo"
    assert "asks: [one, two]\n" in fields.text_of(shown, text)  # unchanged: kept as written
    shown.asks = "one\n\n  three   words \n"
    assert yaml.safe_load(fields.text_of(shown, text).split("---")[1])["asks"] == [
        "one", "three words"]  # fmt: skip
    shown.asks = "  \n"
    assert "asks" not in fields.text_of(shown, text)
