"""Staff read the department's words, not the code's: on every admin page, signed in as each
role, no item key (`article:your-results:1`), no "TTS", no `<Say>`; items named in words."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient
from rq import Queue

from app.queues import AUDIO, RENDER_AUDIO
from app.services import services
from tests.support.admin import add_person, csrf
from tests.support.editing import (
    TOPIC,
    app,
    as_person,
    change_body,
    config,
    editing,
    editor,
    publish_change,
    reviewer,
    reviewing,
)

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

__all__ = ["app", "config", "editing", "editor", "reviewer", "reviewing"]  # fixtures

KEY = re.compile(r"\b(?:article|prompt|answer|offer|procedure|menu|intro|sms):[a-z0-9_-]+")
CODE_WORDS = re.compile(r"\bTTS\b|<Say>|\bgTTS\b|\bespeak")
PAGES = [
    "/admin/", "/admin/content", TOPIC, f"{TOPIC}/audio", f"{TOPIC}/history",
    f"{TOPIC}/history?a=1&b=2", f"{TOPIC}/history/back?version=1", "/admin/content/cy/your-results",
    "/admin/content/en/prompts", "/admin/content/en/menus", "/admin/content/en/breastfeeding",
    "/admin/content/en/bone-scan", "/admin/recordings/en/article:your-results:1",
    "/admin/recordings/en/menu:main", "/admin/recordings/cy/prompt:welcome", "/admin/phone",
    "/admin/stats", "/admin/audit", "/admin/people", "/admin/account", "/admin/settings",
    "/admin/feedback", "/admin/questions",
]  # fmt: skip
PART_ONE = "en/normal/article:your-results:1"
# Attributes a person meets too: read aloud by a screen reader, or shown on hover.
SAID_ATTRIBUTES = ("aria-label", "title", "alt", "placeholder")


class _Visible(HTMLParser):
    """A page's words as a person meets them: text (no scripts or styles), and the labels
    a screen reader reads."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._hidden += 1
        self.words += [value or "" for name, value in attrs if name in SAID_ATTRIBUTES]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.words.append(data)


def visible(html: str) -> str:
    parser = _Visible()
    parser.feed(html)
    return " ".join(" ".join(parser.words).split())


def nav_links(client: FlaskClient) -> list[str]:
    """The pages the admin's own links lead to from its first page (a new page is walked)."""
    page = client.get("/admin/").get_data(as_text=True)
    found = re.findall(r'href="(/admin/[^"?#]*)"', page)
    return [p for p in found if not p.endswith((".csv", ".mp3"))]


@pytest.fixture
def shown(app, editing, reviewing) -> dict[str, FlaskClient]:
    """A draft waiting for review (its audio to listen to), over a published change: every
    part of the review and history pages has something to show; a client for each role."""
    publish_change(editing, reviewing)
    done = change_body(editing, "submit", title="Getting your scan results")
    assert done.status_code == 302
    admin = as_person(app, add_person(app, "admin", name="Ada Admin"))
    audio = Queue(AUDIO, connection=services(app).redis)  # a render that failed, by its id
    failed = audio.enqueue(RENDER_AUDIO, PART_ONE, "0" * 64, description=f"render {PART_ONE}")
    audio.remove(failed)
    audio.failed_job_registry.add(failed, ttl=600, exc_string="RenderError: no voice")
    again = {"item": "cy/normal/prompt:welcome", "csrf_token": csrf(admin, "/admin/")}
    assert admin.post("/admin/audio/render", data=again).status_code == 302  # in the trail
    return {"editor": editing, "reviewer": reviewing, "admin": admin}


def test_no_admin_page_shows_an_item_key_or_the_code_s_words_for_speech(shown):
    walked = 0
    for role, client in shown.items():
        for path in dict.fromkeys(PAGES + nav_links(client)):
            answer = client.get(path)
            assert answer.status_code in (200, 403), (role, path, answer.status_code)
            if answer.status_code == 403:
                continue
            walked += 1
            words = visible(answer.get_data(as_text=True))
            assert not KEY.search(words), (role, path, KEY.findall(words)[:5])
            assert not CODE_WORDS.search(words), (role, path, CODE_WORDS.findall(words))
    assert walked >= 50  # every role saw most pages


def test_items_are_named_by_their_topic_part_menu_and_question(shown):
    dashboard = visible(shown["reviewer"].get("/admin/").get_data(as_text=True))
    assert "Prompt: welcome" in dashboard  # Welsh and Polish are not rendered in the tests
    assert "Making audio: Getting your results, part 1 (en)" in dashboard  # the failed job
    audio = visible(shown["editor"].get(f"{TOPIC}/audio").get_data(as_text=True))
    assert "Getting your results, part 1" in audio and "Getting your results, its" in audio
    for page in ("audio", "history"):  # each page is titled by the topic's title
        html = shown["editor"].get(f"{TOPIC}/{page}").get_data(as_text=True)
        titles = re.findall(r"<(?:title|h1)>(.*?)</(?:title|h1)>", html, re.S)
        assert len(titles) == 2 and all("Getting your results" in visible(t) for t in titles)
        assert not any("your-results" in t for t in titles), titles
    menus = visible(shown["editor"].get("/admin/content/en/menus/audio").get_data(as_text=True))
    assert "Menu words: Main menu" in menus
    review = visible(shown["reviewer"].get(TOPIC).get_data(as_text=True))
    assert "normal speed, Getting your results, its introduction" in review
    trail = visible(shown["admin"].get("/admin/audit").get_data(as_text=True))
    assert "the audio of Prompt: welcome (cy)" in trail
    recording = visible(shown["editor"].get("/admin/recordings/en/prompt:welcome").data.decode())
    assert "A recording of Prompt: welcome (en)" in recording
    welsh = visible(shown["editor"].get("/admin/content/cy/your-results/audio").data.decode())
    assert "the phone service's synthetic voice until its audio is made" in welsh
