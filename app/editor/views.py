"""The editor's pages under /admin/content: one document's edit page with its review. Each
POST names its step in `action`; the roles are checked here (and again in the services).
The lists are app.editor.listing's, the history pages app.editor.history_pages's."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from sqlalchemy.orm.exc import StaleDataError

from app.accounts.access import actor, chosen_step, client_address, forbidden, requires
from app.accounts.errors import AccountError
from app.db.session import db_session
from app.editor import audio, history_pages, listing, outside, prerender, translations, workflow
from app.editor.answer_form import text_of as answer_text
from app.editor.diff import paragraphs
from app.editor.documents import ANSWER, PROCEDURE, Key
from app.editor.fields import TopicFields, text_of
from app.editor.models import DraftState
from app.editor.page import Page, blank_topic, gather
from app.editor.procedure_form import text_of as scan_text
from app.editor.publish import EditorError
from app.editor.reviewed import Changed, draft_seen
from app.editor.web import content_dir, document_key, form, seen, whole
from app.editor.yamlforms import menus_text, prompts_text
from app.services import services

bp = Blueprint("content", __name__, url_prefix="/content")
bp.context_processor(lambda: {"diff": paragraphs, "DraftState": DraftState})
bp.register_blueprint(history_pages.bp)
listing.register(bp)
# What each step needs the person's role to allow.
STEPS = {
    "save": "edit_content",
    "submit": "edit_content",
    "approve": "publish_content",
    "send_back": "review_content",
    "accept_outside": "publish_content",
    "discard_outside": "publish_content",
    "confirm_translation": "review_content",
    # What the typed words would make, shown again (nothing is saved).
    "preview": "view_status",
    # One of the draft's authors, or a reviewer: workflow.discard decides.
    "discard": "view_status",
}


def _page(key: Key, text: str | None = None) -> Page:
    line = services()
    return gather(db_session(), key, content_dir(), line.settings.public_base_url,
                  line.settings.audio_dir, line.settings.tts_engine, text)  # fmt: skip


def _show(page: Page, status: int = 200, **extra: object) -> ResponseReturnValue:
    template = {"topic": "edit", "menus": "menus", "prompts": "prompts",
                PROCEDURE: "procedure", ANSWER: "answer"}[page.key.kind]  # fmt: skip
    draft = page.draft
    return render_template(f"admin/content/{template}.html", page=page, steps=STEPS,
                           seen=draft_seen(draft) if draft else None,
                           discardable=draft is not None and workflow.may_discard(actor(), draft),
                           **extra), status  # fmt: skip


@bp.get("/<lang>/<slug>")
@requires("view_status")
def edit(lang: str, slug: str) -> ResponseReturnValue:
    return _show(_page(document_key(lang, slug)))


def typed_text(key: Key, base: str) -> str:
    """The document's text as the form now says it."""
    if key.kind == "prompts":
        return prompts_text(base, form())
    if key.kind == "menus":
        return menus_text(base, form())
    if key.kind == PROCEDURE:
        return scan_text(base, form(), key.lang, dt.date.today())
    if key.kind == ANSWER:
        return answer_text(base, form(), key.lang)
    return text_of(TopicFields.from_form(form(), key.slug), base)


def _base(key: Key, page: Page) -> str:
    """The text the form's fields are laid over: the draft's, else the file's."""
    if page.draft:
        return page.draft.text
    return page.text or (blank_topic(key) if key.kind == "topic" else "")


def _revision() -> int | None:
    return whole(request.form.get("revision", ""))


# Two steps on one draft at the same moment: the second finds the revision it read gone.
AT_ONCE = "Someone changed this draft at the same moment. Nothing was done: read it again."


@bp.post("/<lang>/<slug>")
@requires("view_status")
def act(lang: str, slug: str) -> ResponseReturnValue:
    key = document_key(lang, slug)
    step = chosen_step(STEPS)
    if step is None:
        return forbidden()
    page = _page(key)
    typed = None
    try:
        if step == "preview":
            return _show(_page(key, typed_text(key, _base(key, page))))
        if step in ("save", "submit"):
            typed = typed_text(key, _base(key, page))
            _save(key, typed, step == "submit")
        elif step == "discard":
            if request.form.get("confirm") != "yes":
                return _discard_page(page)
            _discard(page)
        else:
            _review_step(step, key, page)
    except workflow.Conflict as conflict:
        return _show(_page(key, typed), 409, theirs=conflict.draft.text, error=str(conflict))
    except Changed as changed:
        return _show(_page(key), 409, error=str(changed))
    except StaleDataError:
        db_session().rollback()
        return _show(_page(key), 409, error=AT_ONCE)
    except AccountError as refused:
        return _show(_page(key, typed), 403, error=refused.message)
    except EditorError as refused:
        return _show(_page(key, typed), 422, error=str(refused))
    return redirect(url_for("admin.content.edit", lang=key.lang, slug=key.slug))


def _save(key: Key, typed: str, submit: bool) -> None:
    """Keep what was typed as the draft, and ask for a review if `submit`."""
    fields = form()
    words = workflow.Words(typed, fields.get("note", ""), fields.get("sources", ""))
    draft = workflow.save(db_session(), key, words, actor(), _revision(), client_address())
    if submit:
        line = services()
        workflow.submit(db_session(), draft, actor(), content_dir(),
                        line.settings.public_base_url, client_address())  # fmt: skip
        _render_draft_audio(key)
    flash("Submitted for review." if submit else "The draft is saved.")


def _discard_page(page: Page) -> ResponseReturnValue:
    """Are you sure? The draft's words beside what callers hear, and the two buttons."""
    if page.draft is None:
        raise EditorError("There is no draft to throw away.")
    if not workflow.may_discard(actor(), page.draft):
        return forbidden()
    return render_template("admin/content/discard.html", page=page,
                           seen=draft_seen(page.draft))  # fmt: skip


def _discard(page: Page) -> None:
    if page.draft is None:
        raise EditorError("There is no draft to throw away.")
    workflow.discard(db_session(), page.draft, actor(), seen("revision"), client_address())
    flash("The draft was thrown away. Callers still hear the published words.")


def _review_step(step: str, key: Key, page: Page) -> None:
    line, session, who, client = services(), db_session(), actor(), client_address()
    content, base = content_dir(), line.settings.public_base_url
    if step in ("approve", "send_back") and page.draft is None:
        raise EditorError("There is no draft waiting for review.")
    if step == "approve" and page.draft is not None:
        ahead = prerender.for_this_app()
        number = workflow.approve(session, page.draft, who, content, base, seen("revision"),
                                  client, ahead)  # fmt: skip
        waiting = len(ahead.waiting) if ahead else 0
        flash(f"Published as version {number}. "
              + (prerender.told(waiting) or "Callers hear it now, in its own audio."))  # fmt: skip
    elif step == "send_back" and page.draft is not None:
        workflow.send_back(session, page.draft, who, form().get("comment", ""),
                           seen("revision"), client)  # fmt: skip
        flash("Sent back to the editor with your comment.")
    elif step == "accept_outside":
        number = outside.accept(session, key, who, content, form().get("note", ""), client)
        flash(f"The change on the server is now version {number}.")
    elif step == "discard_outside":
        outside.discard(session, key, who, content, client)
        flash("The file has the last version's words again.")
    elif step == "confirm_translation":
        number = translations.confirm(session, key, who, content, client)
        flash(f"Checked against English: version {number}.")


def _render_draft_audio(key: Key) -> None:
    """Render the submitted draft's words now, and the words it will have once published
    (its title says the month it is checked), so they play the moment they are published."""
    line, page = services(), _page(key)
    found = list(page.changes)
    if page.draft is not None:
        found += audio.as_published(key, page.draft.text, content_dir(),
                                    line.settings.audio_dir, line.settings.tts_engine)  # fmt: skip
    audio.queue_renders(line.audio_queue, found, line.settings.audio_retry_intervals)


@bp.post("/<lang>/<slug>/check")
@requires("view_status")
def check(lang: str, slug: str) -> ResponseReturnValue:
    """The checks for what is typed now, as the person types (nothing is saved)."""
    key = document_key(lang, slug)
    page = _page(key)
    typed = typed_text(key, _base(key, page))
    shown = _page(key, typed)
    found = shown.verdict
    return jsonify(
        errors=list(found.errors),
        findings=[
            {"level": f.level, "check": f.check, "message": f.message} for f in found.findings
        ],  # fmt: skip
        preview=[p.as_data() for p in shown.scan.previews] if shown.scan else None,
    )
