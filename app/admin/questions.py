"""Questions the line could not answer, as a department keeps them (app.ask.kept), for
reviewers writing new short answers and phrasings (`/admin/questions`): newest first, with
the day, language and phone or text. Every read is in the audit trail, with how many were
shown."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.ask.kept import KEPT_DAYS, MOST_SHOWN, keeping, read_kept
from app.db.session import db_session

bp = Blueprint("questions", __name__, url_prefix="/questions")


@bp.get("")
@requires("review_content")
def index() -> ResponseReturnValue:
    session = db_session()
    shown = read_kept(session, **by(actor()), client=client_address())
    return render_template("admin/questions.html", questions=shown, keeping=keeping(session),
                           days=KEPT_DAYS, most=MOST_SHOWN)  # fmt: skip
