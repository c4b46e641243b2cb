"""Plain, accessible web pages for each article; texts link here."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template

from app.content import MAIN_MENU

bp = Blueprint("pages", __name__)


@bp.get("/")
def index() -> str:
    speaker = current_app.extensions["speaker"]
    library = speaker.library
    return render_template("index.html", library=library, main=library.menus[MAIN_MENU])


@bp.get("/articles/<article_id>")
def article(article_id: str) -> str:
    speaker = current_app.extensions["speaker"]
    found = speaker.library.articles.get(article_id)
    if found is None:
        abort(404)
    audio = speaker.say(f"article:{found.id}")
    return render_template("article.html", article=found, audio_url=audio.url)


@bp.get("/healthz")
def healthz() -> tuple[dict[str, str], int]:
    return {"status": "ok"}, 200
