"""Every page a browser can open carries the line's headers: a strict content security policy
(so a link or script slipped into a topic cannot run), never in a frame, never sniffed, no
referrer; and nothing on the public pages that such a policy would break."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from xml.etree import ElementTree

import pytest
from flask import Flask

from app import create_app
from tests.support.admin import add_person, sign_in
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.simulator import signed_post

PUBLIC = ["/", "/articles/your-results", "/articles/your-results?lang=cy", "/privacy",
          "/accessibility", "/articles/not-a-topic", "/no/such/page",
          "/static/nothing.css"]  # fmt: skip


def policy(response) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    """The Content-Security-Policy as its directives and their sources."""
    found = response.headers.get("Content-Security-Policy", "")
    parts = [p.split() for p in found.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


def assert_protected(response, path: str) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    csp = policy(response)
    assert csp.get("default-src") == ["'self'"], path
    assert csp.get("script-src") == ["'self'"], path
    assert csp.get("object-src") == ["'none'"] and csp.get("base-uri") == ["'none'"], path
    assert csp.get("frame-ancestors") == ["'none'"] and csp.get("form-action") == ["'self'"], path
    assert not [s for sources in csp.values() for s in sources if "unsafe" in s], path
    assert response.headers["X-Frame-Options"] == "DENY", path
    assert response.headers["X-Content-Type-Options"] == "nosniff", path
    assert response.headers["Referrer-Policy"] == "no-referrer", path
    return csp


@pytest.mark.parametrize("path", PUBLIC)
def test_every_public_page_and_error_page_has_the_headers(client, path):
    response = client.get(path)
    assert response.status_code in (200, 404), path
    csp = assert_protected(response, path)
    assert "blob:" not in csp["media-src"] and "data:" not in csp.get("img-src", [])


def test_a_method_not_allowed_and_a_refused_feedback_form_have_them_too(client):
    assert_protected(client.delete("/articles/your-results"), "DELETE")
    assert_protected(client.post("/articles/your-results/feedback", data={}), "feedback")


class _Inline(HTMLParser):
    """What a strict policy would block: inline scripts and styles, handlers, other hosts."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if tag == "style" or (tag == "script" and not named.get("src")):
            self.blocked.append(f"inline <{tag}>")
        self.blocked += [f"{tag} {name}=" for name, _ in attrs if name == "style" or
                         name.startswith("on")]  # fmt: skip
        source = named.get("src") or (named.get("href") if tag == "link" else None)
        if source and re.match(r"(?i)[a-z][a-z0-9+.-]*:|//", source):
            if not source.startswith(BASE_URL):
                self.blocked.append(f"{tag} from {source}")


@pytest.mark.parametrize("path", PUBLIC[:5])
def test_the_public_pages_have_nothing_the_policy_would_block(client, path):
    html = client.get(path).get_data(as_text=True)
    found = _Inline()
    found.feed(html)
    assert found.blocked == [] and "stylesheet" in html


def test_audio_from_another_address_is_allowed_to_play(config):
    """AUDIO_BASE_URL (a CDN in front of the audio): the page's players still play."""
    app = create_app({**config, "AUDIO_BASE_URL": "https://audio.example.org/line/"})
    response = app.test_client().get("/articles/your-results")
    players = re.findall(r'<audio[^>]*src="(https://[^/"]+)/', response.get_data(as_text=True))
    assert players and set(players) <= set(policy(response)["media-src"])


def test_the_admin_keeps_its_own_policy_and_plays_a_recording_made_in_the_browser(
    app: Flask, client, database_url, redis
):
    for path in ("/admin/login", "/admin/", "/admin/people", "/admin/content"):
        if path == "/admin/":
            assert sign_in(client, add_person(app, "admin")).status_code == 302
        response = client.get(path)
        assert response.status_code == 200, path
        csp = assert_protected(response, path)
        assert "blob:" in csp["media-src"] and response.headers["Cache-Control"] == "no-store"
    assert "blob:" not in policy(client.get("/"))["media-src"]


@pytest.mark.parametrize("path", ["/voice", "/sms"])
def test_twilios_answers_stay_plain_twiml_never_sniffed(client, path):
    params = {"CallSid": "CA" + "1" * 32, "MessageSid": "SM" + "1" * 32,
              "From": "+447400123456", "Body": "menu"}  # fmt: skip
    response = signed_post(client, AUTH_TOKEN, BASE_URL + path, params)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Security-Policy" not in response.headers
    ElementTree.fromstring(response.get_data())
