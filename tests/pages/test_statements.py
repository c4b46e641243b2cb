"""The privacy notice and the accessibility statement: on the line itself, linked from the
foot of every public page, with the figures the code keeps things by."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from app import create_app, redis_keys
from app.ask.kept import KEPT_DAYS
from app.privacy import SEAL_SECONDS
from app.settings import Settings
from tests.support.shipped import library

PUBLIC_PAGES = [
    "/",
    "/articles/your-results",
    "/articles/your-results?lang=cy",
    "/privacy",
    "/accessibility",
]


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def lang_of(path: str) -> str:
    return parse_qs(urlsplit(path).query).get("lang", ["en"])[0]


@pytest.mark.parametrize(
    "path,heading", [("/privacy", "page_privacy"), ("/accessibility", "page_accessibility")]
)
def test_the_privacy_notice_and_accessibility_statement_answer_with_their_headings(
    client, path, heading
):
    text = page(client, path)
    assert re.search(rf"<h1>\s*{re.escape(library().prompt(heading))}\s*</h1>", text)
    assert '<html lang="en-GB">' in text


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_links_to_both_from_its_footer_in_its_readers_language(client, path):
    footer = page(client, path).split("<footer", 1)[1]
    kept = "" if lang_of(path) == "en" else f"?lang={lang_of(path)}"
    assert f'href="/privacy{kept}"' in footer and f'href="/accessibility{kept}"' in footer


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_says_general_information_only_and_where_to_get_urgent_help(client, path):
    footer = html.unescape(page(client, path).split("<footer", 1)[1])
    assert " ".join(library(lang_of(path)).prompt("page_footer").split()) in " ".join(
        footer.split()
    )
    assert "999" in footer and "111" in footer


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_the_public_pages_set_no_cookie(client, path):
    response = client.get(path)
    assert "Set-Cookie" not in response.headers


def test_the_privacy_notice_gives_the_lifetimes_the_code_keeps(client):
    text = " ".join(page(client, "/privacy").split())
    assert f"kept for {redis_keys.STATS_DAYS} days" in text
    assert f"After {SEAL_SECONDS // 3600} hours, the line cannot open it" in text
    assert f"kept for {redis_keys.TEXT_LIMIT_SECONDS // 86400} days" in text
    assert f"kept for {redis_keys.TEXTED_CALL_SECONDS // 3600} hours" in text
    assert f"kept for {redis_keys.TEXT_LANGUAGE_SECONDS // 86400} days" in text
    assert f"kept for {redis_keys.FEEDBACK_SECONDS // 86400} day" in text
    assert f"deleted after {Settings.feedback_retention_days} days" in text
    assert f"deleted after at most {KEPT_DAYS} days" in text


def test_the_privacy_notice_follows_the_hospitals_own_comment_retention(config):
    line = create_app({**config, "FEEDBACK_RETENTION_DAYS": "90"})
    text = " ".join(line.test_client().get("/privacy").get_data(as_text=True).split())
    assert "deleted after 90 days" in text
    assert "Your call is not recorded." in text
    assert "Your hospital's data protection officer can tell you more: ask the department." in text


def test_the_accessibility_statement_says_how_it_was_tested_its_gaps_and_enforcement(client):
    text = " ".join(page(client, "/accessibility").split())
    assert "axe-core" in text
    for gap in ("British Sign Language", "fluent speaker", "your browser's own"):
        assert gap in text
    assert "Equality and Human Rights Commission" in text
    assert "Equality Commission for Northern Ireland" in text
    assert "Phone the department" in text
