"""Plain, accessible web pages for each article; texts link here."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app.audio.speaker import language_tag
from app.content.model import DEFAULT_LANGUAGE, MAIN_MENU, Library
from app.content.spoken import parts
from app.services import services

bp = Blueprint("pages", __name__)


def _library() -> Library:
    libraries = services().speaker.libraries
    return libraries.get(request.args.get("lang", DEFAULT_LANGUAGE), libraries[DEFAULT_LANGUAGE])


@bp.get("/")
def index() -> str:
    library = _library()
    return render_template(
        "index.html",
        library=library,
        main=library.menus[MAIN_MENU],
        lang=language_tag(library.lang),
    )


@bp.get("/articles/<article_id>")
def article(article_id: str) -> str:
    library = _library()
    found = library.articles.get(article_id)
    if found is None:
        abort(404)
    speaker = services().speaker
    count = len(parts(found))
    audio = [speaker.say(f"article:{found.id}:{n}", library.lang).url for n in range(1, count + 1)]
    return render_template(
        "article.html",
        article=found,
        audio_urls=[u for u in audio if u],
        lang=language_tag(library.lang),
        query={"lang": library.lang} if library.lang != "en" else {},
    )
