"""Publishing is seamless: the moment a publication's file goes live, every item of every
language whose words it changes (the topic's title, which says the month it was last
checked, included) has its audio made, at normal speed and slower, so the very next call
hears it played, never spoken by <Say>. A render that fails still publishes, and the
reviewer is told what callers hear meanwhile."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from rq import Queue

from app.audio import render
from app.audio.engines import RenderError
from app.audio.items import Item
from app.audio.names import item_digest
from app.audio.status import job_id
from app.content.item_keys import ItemKey, ItemKind
from app.content.languages import suffix
from app.content.loader import languages, procedures
from app.content.procedures import file_name as file_name_of
from app.editor import prerender
from app.queues import AUDIO
from app.services import services
from tests.support.admin import trail
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    change_body,
    old_words,
    render_queued,
    review_form,
    said,
)
from tests.support.edits import edit, replaced
from tests.support.forms import form_values
from tests.support.heard import answer, assert_played_at_once, changed, spoken

TOPIC_ID = "your-results"


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The topic last checked a year ago, so publishing it today changes the month and year
    its title says (as approving a topic does whenever a month has turned)."""
    path = content_dir / f"{TOPIC_ID}.md"
    found = re.search(r"^last_reviewed: .+$", path.read_text(encoding="utf-8"), re.MULTILINE)
    assert found, "the topic says when it was last checked"
    today = dt.date.today()
    edit(path, found.group(0), f"last_reviewed: {dt.date(today.year - 1, today.month, 1)}")
    return content_dir


def approve(reviewing: FlaskClient) -> str:
    """The reviewer publishes the draft waiting; what the page says afterwards."""
    done = reviewing.post(TOPIC, data={**review_form(reviewing), "action": "approve"})
    assert done.status_code == 302, said(done)
    return reviewing.get(TOPIC).get_data(as_text=True)


def silence(monkeypatch: pytest.MonkeyPatch) -> None:
    """The speech service stops answering: every render from now on fails."""

    def down(*args: object, **kwargs: object) -> bytes:
        raise RenderError("the speech service did not answer")

    monkeypatch.setattr(render, "synthesise", down)


def _titles_and_new_words(items: list[Item]) -> None:
    ids = {i.id for i in items}
    for speed in ("normal", "slow"):
        assert f"en/{speed}/intro:{TOPIC_ID}" in ids  # the month it was checked changed
    assert {i.slow for i in items if NEW_WORDS in i.text} == {False, True}


@pytest.mark.slow  # renders the draft's audio with an (in-process) rq worker
def test_after_approval_the_next_call_plays_the_title_and_every_changed_part(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, client: FlaskClient,
    worker_settings: None, monkeypatch: pytest.MonkeyPatch,
):  # fmt: skip
    before = spoken(app)
    change_body(editing, "submit")
    render_queued(app)  # the draft's audio, made while it waits for review
    # Made during review as it will be published (its title with this month): approving
    # needs the speech service no more.
    silence(monkeypatch)
    page = approve(reviewing)
    assert "could not be made" not in page
    now = changed(before, spoken(app))
    _titles_and_new_words(now)
    assert_played_at_once(app, client, now)


def test_approval_makes_what_review_did_not_before_the_words_go_live(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, client: FlaskClient
):
    before = spoken(app)
    change_body(editing, "submit")  # no worker runs: nothing is rendered during review
    approve(reviewing)
    now = changed(before, spoken(app))
    _titles_and_new_words(now)
    assert_played_at_once(app, client, now)


def test_a_rollback_plays_the_words_it_brings_back_at_once(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, client: FlaskClient
):
    change_body(editing, "submit")
    approve(reviewing)
    before = spoken(app)
    page = reviewing.get(f"{TOPIC}/history/back?version=1")
    assert page.status_code == 200, page.status_code
    form = form_values(page.get_data(as_text=True), "rollback-form")
    reason = "The new wording confused patients on the ward."
    back = reviewing.post(f"{TOPIC}/history", data={**form, "reason": reason, "action": "rollback"})
    assert back.status_code == 302, said(back)
    now = changed(before, spoken(app))
    assert {i.slow for i in now if ItemKey.parse(i.key).kind is ItemKind.INTRO} == {False, True}
    assert_played_at_once(app, client, now)


def test_a_render_that_fails_still_publishes_and_the_reviewer_is_told(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, client: FlaskClient,
    monkeypatch: pytest.MonkeyPatch,
):  # fmt: skip
    before = spoken(app)
    change_body(editing, "submit")
    silence(monkeypatch)
    page = approve(reviewing)
    assert "Published as version" in page
    assert "could not be made" in page  # and what callers hear meanwhile
    now = changed(before, spoken(app))
    part = next(i for i in now if NEW_WORDS in i.text and not i.slow)
    assert any(NEW_WORDS in s for s in answer(client, part)[1])  # spoken by <Say> meanwhile
    waiting = set(Queue(AUDIO, connection=services(app).redis).job_ids)
    engine = services(app).settings.tts_engine
    assert {job_id(i.id, item_digest(i, engine)) for i in now} <= waiting  # tried again
    published = [e for e in trail(app) if e.action == "content.published"][-1]
    assert '"audio_waiting"' in published.detail  # in the trail too


@pytest.mark.slow  # renders what was left with an (in-process) rq worker
def test_what_time_did_not_allow_is_published_spoken_then_played_once_made(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, client: FlaskClient,
    worker_settings: None, monkeypatch: pytest.MonkeyPatch,
):  # fmt: skip
    before = spoken(app)
    change_body(editing, "submit")
    monkeypatch.setattr(prerender, "RENDER_SECONDS", -1.0)  # no time at all to render
    assert "could not be made" in approve(reviewing)
    now = changed(before, spoken(app))
    title = next(i for i in now if i.id == f"en/normal/intro:{TOPIC_ID}")
    assert title.text in answer(client, title)[1]  # meanwhile: the words, in the phone's voice
    render_queued(app)  # queued at once, with the draft's own renders
    assert_played_at_once(app, client, now)


def _scan(content_dir: Path) -> str:
    """A scan the department has not switched on yet, with its words in every language."""
    langs = languages(content_dir)
    return next(
        p.id
        for p in procedures(content_dir)
        if not p.live
        and all((content_dir / file_name_of(p.id, suffix(lang))).is_file() for lang in langs)
    )


@pytest.mark.slow  # renders a whole scan in every language, normal and slower
def test_a_scan_switched_on_from_the_command_line_plays_in_every_language_at_once(
    app: Flask, client: FlaskClient, content_dir: Path
):
    """One English file (the scan's numbers and switches) changes what every language says."""
    before, scan = spoken(app), _scan(content_dir)
    done = app.test_cli_runner().invoke(
        args=["procedures", "enable", scan, "--confirmed-by", "Dee Partment"]
    )
    assert done.exit_code == 0, done.output
    now = changed(before, spoken(app))
    assert {i.lang for i in now if scan in i.key} == set(languages(content_dir))
    assert_played_at_once(app, client, now)


def test_new_words_play_before_the_manifest_names_their_files(
    app: Flask, client: FlaskClient, content_dir: Path
):
    """A web process reads the content and the manifest again on clocks of their own, so it
    can hold the new words before the manifest that names their files: they play all the
    same, their audio having been made before they were published."""
    before = spoken(app)
    path = content_dir / f"{TOPIC_ID}.md"
    new = replaced(path.read_text(encoding="utf-8"), old_words(), NEW_WORDS)
    with app.app_context():
        ahead = prerender.for_this_app()
        assert ahead is not None and ahead.before(content_dir, {path.name: new}) == 0
    path.write_text(new, encoding="utf-8")  # live; the manifest not yet told (no `after`)
    now = changed(before, spoken(app))
    assert {i.slow for i in now if NEW_WORDS in i.text} == {False, True}
    assert_played_at_once(app, client, now)
