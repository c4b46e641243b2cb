"""A caller and the department's scans: the scans menu's keys to a scan, a key to step on to
the part after the scan, where the department's hours are said as a number, in every
language; a scan's name said at any menu; and a scan switched off, gone at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from flask import Flask

from app.ask import ask
from app.content.keys import MAIN_MENU as MAIN_MENU_KEY
from app.content.keys import PART_FORWARD
from app.content.model import SECTIONS, Library, sentence
from app.services import services
from tests.support.answer_files import NONSENSE
from tests.support.phone import call_in, key_path, menu_path
from tests.support.scan_files import english, translation, write_scan
from tests.support.simulator import Turn

SCAN, OTHER = "marrow-picture", "lung-picture"
HOURS = 48  # the department's contact hours: Polish says "many" for it, Welsh "other"
# The test's own names of the scan, by language: what a caller says.
NAMES = {"en": "marrow picture", "cy": "llun mêr", "pl": "zdjęcie szpiku"}


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The shipped content, with two scans of the test's own switched on."""
    write_scan(content_dir, SCAN, english("Marrow picture", [NAMES["en"]],
                                          numbers={"contact_hours": HOURS}))  # fmt: skip
    for lang in ("cy", "pl"):
        write_scan(content_dir, SCAN, translation(NAMES[lang].capitalize(), [NAMES[lang]]), lang)
    write_scan(content_dir, OTHER, english("Lung picture", ["lung picture"], order=20))
    return content_dir


def libraries(app: Flask) -> dict[str, Library]:
    return services(app).speaker.libraries


def hints(turn: Turn) -> list[str]:
    assert turn.gather is not None
    return [h.strip() for h in turn.gather.get("hints", "").split(",")]


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_a_caller_steps_to_the_part_after_the_scan_and_hears_the_departments_hours(
    app: Flask, call, lang: str
):
    library = libraries(app)[lang]
    keys = key_path(library, SCAN)  # the scans menu's key on the main menu, then the scan's
    assert len(keys) == 2
    phone, _ = call_in(app, call, lang)
    turn = phone.press(keys[0])
    assert turn.heard[0] == f"menu:{library.articles[SCAN].menu}"
    turn = phone.press(keys[1])
    assert turn.heard == [f"intro:{SCAN}", f"article:{SCAN}:1"]
    assert library.prompt("procedure_letter_first") in turn.said[0]  # the letter comes first
    after = f"article:{SCAN}:{SECTIONS.index('after') + 1}"
    for _ in SECTIONS:
        if turn.heard == [after]:
            break
        turn = phone.press(PART_FORWARD)
    assert turn.heard == [after]
    [words] = turn.said  # no audio made for the test's scan: the words, spoken
    assert words.startswith(sentence(library.prompt("procedure_after")))
    assert re.search(rf"\b{HOURS}\b", words), words  # as a number
    for piece in library.prompts["procedure_contact_hours"].split("{hours}"):
        assert " ".join(piece.split()) in words


@pytest.mark.parametrize("lang", ["en", "cy", "pl"])
def test_saying_a_scans_name_at_any_menu_goes_straight_to_it(app: Flask, call, lang: str):
    library = libraries(app)[lang]
    assert len(library.menus) >= 3  # the main menu, the scans and at least one other
    for menu_id in library.menus:
        phone, turn = call_in(app, call, lang)
        for key in menu_path(library, menu_id):
            turn = phone.press(key)
        assert f"menu:{menu_id}" in turn.heard
        assert NAMES[lang] in hints(turn), menu_id
        assert phone.say(f"I have a {NAMES[lang]} on Monday").heard == [
            f"intro:{SCAN}",
            f"article:{SCAN}:1",
        ], menu_id


def switch_off_by_hand(app: Flask) -> None:
    path = services(app).settings.content_dir / "procedures" / f"{SCAN}.yaml"
    text = path.read_text(encoding="utf-8")
    assert "enabled: true" in text
    path.write_text(text.replace("enabled: true", "enabled: false"), encoding="utf-8")


def switch_off_by_command(app: Flask) -> None:
    runner = app.test_cli_runner()
    imported = runner.invoke(args=["content", "import"])
    assert imported.exit_code == 0, imported.output
    done = runner.invoke(args=["procedures", "disable", SCAN])
    assert done.exit_code == 0, done.output


@pytest.mark.parametrize("switch_off", [switch_off_by_hand, switch_off_by_command])
def test_a_scan_switched_off_is_gone_from_menus_hints_and_speech(app: Flask, call, switch_off):
    library = libraries(app)["en"]
    option = library.articles[SCAN].option
    keys = key_path(library, SCAN)
    phone, main = call_in(app, call, "en")
    assert NAMES["en"] in hints(main)
    scans = phone.press(keys[0])
    assert NAMES["en"] in hints(scans) and option in " ".join(scans.said)

    switch_off(app)

    assert SCAN not in libraries(app)["en"].articles  # the line has read the change at once
    phone, main = call_in(app, call, "en")
    assert NAMES["en"] not in hints(main)
    said = phone.say(NAMES["en"])  # words the line no longer knows: not sure, never the scan
    assert said.heard[0] == "prompt:ask_not_sure" and not any(SCAN in h for h in said.heard)
    phone.press(MAIN_MENU_KEY)
    scans = phone.press(keys[0])
    assert scans.heard[0] == f"menu:{library.articles[SCAN].menu}"  # the other scan keeps it
    assert NAMES["en"] not in hints(scans)
    assert option not in " ".join(scans.said) and option not in phone.documents[-1]
    said = phone.say(NAMES["en"])
    assert said.heard[0] == "prompt:ask_not_sure" and not any(SCAN in h for h in said.heard)
    assert phone.press(keys[1]).heard[0] != f"intro:{SCAN}"


def test_a_question_naming_a_scan_the_line_is_not_sure_of_names_a_part_and_offers_the_scan(
    app: Flask, call
):
    library = libraries(app)["en"]
    scan = library.articles[SCAN]
    asks = [f"{NAMES['en']} {a} {NONSENSE}" for s in scan.sections for a in s.asks or (s.heading,)]
    said, guess = next(
        (q, v.guess) for q in asks if (v := ask(library, q)).found is None and v.guess is not None
    )
    phone, _ = call_in(app, call, "en")
    turn = phone.say(said)
    assert turn.heard[:2] == ["prompt:ask_not_sure", f"guess:{SCAN}:{guess.part}"]
    assert f"offer:{SCAN}:2" in turn.heard  # the scan's other parts, one key away
    assert phone.press("2").heard[0] == f"intro:{SCAN}"
