"""/sitemap.xml: every page the line has now, in every language, for search engines and
the trust's web team. Built from the loaded content, so a scan switched off leaves it at once."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from flask import Blueprint, Response

from app.content.languages import DEFAULT_LANGUAGE
from app.content.links import article_link
from app.services import services

bp = Blueprint("sitemap", __name__)
_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap(base_url: str, pages: list[tuple[str, str, str | None]]) -> bytes:
    """The sitemap's XML for (language, article id, last checked) pages."""
    urlset = ET.Element("urlset", xmlns=_NS)
    for lang, article_id, checked in pages:
        url = ET.SubElement(urlset, "url")
        ET.SubElement(url, "loc").text = article_link(base_url, article_id, lang)
        if checked:
            ET.SubElement(url, "lastmod").text = checked
    xml: bytes = ET.tostring(urlset, encoding="utf-8", xml_declaration=True)
    return xml


@bp.get("/sitemap.xml")
def sitemap_xml() -> Response:
    libraries = services().speaker.libraries
    pages = [
        (lang, a.id, a.last_reviewed.isoformat() if a.last_reviewed else None)
        for lang, library in libraries.items()
        for a in sorted(library.articles.values(), key=lambda a: a.id)
    ]
    base_url = services().settings.public_base_url
    body = sitemap(base_url, sorted(pages, key=lambda p: (p[0] != DEFAULT_LANGUAGE, p[0], p[1])))
    return Response(body, mimetype="application/xml")
