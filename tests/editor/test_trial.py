"""The test phone "as the draft": a reviewer rings the whole line with a draft's words in
place of the published ones, played once rendered and spoken until then; callers meanwhile
hear only the published line."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.support.admin import csrf
from tests.support.editing import NEW_WORDS, TOPIC, change_body, render_queued
from tests.support.phone import key_path
from tests.support.shipped import library

DRAFT = "en/your-results"


def _ring(client: FlaskClient, draft: str | None) -> list[list[dict[str, Any]]]:
    """Every answer of a test call to the topic and through its parts, as the page sees it."""
    headers = {"X-CSRFToken": csrf(client, "/admin/phone")}
    extra = {"draft": draft} if draft else {}

    def step(url: str, digits: str = "") -> list[dict[str, Any]]:
        json = {"url": url, "call_sid": "CAtrial", "digits": digits, **extra}
        answer = client.post("/admin/phone/step", json=json, headers=headers)
        assert answer.status_code == 200, answer.json
        return answer.json["verbs"]

    answers = [step("/voice")]
    for key in key_path(library(), "your-results"):
        answers.append(step(answers[-1][0]["action"], key))
    while "/part/" in answers[-1][0]["action"]:
        answers.append(step(answers[-1][0]["action"], "6"))
    return answers


def _words(answers: list[list[dict[str, Any]]], verb: str) -> str:
    return " ".join(
        p["text"] for a in answers for v in a if v["verb"] == "gather" for p in v["prompt"]
        if p["verb"] == verb
    )  # fmt: skip


def test_a_reviewer_hears_the_draft_spoken_before_its_audio_is_made(
    reviewing: FlaskClient, editing: FlaskClient, call
):
    change_body(editing, "submit")
    page = reviewing.get(TOPIC).get_data(as_text=True)
    link = re.search(r'id="try-draft" href="([^"]+)"', page)
    assert link, "the review has no way to ring the test phone as the draft"
    listed = reviewing.get(html.unescape(link.group(1))).get_data(as_text=True)
    assert 'id="as-draft"' in listed and f'data-draft="{DRAFT}"' in listed
    assert NEW_WORDS in _words(_ring(reviewing, DRAFT), "say")
    published = _words(_ring(reviewing, None), "say") + _words(_ring(reviewing, None), "play")
    assert NEW_WORDS not in published
    phone = call()  # a caller, meanwhile
    phone.start()
    turn = phone.press("4")
    heard = list(turn.said)
    while turn.gather and "/part/" in turn.gather["action"]:
        turn = phone.press("6")
        heard += turn.said
    assert NEW_WORDS not in " ".join(heard)


@pytest.mark.slow  # renders audio with a real (in-process) rq worker
def test_once_rendered_the_draft_plays_in_real_audio_on_the_test_phone(
    app: Flask, reviewing: FlaskClient, editing: FlaskClient, worker_settings
):
    change_body(editing, "submit")
    render_queued(app)
    answers = _ring(reviewing, DRAFT)
    assert NEW_WORDS in _words(answers, "play") and NEW_WORDS not in _words(answers, "say")
    played = [p["url"] for a in answers for v in a if v["verb"] == "gather"
              for p in v["prompt"] if p["verb"] == "play" and NEW_WORDS in p["text"]]  # fmt: skip
    path = re.sub(r"^https?://[^/]+", "", played[0])
    with reviewing.get(path) as audio:
        assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"


@pytest.mark.parametrize("draft", [DRAFT, "en/no-such-topic", "../../etc/passwd", "x"])
def test_ringing_as_a_draft_there_is_not_says_so(reviewing: FlaskClient, draft):
    headers = {"X-CSRFToken": csrf(reviewing, "/admin/phone")}
    answer = reviewing.post("/admin/phone/step", headers=headers,
                            json={"url": "/voice", "call_sid": "CAx", "draft": draft})  # fmt: skip
    assert answer.status_code == 400 and "no draft" in answer.json["error"]
