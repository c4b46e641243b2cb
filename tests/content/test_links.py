"""A topic's links go only to the web, encrypted: an address a browser would run, or read as
another scheme, is named to the editor when saved, stops publishing, and is never a link on
a page (app.content.links.safe_href, the one test of an address)."""

from __future__ import annotations

import html

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.content.links import safe_href
from app.services import services
from tests.support.articles import findings_for, make_article
from tests.support.editing import (  # noqa: F401
    TOPIC,
    app,
    as_person,
    change_body,
    config,
    editing,
    editor,
    topic_file,
)
from tests.support.edits import edit
from tests.support.shipped import library

SAFE = [
    "https://www.nhs.uk/conditions/radionuclide-scan/",
    "https://www.bnms.org.uk/",
    "HTTPS://WWW.NHS.UK/",
    "https://x.example/a?b=c&d=e#f",
    "https://user@x.example:8443/path",
    "https://[2001:db8::1]/",
]
HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "\tjavascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "\x01javascript:alert(1)",
    "\u200bjavascript:alert(1)",
    "javascript&colon;alert(1)",
    "&#106;avascript:alert(1)",
    "javascript:https://x.example/",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "file:///etc/passwd",
    "//evil.example/",
    "\\\\evil.example/",
    "/\\evil.example/",
    "http://www.nhs.uk/",
    "ftp://files.example/",
    "mailto:someone@example.org",
    "tel:+441134960000",
    "https:evil.example",
    "https:/evil.example",
    "https:///evil.example",
    "https://",
    "https://user@",
    "https://[::1",
    "https ://x.example/",
    "https://x.example/ javascript:alert(1)",
    "https://x.example/\u2028",
    "https://x.example\\@evil.example/",
    "\u0000https://x.example/",
    "https\uff1a//x.example/",
    "www.nhs.uk",
    "/articles/your-results",
    "#top",
    "",
]


@pytest.mark.parametrize("url", SAFE)
def test_an_https_address_with_a_host_is_a_link_as_written(url):
    assert safe_href(url) == url


@pytest.mark.parametrize("url", HOSTILE)
def test_any_other_address_is_never_a_link(url):
    assert safe_href(url) is None


def test_the_content_check_refuses_a_link_that_is_not_https_naming_it():
    article = make_article(links=[{"title": "Our leaflet", "url": "javascript:alert(1)"},
                                  {"title": "NHS", "url": "https://www.nhs.uk/"}])  # fmt: skip
    found = [f for f in findings_for(article) if f.check == "link-address"]
    assert [f.level for f in found] == ["error"]
    assert "Our leaflet" in found[0].message and "javascript:alert(1)" in found[0].message


def test_the_content_check_command_fails_on_such_a_link(app: Flask):  # noqa: F811
    topic = services(app).settings.content_dir / "your-results.md"
    edit(topic, library().articles["your-results"].links[0].url, "'//evil.example/'")
    result = app.test_cli_runner().invoke(args=["content", "check"])
    assert result.exit_code == 1 and "//evil.example/" in result.output


def test_an_editor_saving_such_a_link_is_told_and_it_never_reaches_the_line(
    app: Flask,  # noqa: F811
    editing: FlaskClient,  # noqa: F811
):
    before = topic_file(app)
    bad = "Our leaflet | javascript:fetch('/admin/people')"
    assert change_body(editing, "save", links=bad).status_code == 302  # kept, as typed
    page = html.unescape(editing.get(TOPIC).get_data(as_text=True))
    assert 'Error: The link "Our leaflet" goes to "javascript:fetch(\'/admin/people\')"' in page
    assert 'href="javascript:' not in page  # the preview shows it as words only
    refused = change_body(editing, "submit", links=bad)
    assert refused.status_code == 422
    assert "javascript:fetch" in html.unescape(refused.get_data(as_text=True))
    assert topic_file(app) == before
