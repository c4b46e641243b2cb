"""The editor's lists: every topic by language (with recordings out of date), starting a
new topic, one topic's audio. Their routes are added to the editor's blueprint."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import requires
from app.audio.overview import audio_rows
from app.audio.sources import out_of_date
from app.content.item_keys import ItemKey
from app.content.languages import DEFAULT_LANGUAGE
from app.content.loader import languages
from app.db.session import db_session
from app.editor.documents import FILES
from app.editor.overview import rows
from app.editor.web import SLUG, content_dir, document_key
from app.services import services


def register(bp: Blueprint) -> None:
    """Add the lists to `bp` (endpoints index, new_topic and sounds)."""
    bp.add_url_rule("", view_func=index, methods=["GET"])
    bp.add_url_rule("/new", view_func=new_topic, methods=["GET"])
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
    return redirect(url_for("admin.content.edit", lang=DEFAULT_LANGUAGE, slug=slug))


@requires("view_status")
def sounds(lang: str, slug: str) -> ResponseReturnValue:
    """Every audio item of one topic in one language: its state, length and a player."""
    key = document_key(lang, slug)
    items = [
        r
        for r in audio_rows(services())
        if r["lang"] == lang and ItemKey.parse(r["key"]).document == slug
    ]
    return render_template("admin/content/audio.html", key=key, items=items)
