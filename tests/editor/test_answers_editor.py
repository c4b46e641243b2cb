"""Short answers in the editor: started from the content page as a draft (no file until a
reviewer publishes it), edited as a form of fields (the question, the ways callers ask it,
an answer of at most 60 words, the topic or scan for more), reviewed by a second person,
published with its audio, versioned and rolled back like topics; translations edit their own
words beside the English and follow it. The scans here are the test's own."""

from __future__ import annotations

import datetime as dt
import html
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.accounts.models import User
from app.content.item_keys import ItemKey
from app.content.loader import load_libraries
from app.db.session import new_session
from app.editor import documents, workflow
from app.editor.documents import ANSWER, Key
from app.editor.publish import EditorError
from app.services import services
from tests.support.admin import Person, csrf, trail
from tests.support.editing import edit_form, review_form, said
from tests.support.forms import form_values
from tests.support.heard import spoken
from tests.support.scans import with_test_scans

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

NEW = "/admin/content/new-answer"
OVERVIEW = "/admin/content"
ANSWER_ID = "test-eating"
ENGLISH = f"/admin/content/en/{ANSWER_ID}"
WELSH = f"/admin/content/cy/{ANSWER_ID}"
QUESTION = "Can I eat before I come for my results?"
WORDS = "Yes. You can eat and drink as normal before you come for your results."
SOURCES = "NHS: Radionuclide scan | https://www.nhs.uk/conditions/radionuclide-scan/"
# An answer written before, by hand, with comments: the form keeps them.
KEPT = """\
# Written with the department's nurses.
question: Do I need to bring anything?
phrasings:
  - do I need to bring anything   # heard on the line
  - what should I bring
answer: Bring your appointment letter.
more: your-results
sources:
  - title: A hospital
    url: https://www.example.nhs.uk/bring
"""


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The content with the test's scans (test-scan on, quiet-scan off) and an answer of the
    test's own, written by hand with comments."""
    with_test_scans(content_dir)
    folder = content_dir / "answers"
    folder.mkdir(exist_ok=True)
    (folder / "kept-answer.yaml").write_text(KEPT, encoding="utf-8")
    return content_dir


def start(client: FlaskClient, answer_id: str = ANSWER_ID, question: str = QUESTION):  # type: ignore[no-untyped-def]
    """The content page's "A new short answer" form, sent."""
    form = form_values(client.get(OVERVIEW).get_data(as_text=True), "new-answer")
    return client.post(NEW, data={**form, "id": answer_id, "question": question})


def send(client: FlaskClient, url: str, action: str, **changes: str):  # type: ignore[no-untyped-def]
    """The answer's form as the page shows it, with `changes`, sent as `action`."""
    form = edit_form(client, url)
    form.update({"note": "Patients ask this", **changes, "action": action})
    return client.post(url, data=form)


def written(client: FlaskClient, url: str = ENGLISH, **changes: str):  # type: ignore[no-untyped-def]
    """An English answer about the results topic, sent for review."""
    if url == ENGLISH and documents_of(client) is None:
        assert start(client).status_code == 303
    fields = {"answer": WORDS, "more": "your-results", "sources": SOURCES, **changes}
    return send(client, url, "submit", **fields)


def documents_of(client: FlaskClient):  # type: ignore[no-untyped-def]
    with new_session(client.application) as session:
        return documents.find(session, Key(ANSWER, "en", ANSWER_ID))


def approve(reviewing: FlaskClient, url: str = ENGLISH) -> None:
    done = reviewing.post(url, data={**review_form(reviewing, url), "action": "approve"})
    assert done.status_code == 302, said(done)


def publish(editing: FlaskClient, reviewing: FlaskClient, url: str = ENGLISH, **changes: str):  # type: ignore[no-untyped-def]
    sent = written(editing, url, **changes)
    assert sent.status_code == 302, said(sent)
    approve(reviewing, url)


def answer_file(app: Flask, suffix: str = "") -> Path:
    return services(app).settings.content_dir / "answers" / f"{ANSWER_ID}{suffix}.yaml"


def served(app: Flask, lang: str = "en"):  # type: ignore[no-untyped-def]
    return load_libraries(services(app).settings.content_dir)[lang].answers.get(ANSWER_ID)


def page_text(client: FlaskClient, url: str = ENGLISH) -> str:
    return html.unescape(client.get(url).get_data(as_text=True))


def test_a_new_answer_is_drafted_then_published_by_a_second_person_and_served(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    started = start(editing)
    assert started.status_code == 303 and started.headers["Location"].endswith(ENGLISH)
    assert not answer_file(app).exists()  # a draft, not a file
    form = edit_form(editing, ENGLISH)
    assert (form["question"], form["phrasings"]) == (QUESTION, QUESTION)
    before = spoken(app)
    phrasings = f"{QUESTION}\nis it ok to eat before my results"
    sent = written(editing, phrasings=phrasings)
    assert sent.status_code == 302, said(sent)
    assert not answer_file(app).exists()  # waiting for review
    approve(reviewing)
    found = served(app)
    assert found is not None and (found.answer, found.more) == (WORDS, "your-results")
    assert found.phrasings == (QUESTION, "is it ok to eat before my results")
    assert found.words.last_reviewed == dt.date.today()
    key = str(ItemKey.answer(ANSWER_ID))
    made = [i for i in spoken(app).values() if i.key == key and i.id not in before]
    assert {i.slow for i in made} == {False, True} and all(i.text == WORDS for i in made)
    speaker = services(app).speaker
    assert all(speaker.say(i.key, i.lang, i.slow).url for i in made)  # made before it went live
    steps = [(e.action, e.object_type) for e in trail(app) if e.object_id == f"en/{ANSWER_ID}"]
    assert steps == [("content.draft_saved", "answer"), ("content.draft_saved", "answer"),
                     ("content.submitted", "answer"), ("content.published", "answer")]  # fmt: skip


def test_an_answer_over_60_words_cannot_be_submitted_and_the_draft_keeps_it(
    app: Flask, editing: FlaskClient
):
    # Short words, so the answer and its link fit in two texts: only its words are too many.
    long = " ".join(["We do."] * 33)  # 66 words
    refused = written(editing, answer=long)
    assert refused.status_code == 422
    assert "'answer' has 66 words" in said(refused) and "at most 60" in said(refused)
    assert edit_form(editing, ENGLISH)["answer"] == long  # nothing lost
    assert "66 of at most 60 words. Too long to submit" in page_text(editing)
    assert not answer_file(app).exists()
    sent = written(editing, answer=" ".join(["We do."] * 30))
    assert sent.status_code == 302, said(sent)  # at most 60: it goes


@pytest.mark.parametrize(
    ("more", "section", "why"),
    [
        ("no-such-topic", "", "'no-such-topic' is no topic or scan the line has"),
        ("menus", "", "'menus' is no topic or scan the line has"),
        ("your-results", "before", "is a topic: a part (before, on the day...) is for a scan"),
    ],
)
def test_more_must_be_a_topic_or_scan_the_line_has(
    app: Flask, editing: FlaskClient, more: str, section: str, why: str
):
    refused = written(editing, more=more, section=section)
    assert refused.status_code == 422
    assert why in said(refused)
    assert not answer_file(app).exists()


def test_the_form_offers_the_topics_and_scans_by_name_and_a_scan_switched_off_is_warned_of(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    assert start(editing).status_code == 303
    page = page_text(editing)
    options = re.search(r'<select id="more" name="more">(.*?)</select>', page, re.S)
    assert options and ">Getting your results<" in options.group(1)
    assert ">Test scan<" in options.group(1) and ">Quiet scan (switched off)<" in options.group(1)
    sent = written(editing, more="quiet-scan", section="before")
    assert sent.status_code == 302, said(sent)
    assert "Quiet scan is switched off: this answer is not served until the scan is on" in (
        page_text(editing)
    )
    approve(reviewing)
    assert "section: before" in answer_file(app).read_text()
    assert served(app) is None  # published, and served once the scan is switched on


def test_the_page_shows_what_a_caller_hears_and_what_a_texter_gets(
    app: Flask, editing: FlaskClient
):
    assert start(editing).status_code == 303
    shown = send(editing, ENGLISH, "preview", answer=WORDS, more="your-results")
    assert shown.status_code == 200
    page = html.unescape(shown.get_data(as_text=True))
    heard = re.search(r'<p id="heard"[^>]*>(.*?)</p>', page, re.S)
    texted = re.search(r'<p id="texted"[^>]*>(.*?)</p>', page, re.S)
    assert heard and heard.group(1) == WORDS
    assert texted and texted.group(1).startswith(WORDS)
    assert texted.group(1).endswith("/articles/your-results")
    named = re.search(r'<p id="named"[^>]*>(.*?)</p>', page, re.S)
    assert named and QUESTION.rstrip("?") in named.group(1)  # its question, said as a choice
    assert WORDS not in named.group(1)
    assert edit_form(editing, ENGLISH)["answer"] == ""  # a preview saves nothing


def test_a_translation_edits_its_own_words_beside_the_english_and_follows_it(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish(editing, reviewing)
    page = page_text(editing, WELSH)
    assert f"In English: {WORDS}" in page
    form = edit_form(editing, WELSH)
    assert not {"more", "section", "sources"} & set(form)
    welsh = "Cewch. Gallwch fwyta ac yfed fel arfer."
    sent = send(editing, WELSH, "submit", question="Alla i fwyta?", phrasings="alla i fwyta",
                answer=welsh, more="going-for-a-scan")  # fmt: skip
    assert sent.status_code == 302, said(sent)
    approve(reviewing, WELSH)
    assert "more" not in answer_file(app, ".cy").read_text()  # set once, in English
    assert served(app, "cy").answer == welsh and served(app, "cy").more == "your-results"
    assert "Behind English" not in page_text(reviewing, WELSH)
    publish(editing, reviewing, answer="Yes. Eat and drink as normal.")
    behind = re.search(r'id="behind">(.*?)</section>', page_text(reviewing, WELSH), re.S)
    assert behind and re.search(r"<del>[^<]*You can eat", behind.group(1)), behind


def test_a_translation_that_sets_more_is_refused(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, editor: Person
):
    publish(editing, reviewing)
    text = (
        "question: Alla i fwyta?\nphrasings: [alla i fwyta]\nanswer: Cewch.\nmore: your-results\n"
    )
    settings = services(app).settings
    with app.app_context(), new_session(app) as session:
        person = session.get(User, editor.id)
        assert person is not None
        key = Key(ANSWER, "cy", ANSWER_ID)
        draft = workflow.save(session, key, workflow.Words(text), person, None)
        with pytest.raises(EditorError, match="'more' is set once for every language"):
            workflow.submit(session, draft, person, settings.content_dir,
                            settings.public_base_url)  # fmt: skip
    assert not answer_file(app, ".cy").exists()


def test_a_rollback_puts_the_earlier_answer_back(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish(editing, reviewing)
    publish(editing, reviewing, answer="No. Do not eat for six hours before.")
    assert served(app).answer == "No. Do not eat for six hours before."
    page = reviewing.get(f"{ENGLISH}/history/back?version=1")
    assert page.status_code == 200, page.status_code
    form = form_values(page.get_data(as_text=True), "rollback-form")
    reason = "The department changed its mind."
    back = reviewing.post(f"{ENGLISH}/history", data={**form, "reason": reason,
                                                      "action": "rollback"})  # fmt: skip
    assert back.status_code == 302, said(back)
    assert served(app).answer == WORDS
    assert "Back to version 1" in page_text(reviewing, f"{ENGLISH}/history")


def test_an_editor_cannot_approve_and_a_reviewer_cannot_start_an_answer(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    assert written(editing).status_code == 302
    token = csrf(editing, ENGLISH)
    refused = editing.post(ENGLISH, data={"csrf_token": token, "action": "approve"})
    assert refused.status_code == 403 and not answer_file(app).exists()
    other = "test-other"
    form = {"csrf_token": csrf(reviewing, OVERVIEW), "id": other, "question": QUESTION}
    assert reviewing.post(NEW, data=form).status_code == 403
    assert 'id="new-answer"' not in page_text(reviewing, OVERVIEW)  # not offered either
    with new_session(app) as session:
        assert documents.find(session, Key(ANSWER, "en", other)) is None


def test_starting_an_answer_without_the_csrf_token_does_nothing(app: Flask, editing: FlaskClient):
    before = len(trail(app))
    refused = editing.post(NEW, data={"id": ANSWER_ID, "question": QUESTION})
    assert refused.status_code == 400
    assert len(trail(app)) == before and documents_of(editing) is None


@pytest.mark.parametrize(
    ("taken", "why"),
    [
        ("your-results", "A topic has the id your-results already"),
        ("test-scan", "One of the department's scans has the id test-scan"),
        ("kept-answer", "There is a short answer kept-answer already"),
        ("menus", "An answer's id is lower-case letters"),
        ("123", "An answer's id is lower-case letters"),
    ],
)
def test_a_new_answer_may_not_take_a_topics_a_scans_or_an_answers_id(
    app: Flask, editing: FlaskClient, taken: str, why: str
):
    before = {e.id for e in trail(app)}
    refused = start(editing, taken)
    assert refused.status_code == 303 and refused.headers["Location"].endswith("#new-answer")
    assert why in page_text(editing, OVERVIEW)
    assert [e for e in trail(app) if e.id not in before] == []


def test_a_new_topic_may_not_take_a_short_answers_id(app: Flask, editing: FlaskClient):
    assert start(editing).status_code == 303
    refused = editing.get(f"/admin/content/new?id={ANSWER_ID}")
    assert refused.status_code == 303
    assert f"{ANSWER_ID} is the id of a scan or a short answer" in page_text(editing, OVERVIEW)


def test_the_overview_lists_the_short_answers_with_their_state_in_each_language(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    assert start(editing).status_code == 303
    table = re.search(r'<table id="answers".*?</table>', page_text(reviewing, OVERVIEW), re.S)
    assert table and QUESTION in table.group(0) and "Do I need to bring anything?" in table.group(0)
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(QUESTION)}</th>(.*?)</tr>", table.group(0),
                    re.S)  # fmt: skip
    assert row and "not chosen yet" in row.group(1) and ">draft<" in row.group(1)
    assert row.group(1).count("Not written yet") == 3  # a draft in English, none in the others
    publish(editing, reviewing)
    table = re.search(r'<table id="answers".*?</table>', page_text(reviewing, OVERVIEW), re.S)
    assert table
    row = re.search(rf"<tr><th scope=\"row\">{re.escape(QUESTION)}</th>(.*?)</tr>", table.group(0),
                    re.S)  # fmt: skip
    assert row and "Getting your results" in row.group(1) and "Version 1" in row.group(1)
    assert QUESTION not in page_text(reviewing, OVERVIEW).split('id="answers"')[0]  # not a topic


def test_the_form_keeps_a_files_comments_and_order(app: Flask, editing: FlaskClient):
    url = "/admin/content/en/kept-answer"
    form = edit_form(editing, url)
    assert form["phrasings"] == "do I need to bring anything\nwhat should I bring"
    saved = send(editing, url, "save", phrasings=form["phrasings"] + "\nwhat do I take with me")
    assert saved.status_code == 302, said(saved)
    with new_session(app) as session:
        document = documents.find(session, Key(ANSWER, "en", "kept-answer"))
        assert document is not None and document.draft is not None
        text = document.draft.text
    assert text.startswith("# Written with the department's nurses.\nquestion:")
    assert "# heard on the line" in text and "  - what do I take with me\n" in text
    assert text.index("answer:") < text.index("more:") < text.index("sources:")
