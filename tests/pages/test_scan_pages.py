"""A particular scan's page and the sitemap: the department's numbers under the headings
callers hear, who confirmed them, and nothing of a scan once it is switched off."""

from __future__ import annotations

import html as html_lib
import re
import time
from pathlib import Path

from app.content.loader import load_libraries
from app.services import services
from tests.support.scan_files import CONFIRMER, english, translation, write_scan


def _page(client, path: str) -> str:
    return html_lib.unescape(client.get(path).get_data(as_text=True))


def _wait_for(app, check) -> None:
    """Until the line has read the content folder again (it does so by itself)."""
    for _ in range(100):
        services(app).speaker.libraries  # noqa: B018  (reading it is what reloads it)
        if check():
            return
        time.sleep(0.05)
    raise AssertionError("the line did not take the change")


def test_a_scans_page_has_each_part_under_its_heading_and_who_confirmed_the_numbers(
    app, client, content_dir: Path
):
    write_scan(
        content_dir, "test-scan", english("Test scan", ["test scan"], numbers={"contact_hours": 13})
    )
    write_scan(content_dir, "test-scan", translation("Sgan prawf", ["sgan prawf"]), "cy")
    libraries = load_libraries(content_dir)
    assert "test-scan" not in libraries["pl"].articles  # no Polish words: not in Polish
    assert client.get("/articles/test-scan?lang=pl").status_code == 404
    for lang, library in list(libraries.items())[:2]:
        scan = library.articles["test-scan"]
        page = _page(client, "/articles/test-scan" + ("" if lang == "en" else f"?lang={lang}"))
        headings = re.findall(r"<h2>([^<]+)</h2>", page)
        assert [s.heading for s in scan.sections] == headings[: len(scan.sections)]
        for section in scan.sections:
            assert section.text in page
        assert "13" in next(s.text for s in scan.sections if s.name == "after")
        assert CONFIRMER in page and scan.confirmation in page
        assert scan.lead in page


def test_a_scan_switched_off_leaves_its_page_the_index_and_the_sitemap(
    app, client, content_dir: Path
):
    path = write_scan(content_dir, "test-scan", english("Test scan", ["test scan"]))
    assert client.get("/articles/test-scan").status_code == 200
    assert "/articles/test-scan" in client.get("/").get_data(as_text=True)
    sitemap = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/articles/test-scan</loc>" in sitemap
    path.write_text(path.read_text().replace("enabled: true", "enabled: false"))
    _wait_for(app, lambda: "test-scan" not in services(app).speaker.library.articles)
    assert client.get("/articles/test-scan").status_code == 404
    assert "/articles/test-scan" not in client.get("/").get_data(as_text=True)
    assert "test-scan" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_a_scan_nobody_confirmed_never_has_a_page(app, client, content_dir: Path):
    write_scan(content_dir, "test-scan", english("Test scan", ["test scan"], confirmed_by=""))
    assert client.get("/articles/test-scan").status_code == 404
    assert "test-scan" not in client.get("/sitemap.xml").get_data(as_text=True)


def test_the_sitemap_lists_every_page_in_every_language(app, client):
    locs = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").get_data(as_text=True))
    wanted = [
        (article_id, lang)
        for lang, library in services(app).speaker.libraries.items()
        for article_id in library.articles
    ]
    assert len(locs) == len(set(locs)) == len(wanted)
    for article_id, lang in wanted:
        suffix = "" if lang == "en" else f"?lang={lang}"
        assert any(loc.endswith(f"/articles/{article_id}{suffix}") for loc in locs)
