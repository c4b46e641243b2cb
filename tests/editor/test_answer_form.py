"""A short answer's file as the editor's form, and back: a file saved unchanged stays as it
was written, a change is made in place (comments and order kept), and a translation's form
can never set what English sets once."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.answers import parse_answer, parse_answer_translation
from app.editor.answer_form import blank, form_of, text_of
from tests.support.line import CONTENT

ENGLISH = """\
# Written with the department's nurses.
question: Do I need to bring anything?
phrasings:
  - do I need to bring anything   # heard on the line
  - what should I bring
answer: Bring your appointment letter.
more: bone-scan
section: before
last_reviewed: 2026-12-05
review_due: 2027-12-05
sources:
  - title: A hospital
    url: https://www.example.nhs.uk/bring
"""
WELSH = """\
# Welsh words.
question: Oes angen i fi ddod ag unrhyw beth?
phrasings:
  - beth ddylwn i ddod
answer: Dewch â'ch llythyr apwyntiad.
"""


def _as_sent(text: str, lang: str) -> dict[str, str]:
    """The form's fields as the page fills them in, sent back unchanged."""
    form = form_of(text, lang)
    fields = {"question": form.question, "phrasings": form.phrasings, "answer": form.answer}
    if lang == "en":
        fields |= {"more": form.more, "section": form.section, "review_due": form.review_due,
                   "sources": form.sources}  # fmt: skip
    return fields


def _shipped() -> list[Path]:
    return sorted((CONTENT / "answers").glob("*.yaml"))


@pytest.mark.parametrize(("text", "lang"), [(ENGLISH, "en"), (WELSH, "cy")])
def test_a_form_sent_back_unchanged_leaves_the_file_as_it_was_written(text: str, lang: str):
    assert text_of(text, _as_sent(text, lang), lang) == text


@pytest.mark.parametrize("path", _shipped(), ids=lambda p: p.name)
def test_every_shipped_answer_round_trips_unchanged(path: Path):
    text = path.read_text(encoding="utf-8")
    lang = "en" if path.name.count(".") == 1 else path.name.split(".")[1]
    assert text_of(text, _as_sent(text, lang), lang) == text


def test_a_change_is_made_in_place_keeping_comments_and_order():
    sent = _as_sent(ENGLISH, "en")
    sent["phrasings"] += "\nwhat do I take with me\n\n"
    sent["answer"] = "Bring your appointment letter and a list of your medicines. " * 2
    changed = text_of(ENGLISH, sent, "en")
    assert changed.startswith("# Written with the department's nurses.\n")
    assert "# heard on the line" in changed
    answer = parse_answer(changed, "answers/bring.yaml", "bring")
    assert answer.phrasings[-1] == "what do I take with me"
    assert answer.answer == " ".join(sent["answer"].split())
    assert answer.more == "bone-scan" and answer.section == "before"


def test_a_translation_form_never_writes_where_more_is():
    sent = {**_as_sent(WELSH, "cy"), "more": "your-results", "section": "after",
            "sources": "A | https://example.nhs.uk"}  # fmt: skip
    changed = text_of(WELSH, sent, "cy")
    assert parse_answer_translation(changed, "answers/bring.cy.yaml").answer.startswith("Dewch")
    assert "more" not in changed and "section" not in changed and "sources" not in changed


def test_a_translation_shows_the_english_words_beside_its_own():
    form = form_of(WELSH, "cy", ENGLISH)
    assert form.english["answer"] == "Bring your appointment letter."
    assert form.english["phrasings"] == "do I need to bring anything\nwhat should I bring"
    assert form.more == "" and form.sources == ""


def test_a_new_answer_starts_with_its_question_as_the_first_way_of_asking():
    text = blank("  Can I   eat before my scan? ")
    form = form_of(text, "en")
    assert (form.question, form.phrasings, form.answer, form.more) == (
        "Can I eat before my scan?",
        "Can I eat before my scan?",
        "",
        "",
    )
