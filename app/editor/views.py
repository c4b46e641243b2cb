"""The editor's pages under /admin/content: the topics, one document's edit page with its
review, its history. Each POST names its step in `action`; the roles are checked here."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.accounts.errors import AccountError
from app.admin.access import actor, chosen_step, client_address, forbidden, requires
from app.admin.overview import audio_rows
from app.content.loader import languages, load_libraries
from app.content.model import DEFAULT_LANGUAGE
from app.db.session import db_session
from app.editor import audio, history, outside, translations, workflow
from app.editor.diff import words
from app.editor.documents import FILES, Key
from app.editor.fields import TopicFields, text_of
from app.editor.models import Version
from app.editor.overview import rows
from app.editor.page import Page, blank_topic, gather
from app.editor.publish import EditorError
from app.editor.yamlforms import menus_text, prompts_text
from app.recordings.sources import out_of_date
from app.services import services

bp = Blueprint("content", __name__, url_prefix="/content")
bp.context_processor(lambda: {"diff": words})
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
# What each step needs the person's role to allow.
STEPS = {
    "save": "edit_content",
    "submit": "edit_content",
    "approve": "publish_content",
    "send_back": "review_content",
    "accept_outside": "publish_content",
    "discard_outside": "publish_content",
    "confirm_translation": "review_content",
}


def _key(lang: str, slug: str) -> Key:
    if lang not in languages(_content()) or not _SLUG.fullmatch(slug):
        abort(404)
    return Key.of(lang, slug)


def _content() -> Path:
    return services().settings.content_dir


def _page(key: Key, text: str | None = None) -> Page:
    line = services()
    return gather(db_session(), key, _content(), line.settings.public_base_url,
                  line.settings.audio_dir, line.settings.tts_engine, text)  # fmt: skip


def _show(page: Page, status: int = 200, **extra: object) -> ResponseReturnValue:
    template = {"topic": "edit", "menus": "menus", "prompts": "prompts"}[page.key.kind]
    return render_template(f"admin/content/{template}.html", page=page, steps=STEPS,
                           **extra), status  # fmt: skip


@bp.get("")
@requires("view_status")
def index() -> ResponseReturnValue:
    langs = languages(_content())
    return render_template("admin/content/index.html", rows=rows(db_session(), _content()),
                           langs=langs, stale=out_of_date(services().speaker))  # fmt: skip


@bp.get("/new")
@requires("edit_content")
def new_topic() -> ResponseReturnValue:
    """A new topic starts in English, under the short name chosen for it."""
    slug = request.args.get("id", "").strip().lower()
    if not _SLUG.fullmatch(slug) or slug in FILES:
        flash("A short name is lower-case letters, digits and hyphens, such as my-topic.", "error")
        return redirect(url_for("admin.content.index")), 303
    return redirect(url_for("admin.content.edit", lang=DEFAULT_LANGUAGE, slug=slug))


@bp.get("/<lang>/<slug>/audio")
@requires("view_status")
def sounds(lang: str, slug: str) -> ResponseReturnValue:
    """Every audio item of one topic in one language: its state, length and a player."""
    key = _key(lang, slug)
    mine = {"menus": ("menu:",), "prompts": ("prompt:",)}.get(
        slug, (f"article:{slug}:", f"intro:{slug}")
    )
    items = [r for r in audio_rows(services()) if r["lang"] == lang and r["key"].startswith(mine)]
    return render_template("admin/content/audio.html", key=key, items=items)


@bp.get("/<lang>/<slug>")
@requires("view_status")
def edit(lang: str, slug: str) -> ResponseReturnValue:
    return _show(_page(_key(lang, slug)))


def typed_text(key: Key, base: str) -> str:
    """The document's text as the form now says it."""
    if key.kind == "prompts":
        return prompts_text(base, _form())
    if key.kind == "menus":
        return menus_text(base, _form())
    return text_of(TopicFields.from_form(_form(), key.slug), base)


def _form() -> dict[str, str]:
    """The form as typed, less NUL characters (no database keeps them in text)."""
    return {name: value.replace("\x00", "") for name, value in request.form.items()}


def _whole(given: str) -> int | None:
    """A whole number as a form sends one (ASCII digits only), else None."""
    return int(given) if re.fullmatch(r"[0-9]{1,9}", given) else None


def _revision() -> int | None:
    return _whole(request.form.get("revision", ""))


@bp.post("/<lang>/<slug>")
@requires("view_status")
def act(lang: str, slug: str) -> ResponseReturnValue:
    key = _key(lang, slug)
    step = chosen_step(STEPS)
    if step is None:
        return forbidden()
    page = _page(key)
    typed = None
    try:
        if step in ("save", "submit"):
            base = page.draft.text if page.draft else page.text or blank_topic(key)
            typed = typed_text(key, base)
            form = _form()
            words = workflow.Words(typed, form.get("note", ""), form.get("sources", ""))
            draft = workflow.save(db_session(), key, words, actor(), _revision(), client_address())
            if step == "submit":
                workflow.submit(db_session(), draft, actor(), client_address())
                _render_draft_audio(key)
            flash("Submitted for review." if step == "submit" else "The draft is saved.")
        else:
            _review_step(step, key, page)
    except workflow.Conflict as conflict:
        return _show(_page(key, typed), 409, theirs=conflict.draft.text, error=str(conflict))
    except (EditorError, AccountError) as refused:
        return _show(_page(key, typed), 422, error=str(refused))
    return redirect(url_for("admin.content.edit", lang=key.lang, slug=key.slug))


def _review_step(step: str, key: Key, page: Page) -> None:
    line, session, who, client = services(), db_session(), actor(), client_address()
    content, base = _content(), line.settings.public_base_url
    if step in ("approve", "send_back") and page.draft is None:
        raise EditorError("There is no draft waiting for review.")
    if step == "approve" and page.draft is not None:
        number = workflow.approve(session, page.draft, who, content, base, client)
        audio.make_current(load_libraries(content), line.settings.audio_dir,
                           line.settings.tts_engine)  # fmt: skip
        flash(f"Published as version {number}. Callers hear it within seconds.")
    elif step == "send_back" and page.draft is not None:
        workflow.send_back(session, page.draft, who, _form().get("comment", ""), client)
        flash("Sent back to the editor with your comment.")
    elif step == "accept_outside":
        number = outside.accept(session, key, who, content, _form().get("note", ""), client)
        flash(f"The change on the server is now version {number}.")
    elif step == "discard_outside":
        outside.discard(session, key, who, content, client)
        flash("The file has the last version's words again.")
    elif step == "confirm_translation":
        number = translations.confirm(session, key, who, content, client)
        flash(f"Checked against English: version {number}.")


def _render_draft_audio(key: Key) -> None:
    """Render the submitted draft's words now, so they play the moment they are published."""
    line = services()
    page = _page(key)
    audio.queue_renders(line.audio_queue, page.changes, line.settings.audio_retry_intervals)


@bp.post("/<lang>/<slug>/check")
@requires("view_status")
def check(lang: str, slug: str) -> ResponseReturnValue:
    """The checks for what is typed now, as the person types (nothing is saved)."""
    key = _key(lang, slug)
    page = _page(key)
    typed = typed_text(key, page.draft.text if page.draft else page.text or blank_topic(key))
    found = _page(key, typed).verdict
    return jsonify(
        errors=list(found.errors),
        findings=[
            {"level": f.level, "check": f.check, "message": f.message} for f in found.findings
        ],  # fmt: skip
    )


@bp.get("/<lang>/<slug>/history")
@requires("view_status")
def versions(lang: str, slug: str) -> ResponseReturnValue:
    key = _key(lang, slug)
    found = history.versions(db_session(), key)
    return render_template("admin/content/history.html", key=key, versions=found,
                           compare=_compare(key, found))  # fmt: skip


def _compare(key: Key, found: list[Version]) -> dict[str, object] | None:
    numbers = [request.args.get(n, "") for n in ("a", "b")]
    a_number, b_number = (_whole(n) for n in numbers)
    if a_number is None or b_number is None:
        return None
    a, b = (history.version(db_session(), key, n) for n in (a_number, b_number))
    if a is None or b is None:
        return None
    return {"a": a, "b": b, "pieces": words(a.text, b.text)}


@bp.post("/<lang>/<slug>/history")
@requires("publish_content")
def rollback(lang: str, slug: str) -> ResponseReturnValue:
    key = _key(lang, slug)
    number_given = _whole(request.form.get("version", ""))
    if request.form.get("action") != "rollback" or number_given is None:
        abort(400)
    line = services()
    try:
        number = history.rollback(db_session(), key, number_given, actor(),
                                  _content(), line.settings.public_base_url,
                                  client_address())  # fmt: skip
    except (EditorError, AccountError) as refused:
        flash(str(refused), "error")
        return redirect(url_for("admin.content.versions", lang=lang, slug=slug)), 303
    audio.make_current(load_libraries(_content()), line.settings.audio_dir,
                       line.settings.tts_engine)  # fmt: skip
    flash(f"Version {number_given} is back on the line, as version {number}.")
    return redirect(url_for("admin.content.versions", lang=lang, slug=slug))
