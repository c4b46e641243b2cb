"""Anything a caller hears or reads can be edited: prompts and menus (changed in place, the
file's comments kept), a new topic, and the checks as the person types."""

from __future__ import annotations

import html

from flask import Flask
from flask.testing import FlaskClient

from app.audio.names import file_name, item_digest
from app.content.loader import load_library
from app.services import services
from tests.support.editing import edit_form, review_form, said

PROMPTS = "/admin/content/en/prompts"
MENUS = "/admin/content/en/menus"


def publish(client: FlaskClient, reviewer: FlaskClient, url: str, **changes: str) -> None:
    form = edit_form(client, url)
    form.update({"note": "A test change", **changes, "action": "submit"})
    assert client.post(url, data=form).status_code == 302
    done = reviewer.post(url, data={**review_form(reviewer, url), "action": "approve"})
    assert done.status_code == 302, said(done)


def test_a_prompt_is_changed_in_place_and_callers_hear_it(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient, call
):
    path = services(app).settings.content_dir / "prompts.yaml"
    comments = [line for line in path.read_text().splitlines() if line.startswith("#")]
    words = "Sorry, I did not catch that. Please try again."
    publish(editing, reviewing, PROMPTS, **{"prompt-sorry": words})
    assert load_library(path.parent).prompt("sorry") == words
    assert [line for line in path.read_text().splitlines() if line.startswith("#")] == comments
    sorry = services(app).speaker.items()["en/normal/prompt:sorry"]
    assert sorry.text == words
    phone = call()
    phone.start()
    played = phone.press("6").played  # its new audio, made before it was published
    assert any(url.endswith("/" + file_name(item_digest(sorry, "espeak"))) for url in played)


def test_a_prompt_that_loses_its_gap_is_refused(editing: FlaskClient, reviewing: FlaskClient):
    form = edit_form(editing, PROMPTS)
    form.update({"prompt-option": "Press a key.", "action": "submit"})
    editing.post(PROMPTS, data=form)
    refused = reviewing.post(PROMPTS, data={**review_form(reviewing, PROMPTS), "action": "approve"})
    assert refused.status_code == 422
    assert "{option}" in html.unescape(refused.get_data(as_text=True))


def test_a_menu_is_renamed_and_a_clash_of_words_is_caught(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    publish(editing, reviewing, MENUS, **{"menu-resources-title": "Videos and leaflets"})
    library = load_library(services(app).settings.content_dir)
    assert library.menus["resources"].title == "Videos and leaflets"
    form = edit_form(editing, MENUS)
    form.update({"menu-resources-keywords": "results, video", "action": "save"})
    editing.post(MENUS, data=form)
    assert "could mean more than one choice" in editing.get(MENUS).get_data(as_text=True)


def test_the_checks_answer_as_the_person_types_and_nothing_is_saved(
    app: Flask, editing: FlaskClient
):
    form = edit_form(editing, "/admin/content/en/your-results")
    form["body"] += "\n\nFor more, click here: www.example.org."
    answer = editing.post("/admin/content/en/your-results/check", data=form)
    found = {f["check"] for f in answer.json["findings"]}
    assert {"phone-phrase", "raw-url"} <= found
    assert "There is a draft" not in editing.get("/admin/content/en/your-results").get_data(
        as_text=True
    )


def test_a_new_topic_starts_in_english_and_is_published_on_its_menu(
    app: Flask, editing: FlaskClient, reviewing: FlaskClient
):
    started = editing.get("/admin/content/new?id=bring-a-friend")
    assert started.status_code == 302 and started.headers["Location"].endswith(
        "/admin/content/en/bring-a-friend"
    )
    library = load_library(services(app).settings.content_dir)
    free = next(k for k in "12345" if library.menus["resources"].topic(k) is None)
    url = "/admin/content/en/bring-a-friend"
    publish(
        editing, reviewing, url,
        title="Bringing someone with you", menu="resources", key=free,
        option="To hear about bringing someone with you", keywords="friend, someone with me",
        sms_summary="You can bring someone with you to your scan.",
        body="You can bring a friend or relative with you. They can wait for you.",
        sources="The department's own patient information, 2026",
    )  # fmt: skip
    library = load_library(services(app).settings.content_dir)
    assert library.menus["resources"].topic(free).article == "bring-a-friend"
