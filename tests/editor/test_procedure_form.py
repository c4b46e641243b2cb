"""One of the department's scans in the editor: a form of its fields (never raw YAML), its
page and spoken words in each language as the draft makes them, the same draft, review and
history as topics, and its numbers never published changed without a named person who
confirmed them. The scans here are the test's own, written into a copy of the content."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from hypothesis import given, settings
from hypothesis import strategies as st

from app.content.loader import load_libraries
from app.db.session import new_session
from app.editor import documents
from app.editor.documents import Key
from app.editor.procedure_form import form_of, text_of
from app.services import services
from tests.support.editing import edit_form, review_form, said
from tests.support.forms import form_values
from tests.support.scans import SCAN, WELSH_SCAN, with_test_scans

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

ENGLISH = "/admin/content/en/test-scan"
WELSH = "/admin/content/cy/test-scan"
QUIET = "/admin/content/en/quiet-scan"
CONFIRMER = "Dr Nia Example"


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The content, with the test's scans in place of the shipped ones."""
    return with_test_scans(content_dir)


def scan_file(app: Flask, name: str = "test-scan.yaml") -> str:
    return (services(app).settings.content_dir / "procedures" / name).read_text()


def send(client: FlaskClient, url: str, action: str, **changes: str):  # type: ignore[no-untyped-def]
    """The editor's form as the page shows it, with `changes`, sent as `action`."""
    form = edit_form(client, url)
    form.update({"note": "The department's new advice", **changes, "action": action})
    return client.post(url, data=form)


def publish(editing: FlaskClient, reviewing: FlaskClient, url: str = ENGLISH, **changes: str):  # type: ignore[no-untyped-def]
    sent = send(editing, url, "submit", **changes)
    assert sent.status_code == 302, said(sent)
    done = reviewing.post(url, data={**review_form(reviewing, url), "action": "approve"})
    assert done.status_code == 302, said(done)


def part(lang: str, section: str, app: Flask) -> str:
    """What the line, read from its content folder, says in one part of the scan."""
    library = load_libraries(services(app).settings.content_dir)[lang]
    (found,) = [s for s in library.articles["test-scan"].sections if s.name == section]
    return found.text


def page_text(client: FlaskClient, url: str) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def test_a_new_number_confirmed_and_approved_is_said_in_every_language(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    assert all("24" in part(lang, "after", app) for lang in ("en", "cy", "pl"))
    sent = send(editing, ENGLISH, "submit", **{"numbers-contact_hours": "48",
                                              "confirmed_by": CONFIRMER})  # fmt: skip
    assert sent.status_code == 302, said(sent)
    review = page_text(reviewing, ENGLISH)
    changed = re.search(r'<ul id="numbers-changed">(.*?)</ul>', review, re.S)
    assert changed and "24 hours -&gt; 48 hours" in html.escape(changed.group(1))
    assert CONFIRMER in changed.group(1)
    done = reviewing.post(ENGLISH, data={**review_form(reviewing, ENGLISH), "action": "approve"})
    assert done.status_code == 302, said(done)
    for lang in ("en", "cy", "pl"):
        assert "48" in part(lang, "after", app) and "24" not in part(lang, "after", app), lang
    published = scan_file(app)
    assert f"confirmed_by: {CONFIRMER}" in published
    assert f"confirmed_on: {dt.date.today().isoformat()}" in published


def test_a_changed_number_without_a_new_confirmation_is_refused_and_kept_as_a_draft(
    app: Flask, editing: FlaskClient
):
    before = scan_file(app)
    refused = send(editing, ENGLISH, "submit", **{"numbers-contact_hours": "48"})
    assert refused.status_code == 422
    assert "differs from the live version" in said(refused) and "Confirmed by" in said(refused)
    assert scan_file(app) == before
    form = edit_form(editing, ENGLISH)
    assert form["numbers-contact_hours"] == "48" and form["confirmed_by"] == ""
    # The old name is not carried over: the draft says nobody confirmed its numbers.
    assert "Nobody in the department has confirmed" in page_text(editing, ENGLISH)
    again = send(editing, ENGLISH, "submit", confirmed_by=CONFIRMER)
    assert again.status_code == 302, said(again)


def test_switching_a_scan_on_needs_the_name_of_who_confirmed_its_numbers(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    refused = send(editing, QUIET, "submit", enabled="yes")
    assert refused.status_code == 422
    assert "nobody in the department has confirmed its numbers" in said(refused)
    assert "enabled: false" in scan_file(app, "quiet-scan.yaml")
    publish(editing, reviewing, QUIET, enabled="yes", confirmed_by=CONFIRMER)
    library = load_libraries(services(app).settings.content_dir)["en"]
    assert "quiet-scan" in library.articles
    overview = page_text(reviewing, "/admin/content")
    assert f"on, numbers confirmed by {CONFIRMER}" in overview
    assert 'href="/admin/content/en/quiet-scan"' in overview


@pytest.mark.parametrize("typed", ["721", "-1", "six"])
def test_a_number_out_of_bounds_is_told_in_the_form_and_the_draft_kept(
    app: Flask, editing: FlaskClient, typed: str
):
    before = scan_file(app)
    refused = send(editing, ENGLISH, "submit", **{"numbers-contact_hours": typed,
                                                  "confirmed_by": CONFIRMER})  # fmt: skip
    assert refused.status_code == 422
    assert "'contact_hours' must be a whole number from 0 to 720" in said(refused)
    assert form_values(refused.get_data(as_text=True), "editor")["numbers-contact_hours"] == typed
    assert edit_form(editing, ENGLISH)["numbers-contact_hours"] == typed  # the draft has it
    assert scan_file(app) == before


def test_the_form_keeps_the_files_comments_and_its_words_as_written(
    app: Flask, editing: FlaskClient
):
    saved = send(editing, ENGLISH, "save")
    assert saved.status_code == 302, said(saved)
    kept = form_values(page_text(editing, ENGLISH), "editor")
    assert kept["words-after"] == "Drink plenty of water for the rest of the day."
    send(editing, ENGLISH, "save", **{"numbers-contact_hours": "12", "confirmed_by": CONFIRMER})
    edited = edit_form(editing, ENGLISH)
    assert edited["numbers-contact_hours"] == "12"
    comments = [line.split("#", 1)[1] for line in SCAN.splitlines() if "#" in line]
    assert comments and all(c in draft_text(app) for c in comments)


def draft_text(app: Flask) -> str:
    with new_session(app) as session:
        document = documents.find(session, Key("procedure", "en", "test-scan"))
        assert document is not None and document.draft is not None
        return document.draft.text


def test_a_translation_is_behind_english_after_a_sentence_changes_not_a_number(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish(editing, reviewing, **{"numbers-contact_hours": "48", "confirmed_by": CONFIRMER,
                                   "review_due": "2027-06-30"})  # fmt: skip
    assert "Behind English" not in page_text(reviewing, WELSH)
    assert "behind English" not in page_text(reviewing, "/admin/content")
    sentence = "Drink plenty of water, and go to the toilet often."
    publish(editing, reviewing, **{"words-after": sentence})
    welsh = page_text(reviewing, WELSH)
    behind = re.search(r'id="behind">(.*?)</section>', welsh, re.S)
    assert behind and "toilet" in behind.group(1) and "contact_hours" not in behind.group(1)
    assert page_text(reviewing, "/admin/content").count("behind English") == 2  # cy and pl


def test_the_page_shows_every_language_as_the_typed_numbers_make_it_without_saving(
    app: Flask, editing: FlaskClient
):
    shown = re.search(r'<div id="preview-list">(.*?)</section>', page_text(editing, ENGLISH), re.S)
    assert shown and all(f'lang="{lang}"' in shown.group(1) for lang in ("en", "cy", "pl"))
    assert shown.group(1).count("24") >= 3
    again = send(editing, ENGLISH, "preview", **{"numbers-contact_hours": "36"})
    assert again.status_code == 200
    preview = html.unescape(again.get_data(as_text=True)).split('id="preview-list"')[1]
    assert preview.count("36") >= 3 and "24 hours" not in preview
    assert edit_form(editing, ENGLISH)["numbers-contact_hours"] == "24"  # nothing saved
    form = {**edit_form(editing, ENGLISH), "numbers-contact_hours": "36"}
    checked = editing.post(f"{ENGLISH}/check", data=form).get_json()
    after = [s["text"] for p in checked["preview"] for s in p["sections"] if "36" in s["text"]]
    assert len(after) == 3  # the after part, in English, Welsh and Polish


def test_a_translation_edits_its_words_beside_the_english_and_only_shows_the_numbers(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    page = page_text(editing, WELSH)
    assert "In English: Drink plenty of water for the rest of the day." in page
    assert re.search(r'id="numbers-contact_hours"><strong>[^<]*:</strong> 24 hours', page)
    assert not any(name.startswith("numbers-") for name in edit_form(editing, WELSH))
    words = "Yfwch ddigon o ddwr."
    publish(editing, reviewing, WELSH, **{"words-after": words})
    assert "numbers" not in scan_file(app, "test-scan.cy.yaml")
    assert part("cy", "after", app).startswith(words)


def test_the_menus_form_edits_the_other_scans_words_but_not_where_scans_join(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    menus = "/admin/content/en/menus"
    page = page_text(editing, menus)
    assert "The department's scans join this menu" in page
    form = edit_form(editing, menus)
    assert "menu-scans-more_option" in form and "menu-scans-procedures" not in form
    option = "To hear about the other scans we do"
    publish(editing, reviewing, menus, **{"menu-scans-more_option": option,
                                          "menu-scans-procedures": "false"})  # fmt: skip
    written = (services(app).settings.content_dir / "menus.yaml").read_text()
    assert f"more_option: {option}" in written and "procedures: true" in written


def test_a_scan_goes_back_to_an_earlier_version_with_its_own_numbers(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish(editing, reviewing, **{"numbers-contact_hours": "48", "confirmed_by": CONFIRMER})
    history = f"{ENGLISH}/history"
    form = form_values(reviewing.get(f"{history}/back?version=1").get_data(as_text=True),
                       "rollback-form")  # fmt: skip
    back = reviewing.post(history, data={**form, "reason": "Wrong advice", "action": "rollback"})
    assert back.status_code == 302
    assert "24" in part("cy", "after", app) and "48" not in part("cy", "after", app)


def _typed(text: str, **changes: str) -> dict[str, str]:
    """The form for `text` as a browser sends it, with `changes`."""
    found = form_of(text, "en")
    form = {e.name: e.value for e in found.words + found.department if e.kind != "check"}
    form.update({e.name: "yes" for e in found.department if e.kind == "check" and e.value})
    return {**form, **changes}


def test_a_name_typed_confirms_the_numbers_today_and_a_change_without_one_unconfirms():
    today = dt.date(2026, 12, 5)
    assert text_of(SCAN, _typed(SCAN), "en", today) == SCAN  # nothing changed: as written
    confirmed = text_of(SCAN, _typed(SCAN, confirmed_by=" Dr  Ann Jones "), "en", today)
    assert "confirmed_by: Dr Ann Jones" in confirmed and "confirmed_on: 2026-12-05" in confirmed
    switched = text_of(SCAN, _typed(SCAN, **{"switches-children": "ask"}), "en", today)
    assert "children: null" in switched and form_of(switched, "en").confirmation.startswith(
        "Nobody"
    )


@settings(max_examples=60, deadline=None, database=None)
@given(
    typed=st.dictionaries(
        st.sampled_from(
            [
                "name",
                "keywords",
                "words-after",
                "numbers-contact_hours",
                "order",
                "switches-children",
                "sources",
                "confirmed_by",
                "review_due",
            ]
        ),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=80),
        max_size=5,
    ),  # fmt: skip
    lang=st.sampled_from(["en", "cy"]),
)
def test_whatever_is_typed_the_form_makes_a_file_it_can_show_again(
    typed: dict[str, str], lang: str
):
    base = SCAN if lang == "en" else WELSH_SCAN
    made = text_of(base, {k: v.replace("\x00", "") for k, v in typed.items()}, lang,
                   dt.date(2026, 12, 5))  # fmt: skip
    shown = form_of(made, lang, SCAN)
    assert [e.name for e in shown.words] == [e.name for e in form_of(base, lang, SCAN).words]
