"""The editor's lists: every topic by language (with recordings out of date), starting a
new topic or a new short answer, one topic's audio. Their routes are added to the editor's
blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.audio.overview import audio_rows
from app.audio.sources import out_of_date
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import languages
from app.db.session import db_session
from app.editor import answer_checks, workflow
from app.editor.answer_form import blank
from app.editor.documents import ANSWER, FILES, Key
from app.editor.overview import rows
from app.editor.publish import EditorError
from app.editor.web import SLUG, content_dir, document_key, title_of
from app.services import services


def register(bp: Blueprint) -> None:
    """Add the lists to `bp` (endpoints index, new_topic, new_answer and sounds)."""
    bp.add_url_rule("", view_func=index, methods=["GET"])
    bp.add_url_rule("/new", view_func=new_topic, methods=["GET"])
    bp.add_url_rule("/new-answer", view_func=new_answer, methods=["POST"])
    bp.add_url_rule("/<lang>/<slug>/audio", view_func=sounds, methods=["GET"])


@requires("view_status")
def index() -> ResponseReturnValue:
    langs = languages(content_dir())
    return render_template("admin/content/index.html", rows=rows(db_session(), content_dir()),
                           langs=langs, stale=out_of_date(services().speaker))  # fmt: skip


@requires("edit_content")
def new_topic() -> ResponseReturnValue:
    """A new topic starts in English, under the short name chosen for it."""
    slug = request.args.get("id", "").strip().lower()
    if not SLUG.fullmatch(slug) or slug in FILES:
        flash("A short name is lower-case letters, digits and hyphens, such as my-topic.", "error")
        return redirect(url_for("admin.content.index")), 303
    if document_key(DEFAULT_LANGUAGE, slug).kind != "topic":
        flash(f"{slug} is the id of a scan or a short answer: choose another.", "error")
        return redirect(url_for("admin.content.index")), 303
    return redirect(url_for("admin.content.edit", lang=DEFAULT_LANGUAGE, slug=slug))


@requires("edit_content")
def new_answer() -> ResponseReturnValue:
    """A new short answer starts as an English draft under its id, with its question: no
    file until a reviewer publishes it. The id may be no topic's, scan's or answer's."""
    slug = request.form.get("id", "").strip().lower()
    question = " ".join(request.form.get("question", "").split())[:500]
    why = answer_checks.taken(content_dir(), slug, db_session())
    if why is None and not question:
        why = "Write the question the answer is for: callers' words can be added next."
    if why is not None:
        flash(why, "error")
        return redirect(url_for("admin.content.index", _anchor="new-answer")), 303
    key = Key(ANSWER, DEFAULT_LANGUAGE, slug)
    words = workflow.Words(blank(question), "A new short answer.")
    try:
        workflow.save(db_session(), key, words, actor(), None, client_address())
    except EditorError as refused:  # started by someone else at the same moment
        flash(str(refused), "error")
        return redirect(url_for("admin.content.index", _anchor="new-answer")), 303
    flash("The short answer is started as a draft: write its answer and where there is more.")
    return redirect(url_for("admin.content.edit", lang=DEFAULT_LANGUAGE, slug=slug)), 303


@requires("view_status")
def sounds(lang: str, slug: str) -> ResponseReturnValue:
    """Every audio item of one topic in one language: its state, length and a player."""
    key = document_key(lang, slug)
    items = [
        r
        for r in audio_rows(services())
        if r["lang"] == lang and ItemKey.parse(r["key"]).document == slug
    ]
    return render_template("admin/content/audio.html", key=key, title=title_of(key), items=items)
