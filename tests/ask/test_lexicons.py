"""The words the question finder knows in each language (app/ask/data/<lang>.yaml) and the
reviewed list of phrases that may mean an emergency (the prompt words_urgent): a patient's
own words for one thing count as one; no word that changes an answer is dropped as filler;
an emergency said in a caller's words gets the urgent-help words, and a question asked
ahead of time ("will it make me short of breath?") does not."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from app.ask import ask
from app.ask.words import CONCEPT, lexicon, split, stem
from tests.support.shipped import library

LANGUAGES = ["en", "cy", "pl"]


def _ideas(lang: str, text: str) -> set[str]:
    return {t for t in lexicon(lang).tokens(text) if t.startswith(CONCEPT)}


@pytest.mark.parametrize(
    ("lang", "said", "written"),
    [
        ("en", "jab", "injection"),
        ("en", "wee", "toilet"),
        ("en", "b4", "before"),
        ("en", "hubby", "husband"),
        ("en", "pics", "pictures"),
        ("en", "thyriod", "thyroid"),
        ("en", "starve", "breakfast"),
        ("en", "grandkids", "children"),
        ("en", "gall bladder", "hida"),
        ("cy", "fwyta", "bwyd"),
        ("cy", "bigiad", "chwistrelliad"),
        ("cy", "nghanlyniadau", "adroddiad"),
        ("cy", "gyrru", "car"),
        ("cy", "feichiog", "beichiogrwydd"),
        ("pl", "ukłucie", "zastrzyk"),
        ("pl", "wyniki", "opis"),
        ("pl", "prowadzić", "samochodem"),
        ("pl", "karmię piersią", "karmienie"),
        ("pl", "PET-em", "pet ct"),
        ("pl", "scyntygrafia", "badanie"),
    ],
)
def test_a_patients_word_counts_as_the_word_the_content_uses(lang, said, written):
    assert _ideas(lang, said)
    assert _ideas(lang, said) == _ideas(lang, written)


def _groups(lang: str) -> list[list[str]]:
    text = resources.files("app.ask").joinpath("data", f"{lang}.yaml").read_text("utf-8")
    return [[str(p) for p in group] for group in yaml.safe_load(text)["synonyms"]]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_word_is_given_to_two_ideas(lang):
    """A second group's entry for a word (or a word with the same stem) would do nothing."""
    owner: dict[tuple[str, ...], str] = {}
    twice = []
    for group in _groups(lang):
        for phrase in group:
            key = tuple(stem(w, lang) for w in split(phrase))
            if owner.setdefault(key, group[0]) != group[0]:
                twice.append(f"{phrase!r} in {group[0]!r} and {owner[key]!r}")
    assert not twice


KEPT = {
    "en": ["no", "not", "don't", "can't", "before", "after", "how", "long", "when", "where",
           "who", "can", "alone", "someone", "something", "myself", "eat", "drink", "drive",
           "baby", "pregnant", "breathe", "chest", "pain", "swallowed"],
    "cy": ["dim", "ddim", "nid", "cyn", "wedi", "sut", "pryd", "pwy", "ble", "pam", "faint",
           "methu", "hun", "rhywun", "bwyta", "yfed", "gyrru", "babi", "beichiog"],
    "pl": ["nie", "przed", "po", "bez", "jak", "kiedy", "gdzie", "kto", "ile", "sam", "sama",
           "mogę", "można", "muszę", "ktoś", "coś", "jeść", "pić", "dziecko", "ciąży"],
}  # fmt: skip


@pytest.mark.parametrize(("lang", "word"), [(lang, w) for lang in KEPT for w in KEPT[lang]])
def test_a_word_that_changes_the_answer_is_never_dropped_as_filler(lang, word):
    assert lexicon(lang).tokens(word)


URGENT = {
    "en": [
        "my husband has just collapsed, he is meant to have his bone scan today",
        "I've got really bad chest pains",
        "I cant breathe properly",
        "my toddler swallowed a battery",
        "my little boy swallowed some of my tablets",
        "I want to end my life",
        "she is bleeding heavily where the cannula was",
        "my dad's face is drooping",
    ],
    "cy": [
        "mae gen i boen yn y frest",
        "dw i'n methu anadlu",
        "mae'r babi wedi llyncu batri",
        "dw i eisiau lladd fy hun",
        "mae fy ngŵr wedi llewygu",
        "mae hi'n gwaedu'n drwm",
    ],
    "pl": [
        "boli mnie w klatce piersiowej",
        "nie mogę oddychać",
        "dziecko połknęło baterię",
        "myślę o samobójstwie",
        "chcę się zabić",
        "mąż zasłabł przed badaniem",
        "bardzo mocno krwawi",
    ],
}
AHEAD = {
    "en": [
        "can I swallow my tablets before the scan",
        "will I have to swallow something for the stomach scan",
        "I swallowed the drink for my stomach scan, what next",
        "will the medicine make me short of breath",
        "could I have an allergic reaction to the tracer",
        "will I fit in the scanner",
        "is there a risk of radiation poisoning",
    ],
    "cy": [
        "ga i lyncu fy nhabledi cyn y sgan",
        "oes rhaid i fi lyncu rhywbeth",
        "fydd y moddion yn gwneud fi'n fyr fy ngwynt",
        "oes gen i alergedd i'r olinydd",
    ],
    "pl": [
        "czy mogę połknąć tabletki przed badaniem",
        "czy lek może wywołać duszność",
        "czy badanie jest nieprzyjemne",
        "ile krwi pobiorą",
        "czy mogę jeść przed badaniem",
    ],
}


@pytest.mark.parametrize(("lang", "said"), [(lang, q) for lang in URGENT for q in URGENT[lang]])
def test_an_emergency_in_a_callers_own_words_gets_urgent_help(lang, said):
    assert ask(library(lang), said).urgent


@pytest.mark.parametrize(("lang", "said"), [(lang, q) for lang in AHEAD for q in AHEAD[lang]])
def test_a_question_asked_ahead_of_time_is_not_taken_for_an_emergency(lang, said):
    assert not ask(library(lang), said).urgent


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_way_of_asking_about_a_part_of_a_scan_is_taken_for_an_emergency(lang):
    shipped = library(lang)
    asked = [w for name in shipped.prompts if name.startswith("words_asks_")
             for w in shipped.words(name)]  # fmt: skip
    assert asked
    assert [w for w in asked if ask(shipped, w).urgent] == []
