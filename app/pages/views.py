"""Plain, accessible web pages for each article (texts link here), the privacy notice and
the accessibility statement."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from app import redis_keys
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE, language_tag
from app.content.links import safe_href
from app.content.model import MAIN_MENU, Library
from app.content.spoken import parts
from app.feedback import tokens
from app.pages import headers
from app.privacy import SEAL_SECONDS
from app.services import services

bp = Blueprint("pages", __name__)
# Every response of the line, not only these pages': error pages and 404s are pages too.
bp.after_app_request(headers.public)
bp.add_app_template_filter(safe_href, "safe_href")


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
    audio = [
        speaker.say(str(ItemKey.article(found.id, n)), library.lang).url
        for n in range(1, count + 1)
    ]
    return render_template(
        "article.html",
        article=found,
        audio_urls=[u for u in audio if u],
        lang=language_tag(library.lang),
        query={"lang": library.lang} if library.lang != "en" else {},
        feedback_token=tokens.make(services().settings.secret_key.value, found.id),
        thanks=request.args.get("thanks") == "1",
    )


@bp.get("/privacy")
def privacy() -> str:
    """What the line keeps when someone calls or texts, with the figures the code keeps it by."""
    kept = {
        "counts_days": redis_keys.STATS_DAYS,
        "sealed_hours": SEAL_SECONDS // 3600,
        "texted_call_hours": redis_keys.TEXTED_CALL_SECONDS // 3600,
        "text_limit_days": redis_keys.TEXT_LIMIT_SECONDS // 86400,
        "text_language_days": redis_keys.TEXT_LANGUAGE_SECONDS // 86400,
        "feedback_place_days": redis_keys.FEEDBACK_SECONDS // 86400,
        "comment_days": services().settings.feedback_retention_days,
    }
    return render_template("privacy.html", kept=kept)


@bp.get("/accessibility")
def accessibility() -> str:
    """The accessibility statement for these pages."""
    return render_template("accessibility.html")
