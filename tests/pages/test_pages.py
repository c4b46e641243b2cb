"""The web page for each article: what a texted link opens."""

from __future__ import annotations

import json
import re

import pytest

from app.content.spoken import parts
from app.services import services
from tests.support.edits import replaced
from tests.support.shipped import library


@pytest.mark.shipped("article_id", "articles")
def test_every_article_has_a_plain_page_with_its_words_audio_and_links(app, client, article_id):
    article = services(app).speaker.library.articles[article_id]
    response = client.get(f"/articles/{article_id}")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<html lang="en-GB">' in html
    assert re.search(r"<h1>\s*" + re.escape(article.title.replace("'", "&#39;")), html)
    for paragraph in article.paragraphs:
        assert paragraph.replace("'", "&#39;").replace('"', "&#34;") in html
    players = re.findall(r'<audio[^>]*src="([^"]+)"', html)
    assert len(players) == len(parts(article))
    for src in players:
        assert client.get(src.split("example.org", 1)[1], buffered=True).status_code == 200
    for link in article.links:
        assert f'href="{link.url}"' in html


def test_index_lists_every_article(client):
    html = client.get("/").get_data(as_text=True)
    for article_id in sorted(library().articles):
        assert f"/articles/{article_id}" in html


def test_an_unknown_article_is_404(client):
    assert client.get("/articles/not-a-page").status_code == 404


def test_page_without_rendered_audio_still_shows_the_words(client, audio_dir):
    (audio_dir / "manifest.json").unlink()
    html = client.get(f"/articles/{sorted(library().articles)[0]}").get_data(as_text=True)
    assert "<audio" not in html and "<h1>" in html


def test_healthz_says_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


HOSTILE_LINKS = ["javascript:alert(document.domain)", " JavaScript:alert(1)", "java\tscript:x",
                 "//evil.example/", "data:text/html,<script>alert(1)</script>",
                 "http://plain.example/", "vbscript:x"]  # fmt: skip


def test_a_link_a_browser_would_run_is_shown_as_words_never_as_a_link(client, content_dir):
    """A file written by hand (or published before links were checked) cannot put a
    javascript:, data: or //other-site link on a patient's page: its title shows, unlinked."""
    topic = content_dir / "your-results.md"
    links = "".join(f"  - title: Link {n}\n    url: {json.dumps(url)}\n"
                    for n, url in enumerate(HOSTILE_LINKS))  # fmt: skip
    text = replaced(topic.read_text(), "links:\n", "links:\n" + links)
    text += "\n[Body link](//evil.example/) and [another](javascript:alert(1)).\n"
    topic.write_text(text)
    page = client.get("/articles/your-results").get_data(as_text=True)
    hrefs = re.findall(r'href="([^"]*)"', page)
    assert [h for h in hrefs if not re.match(r"https://|/(?!/)|#", h)] == []
    assert "https://www.bnms.org.uk/" in hrefs  # the good one is still a link
    for n in range(len(HOSTILE_LINKS)):
        assert f"<li>Link {n}</li>" in page
