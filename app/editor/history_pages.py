"""The history page of one document, and going back to a version: a confirmation page that
shows what callers would hear instead and asks why, then the rollback itself."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.accounts.errors import AccountError
from app.db.session import db_session
from app.editor import documents, history, prerender
from app.editor.diff import paragraphs
from app.editor.documents import Key
from app.editor.models import Version
from app.editor.publish import EditorError
from app.editor.reviewed import Changed, rollback_seen
from app.editor.web import content_dir, document_key, form, seen, title_of, whole
from app.services import services

bp = Blueprint("history", __name__)


@bp.get("/<lang>/<slug>/history")
@requires("view_status")
def versions(lang: str, slug: str) -> ResponseReturnValue:
    key = document_key(lang, slug)
    found = history.versions(db_session(), key)
    return render_template("admin/content/history.html", key=key, title=title_of(key),
                           versions=found, compare=_compare(key))  # fmt: skip


def _compare(key: Key) -> dict[str, object] | None:
    a_number, b_number = (whole(request.args.get(n, "")) for n in ("a", "b"))
    if a_number is None or b_number is None:
        return None
    a, b = (history.version(db_session(), key, n) for n in (a_number, b_number))
    if a is None or b is None:
        return None
    return {"a": a, "b": b, "pieces": paragraphs(a.text, b.text)}


@bp.get("/<lang>/<slug>/history/back")
@requires("publish_content")
def confirm(lang: str, slug: str) -> ResponseReturnValue:
    """What going back to a version would publish, for a reviewer to read and confirm."""
    key = document_key(lang, slug)
    old = history.version(db_session(), key, whole(request.args.get("version", "")) or 0)
    if old is None:
        flash("There is no such version to go back to.", "error")
        return redirect(url_for("admin.content.history.versions", lang=lang, slug=slug)), 303
    return _confirmation(key, old)


def _confirmation(
    key: Key, old: Version, status: int = 200, error: str | None = None, reason: str = ""
) -> ResponseReturnValue:
    live = documents.latest(documents.find(db_session(), key))
    changes = paragraphs(live.text if live else "", old.text)
    return render_template("admin/content/rollback.html", key=key, old=old, live=live,
                           seen=rollback_seen(live, old), error=error, reason=reason,
                           pieces=changes), status  # fmt: skip


@bp.post("/<lang>/<slug>/history")
@requires("publish_content")
def rollback(lang: str, slug: str) -> ResponseReturnValue:
    key = document_key(lang, slug)
    number = whole(request.form.get("version", ""))
    if request.form.get("action") != "rollback" or number is None:
        abort(400)
    old = history.version(db_session(), key, number)
    if old is None:
        flash(f"There is no version {number} of this to go back to.", "error")
        return redirect(url_for("admin.content.history.versions", lang=lang, slug=slug)), 303
    line, reason, ahead = services(), form().get("reason", "")[:1000], prerender.for_this_app()
    try:
        made = history.rollback(db_session(), key, number, actor(), content_dir(),
                                line.settings.public_base_url, seen("live"), reason,
                                client_address(), ahead)  # fmt: skip
    except Changed as changed:
        return _confirmation(key, old, 409, str(changed), reason)
    except (EditorError, AccountError) as refused:
        return _confirmation(key, old, 422, str(refused), reason)
    waiting = prerender.told(len(ahead.waiting) if ahead else 0)
    flash(f"Version {number} is back on the line, as version {made}. {waiting}".strip())
    return redirect(url_for("admin.content.history.versions", lang=lang, slug=slug))
