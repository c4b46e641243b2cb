"""A department's particular scan as content: its numbers bounded, said in each language's
plural, each part under its heading; and the scans on the phone's menus, never more than five
choices on one, the first scans two keys from the start, in the department's order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from app.content.loader import load_libraries, load_library, procedures
from app.content.model import (
    MAIN_MENU,
    MAX_TOPICS,
    SECTIONS,
    TOPIC_KEYS,
    ContentError,
    Library,
    sentence,
)
from app.content.procedures import NUMBERS, Procedure, parse_procedure
from app.content.scan_checks import UNCONFIRMED, UNTRANSLATED, check_procedures
from app.content.scan_words import sections
from app.content.spoken import intro_text, parts
from tests.support import shipped
from tests.support.phone import key_path
from tests.support.scan_files import english, translation, without_shipped_scans, write_scan

SCAN = "marrow-picture"


@pytest.fixture
def content(content_dir: Path) -> Path:
    return without_shipped_scans(content_dir)


def scan(**numbers: int | None) -> Procedure:
    return scan_with(numbers)


def scan_with(numbers: dict[str, int | None], **fields: Any) -> Procedure:
    data = english("Marrow picture", ["marrow picture"], numbers=numbers, **fields)
    return parse_procedure(yaml.safe_dump(data), f"procedures/{SCAN}.yaml", SCAN)


FORMS = ("zero", "one", "two", "few", "many", "other")


def marked(lang: str, forms: tuple[str, ...] = FORMS) -> dict[str, str]:
    """The language's prompts, with unit words of the test's own that name their plural form:
    "[hour many 5]" is the `unit_hour_many` prompt said for 5."""
    prompts = {k: " ".join(v.split()) for k, v in shipped.library(lang).prompts.items()}
    prompts = {k: v for k, v in prompts.items() if not k.startswith("unit_")}
    for unit in ("hour", "minute", "day"):
        prompts |= {f"unit_{unit}_{form}": f"[{unit} {form} {{n}}]" for form in forms}
    return prompts


def part(procedure: Procedure, name: str, lang: str = "en", **prompts: str) -> str:
    """The words of one part of the scan (before, day, after...) in `lang`."""
    found = sections(procedure, procedure.english, prompts or marked(lang), lang)
    return next(s.text for s in found if s.name == name)


# --- bounds: a number outside what a department could mean stops the file, named ---


@pytest.mark.parametrize(
    "field,value",
    [
        ("contact_hours", 721),
        ("fasting_hours", -1),
        ("scan_minutes", "six"),
        ("results_days", True),
        ("results_days", 91),
        ("wait_minutes", 481),
        ("injection_minutes", 2.5),
        ("breastfeeding_pause_hours", "12"),
    ],
)
def test_a_number_out_of_bounds_or_not_a_whole_number_stops_the_file_by_name(
    content: Path, field: str, value: object
):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"], numbers={field: value}))
    with pytest.raises(ContentError) as error:
        load_libraries(content)
    assert f"procedures/{SCAN}.yaml" in str(error.value) and field in str(error.value)


def test_a_switched_off_scan_is_checked_too(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"], enabled=False,
                                      numbers={"contact_hours": 721}))  # fmt: skip
    with pytest.raises(ContentError, match=f"procedures/{SCAN}.yaml"):
        load_libraries(content)


def test_the_bounds_themselves_are_allowed(content: Path):
    most = {name: number.most for name, number in NUMBERS.items()}
    write_scan(content, SCAN, english("Marrow picture", ["marrow"], numbers=most))
    write_scan(content, "zero-scan", english("Zero picture", ["zero picture"],
                                             numbers=dict.fromkeys(NUMBERS, 0)))  # fmt: skip
    found = load_library(content).articles
    assert str(most["contact_hours"]) in found[SCAN].body
    assert {SCAN, "zero-scan"} <= set(found)


@pytest.mark.parametrize("switch", ["yes", 1, "true"])
def test_a_switch_is_true_false_or_empty(content: Path, switch: object):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"],
                                      switches={"companion": switch}))  # fmt: skip
    with pytest.raises(ContentError, match="companion"):
        load_libraries(content)


@pytest.mark.parametrize(
    "shared,value",
    [("numbers", {"contact_hours": 6}), ("enabled", True), ("confirmed_by", "Someone"),
     ("switches", {"children": True}), ("order", 1)],
)  # fmt: skip
@pytest.mark.parametrize("lang", ["cy", "pl"])
def test_a_translation_that_sets_what_only_english_sets_stops_the_file_by_name(
    content: Path, lang: str, shared: str, value: object
):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"]))
    write_scan(content, SCAN, translation("Llun", ["llun"], **{shared: value}), lang)
    with pytest.raises(ContentError) as error:
        load_libraries(content)
    assert f"procedures/{SCAN}.{lang}.yaml" in str(error.value) and shared in str(error.value)


def test_a_translation_of_a_switched_off_scan_is_checked_by_the_content_check(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"], enabled=False))
    write_scan(content, SCAN, translation("Llun", ["llun"], numbers={"contact_hours": 6}), "cy")
    assert SCAN not in load_libraries(content)["cy"].articles  # callers never see it
    with pytest.raises(ContentError, match=f"procedures/{SCAN}.cy.yaml"):
        load_libraries(content, every_scan=True)  # what `flask content check` loads


@pytest.mark.parametrize("missing", ["injection", "scan", "results"])
def test_the_words_callers_cannot_do_without_are_required(content: Path, missing: str):
    data = english("Marrow picture", ["marrow"])
    del data["words"][missing]
    write_scan(content, SCAN, data)
    with pytest.raises(ContentError, match=missing):
        load_libraries(content)


# --- numbers said in the language's own words ---


@pytest.mark.parametrize(
    "n,form", [(1, "one"), (2, "few"), (5, "many"), (22, "few"), (25, "many"), (12, "many")]
)
@pytest.mark.parametrize(
    "field,unit,where",
    [("contact_hours", "hour", "after"), ("results_days", "day", "results"),
     ("scan_minutes", "minute", "day")],
)  # fmt: skip
def test_polish_numbers_take_the_unit_words_of_their_plural_form(
    n: int, form: str, field: str, unit: str, where: str
):
    only = scan(**{**dict.fromkeys(NUMBERS), field: n})  # the one number in the scan
    words = part(only, where, "pl")
    assert f"[{unit} {form} {n}]" in words
    assert words.count(f"[{unit} ") == 1  # said once, in one form


@pytest.mark.parametrize("n,form", [(1, "one"), (2, "other"), (24, "other")])
def test_english_numbers_take_one_or_other(n: int, form: str):
    assert f"[hour {form} {n}]" in part(scan(contact_hours=n), "after", "en")


@pytest.mark.parametrize("n,form", [(1, "one"), (2, "other"), (3, "other"), (6, "other")])
def test_a_form_the_language_has_no_words_for_falls_back_to_other(n: int, form: str):
    """Welsh counts 2 as `two`, 3 as `few`, 6 as `many`: with only one and other, other."""
    prompts = marked("cy", forms=("one", "other"))
    assert f"[hour {form} {n}]" in part(scan(contact_hours=n), "after", "cy", **prompts)


@pytest.mark.parametrize(
    "minutes,said",
    [(180, "[hour other 3]"), (120, "[hour other 2]"), (480, "[hour other 8]"),
     (150, "[minute other 150]"), (60, "[minute other 60]"), (119, "[minute other 119]"),
     (1, "[minute one 1]")],
)  # fmt: skip
def test_minutes_of_two_hours_or_more_in_whole_hours_are_said_in_hours(minutes: int, said: str):
    assert said in part(scan(wait_minutes=minutes), "day")


# Each number or switch: the part it is said in, and every prompt it may say there.
GROUPS = {
    "fasting_hours": ("before", ["procedure_eat_normal", "procedure_fasting"]),
    "injection_minutes": ("day", ["procedure_injection_minutes"]),
    "wait_minutes": ("day", ["procedure_no_wait", "procedure_wait_minutes"]),
    "scan_minutes": ("day", ["procedure_scan_minutes"]),
    "contact_hours": ("after", ["procedure_contact_ask", "procedure_contact_none",
                                "procedure_contact_hours"]),
    "breastfeeding_pause_hours": ("pregnancy", ["procedure_breastfeeding_ask",
                                                "procedure_breastfeeding_none",
                                                "procedure_breastfeeding_pause"]),
    "results_days": ("results", ["procedure_results_days"]),
    "companion": ("day", ["procedure_companion_ask", "procedure_companion_yes",
                          "procedure_companion_no"]),
    "children": ("day", ["procedure_children_ask", "procedure_children_yes",
                         "procedure_children_no"]),
}  # fmt: skip


def rendered(prompts: dict[str, str], name: str, n: int | None) -> str:
    """A prompt as said for the number n (English: one or other; under two hours)."""
    form = "one" if n == 1 else "other"
    return prompts[name].format(
        **{f"{unit}s": f"[{unit} {form} {n}]" for unit in ("hour", "minute", "day")}
    )


@pytest.mark.parametrize(
    "field,value,said",
    [
        ("fasting_hours", None, "procedure_eat_normal"),
        ("fasting_hours", 0, "procedure_eat_normal"),
        ("fasting_hours", 6, "procedure_fasting"),
        ("injection_minutes", None, None),
        ("injection_minutes", 0, None),
        ("injection_minutes", 5, "procedure_injection_minutes"),
        ("wait_minutes", None, None),
        ("wait_minutes", 0, "procedure_no_wait"),
        ("wait_minutes", 90, "procedure_wait_minutes"),
        ("scan_minutes", None, None),
        ("scan_minutes", 45, "procedure_scan_minutes"),
        ("contact_hours", None, "procedure_contact_ask"),
        ("contact_hours", 0, "procedure_contact_none"),
        ("contact_hours", 24, "procedure_contact_hours"),
        ("breastfeeding_pause_hours", None, "procedure_breastfeeding_ask"),
        ("breastfeeding_pause_hours", 0, "procedure_breastfeeding_none"),
        ("breastfeeding_pause_hours", 12, "procedure_breastfeeding_pause"),
        ("results_days", None, None),
        ("results_days", 14, "procedure_results_days"),
        ("companion", None, "procedure_companion_ask"),
        ("companion", True, "procedure_companion_yes"),
        ("companion", False, "procedure_companion_no"),
        ("children", None, "procedure_children_ask"),
        ("children", True, "procedure_children_yes"),
        ("children", False, "procedure_children_no"),
    ],
)
def test_not_set_and_zero_each_say_their_own_sentence(field: str, value: Any, said: str | None):
    where, group = GROUPS[field]
    if field in NUMBERS:
        procedure = scan(**{field: value})
    else:
        procedure = scan_with({}, switches={field: value})
    prompts = marked("en")
    words = part(procedure, where)
    if said is not None:
        assert rendered(prompts, said, value) in words
    others = [name for name in group if name != said]
    for name in others:  # the sentences around a number, up to the number
        assert prompts[name].split("{")[0].strip() not in words, name


def test_the_pregnancy_part_always_says_to_tell_the_department():
    for pause in (None, 0, 12):
        words = part(scan(breastfeeding_pause_hours=pause), "pregnancy")
        assert words.startswith(marked("en")["procedure_pregnancy_tell"])


@pytest.mark.shipped("lang", "languages")
def test_each_part_is_one_section_and_starts_with_its_heading(content: Path, lang: str):
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"]))
    for other in ("cy", "pl"):
        write_scan(content, SCAN, translation(f"Marrow {other}", [f"marrow {other}"]), other)
    library = load_library(content, lang)
    article = library.articles[SCAN]
    assert [s.name for s in article.sections] == list(SECTIONS)
    spoken = parts(article)
    assert len(spoken) == len(SECTIONS)
    for said, name in zip(spoken, SECTIONS, strict=True):
        assert said.startswith(sentence(library.prompt(f"procedure_{name}")) + " ")
        assert len(said) > len(sentence(library.prompt(f"procedure_{name}"))) + 1
    assert library.prompt("procedure_letter_first") in intro_text(library, article)
    assert article.title == (f"Marrow {lang}" if lang != "en" else "Marrow picture")


def test_a_scan_is_in_a_language_only_once_it_has_words_in_it(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow picture"]))
    write_scan(content, SCAN, translation("Llun mêr", ["llun mêr"]), "cy")
    found = load_libraries(content)
    assert SCAN in found["en"].articles and SCAN in found["cy"].articles
    assert SCAN not in found["pl"].articles
    assert found["cy"].articles[SCAN].keywords == ("llun mêr",)


# --- placing the scans on the phone's menus ---


def host(content: Path) -> tuple[str, dict[str, Any]]:
    """The menu that takes the scans (menus.yaml), and its entry."""
    menus = yaml.safe_load((content / "menus.yaml").read_text(encoding="utf-8"))
    return next((name, data) for name, data in menus.items() if (data or {}).get("procedures"))


def walk(library: Library, menu_id: str = MAIN_MENU) -> list[str]:
    """Every article a caller can reach from a menu, in the order of the keys."""
    found: list[str] = []
    for topic in sorted(library.menus[menu_id].topics, key=lambda t: t.key):
        found += [topic.article] if topic.article else walk(library, str(topic.menu))
    return found


def reachable_menus(library: Library, menu_id: str = MAIN_MENU) -> set[str]:
    subs = [str(t.menu) for t in library.menus[menu_id].topics if t.menu]
    return {menu_id}.union(*(reachable_menus(library, m) for m in subs))


@pytest.mark.parametrize("count", [0, 1, 3, 4, 5, 9, 14])
def test_scans_fill_the_free_keys_then_pages_of_other_scans(content: Path, count: int):
    # The department's order is the reverse of the files' names and of the scans' names.
    ids = [f"scan-{n:02d}" for n in range(count)]
    for n, scan_id in enumerate(ids):
        write_scan(content, scan_id, english(f"Picture {n:02d}", [f"picture {n:02d}"],
                                             order=(count - n) * 10))  # fmt: skip
    ordered = list(reversed(ids))
    library = load_library(content)
    for menu in library.menus.values():
        keys = [t.key for t in menu.topics]
        assert 1 <= len(keys) <= MAX_TOPICS, menu.id
        assert len(set(keys)) == len(keys) and set(keys) <= set(TOPIC_KEYS), menu.id
        pages = [t for t in menu.topics if t.menu and t.menu.startswith(f"{host(content)[0]}-")]
        assert all(t.key == max(keys) for t in pages), "other scans: the menu's last key"
    assert reachable_menus(library) == set(library.menus)
    reached = walk(library)
    assert sorted(reached) == sorted(library.articles)  # every topic and scan, once each
    assert [a for a in reached if a in ids] == ordered
    if not count:
        return
    name = host(content)[0]
    general = [a for a in library.articles.values() if a.menu == name and not a.is_procedure]
    free = MAX_TOPICS - len(general)
    first = ordered[: count if count <= free else free - 1]
    assert first and all(len(key_path(library, a)) == 2 for a in first)
    assert all(len(key_path(library, a)) > 2 for a in ordered[len(first) :])


def test_with_no_scan_on_the_scans_menu_gives_way_to_its_general_topic(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"], enabled=False))
    name, data = host(content)
    library = load_library(content)
    assert name not in library.menus
    topic = library.menus[data["parent"]].topic(str(data["key"]))
    assert topic is not None and topic.article is not None and topic.menu is None
    assert topic.option == data["option"]
    assert set(data["keywords"]) <= set(topic.keywords)
    assert library.articles[topic.article].menu == data["parent"]


def test_with_one_scan_on_the_main_menu_key_leads_to_the_scans_menu(content: Path):
    write_scan(content, SCAN, english("Marrow picture", ["marrow"]))
    name, data = host(content)
    library = load_library(content)
    topic = library.menus[data["parent"]].topic(str(data["key"]))
    assert topic is not None and topic.menu == name
    assert key_path(library, SCAN)[0] == str(data["key"])


def test_the_check_warns_of_a_scan_in_each_language_that_has_no_words_for_it(content: Path):
    write_scan(content, "test-scan", english("Test scan", ["test scan"]))
    write_scan(content, "test-scan", translation("Sgan prawf", ["sgan prawf"]), "cy")
    libraries = load_libraries(content, every_scan=True)
    found = [
        (f.level, f.lang, f.check, f.message)
        for f in check_procedures(procedures(content), libraries.values())
        if f.item == "article:test-scan"
    ]
    assert found == [("warning", "pl", "scan-untranslated", UNTRANSLATED)]


def test_a_scan_switched_on_unconfirmed_is_an_error_that_says_what_to_do(content: Path):
    write_scan(content, "test-scan", english("Test scan", ["test scan"], confirmed_by=""))
    found = [
        (f.level, f.lang, f.check, f.message)
        for f in check_procedures(procedures(content))
        if f.item == "article:test-scan"
    ]
    assert found == [("error", "en", "scan-unconfirmed", UNCONFIRMED)]
