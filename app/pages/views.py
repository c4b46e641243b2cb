"""Plain, accessible web pages for each article (texts link here), the privacy notice and
the accessibility statement: each in its reader's language (`?lang=cy`), kept by its links."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, has_request_context, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, MethodNotAllowed, NotFound

from app import redis_keys
from app.ask.kept import KEPT_DAYS
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE, language_tag
from app.content.links import safe_href
from app.content.model import MAIN_MENU, Library
from app.content.spoken import parts
from app.department.values import contact
from app.feedback import tokens
from app.pages import headers
from app.pages.words import Words
from app.privacy import SEAL_SECONDS
from app.services import services

bp = Blueprint("pages", __name__)
# Every response of the line, not only these pages': error pages and 404s are pages too.
bp.after_app_request(headers.public)
bp.add_app_template_filter(safe_href, "safe_href")
# The blueprints a reader's browser reaches; an error anywhere else keeps its plain answer.
_PUBLIC = frozenset({"pages", "feedback"})


def _library() -> Library:
    libraries = services().speaker.libraries
    return libraries.get(request.args.get("lang", DEFAULT_LANGUAGE), libraries[DEFAULT_LANGUAGE])


@bp.app_context_processor
def _page_words() -> dict[str, Any]:
    """`say` in every template: a page's own words in the reader's language (the editor's
    preview of a topic's page uses it too)."""
    line = services()
    english = line.speaker.libraries[DEFAULT_LANGUAGE]
    return {
        "say": Words(_library() if has_request_context() else english, english),
        # The department's address and number at the foot of each page (Redis's copy).
        "contact": lambda: contact(line.department.values()),
    }


def _render(template: str, library: Library, **values: Any) -> str:
    """A public page: `<html lang>` its reader's, and links that keep `?lang=`."""
    translated = library.lang != DEFAULT_LANGUAGE
    return render_template(template, library=library, lang=language_tag(library.lang),
                           query={"lang": library.lang} if translated else {},
                           translated=translated, **values)  # fmt: skip


@bp.get("/")
def index() -> str:
    library = _library()
    return _render("index.html", library, main=library.menus[MAIN_MENU])


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
    return _render(
        "article.html",
        library,
        article=found,
        audio_urls=[u for u in audio if u],
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
        "question_days": KEPT_DAYS,
        "callback_days": services().settings.callback_retention_days,
    }
    return _render("privacy.html", _library(), kept=kept)


@bp.get("/accessibility")
def accessibility() -> str:
    """The accessibility statement for these pages."""
    return _render("accessibility.html", _library())


def _public(path: str) -> bool:
    """A path of these pages, or of nothing at all (a reader's mistyped address), rather
    than of the admin, the phone line or the machines' endpoints."""
    if request.blueprint is not None:
        return request.blueprint in _PUBLIC
    first = path.strip("/").partition("/")[0]
    return not any(
        rule.rule.strip("/").partition("/")[0] == first
        and rule.endpoint.partition(".")[0] not in _PUBLIC
        for rule in current_app.url_map.iter_rules()
    )


def _error(error: HTTPException, name: str) -> ResponseReturnValue:
    if not _public(request.path):
        return error
    page = _render("error.html", _library(), heading=f"{name}_title", message=name)
    allowed = [(key, value) for key, value in error.get_headers() if key == "Allow"]
    return page, error.code or 500, allowed


@bp.app_errorhandler(NotFound)
def not_found(error: NotFound) -> ResponseReturnValue:
    """No such page: said in the reader's language, with the way back to the topics."""
    return _error(error, "page_not_found")


@bp.app_errorhandler(MethodNotAllowed)
def not_allowed(error: MethodNotAllowed) -> ResponseReturnValue:
    """A page asked for in a way it does not answer (a form sent to it, say)."""
    return _error(error, "page_not_allowed")
