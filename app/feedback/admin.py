"""Comments from topic pages, for reviewers (`/admin/feedback`): newest first, by topic."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy import select

from app.accounts.access import requires
from app.db.session import db_session
from app.feedback.models import Comment

bp = Blueprint("comments", __name__, url_prefix="/feedback")
PAGE = 100


@bp.get("")
@requires("review_content")
def index() -> ResponseReturnValue:
    topic = request.args.get("topic", "")
    query = select(Comment).order_by(Comment.day.desc(), Comment.id.desc()).limit(PAGE)
    if topic:
        query = query.where(Comment.topic == topic)
    return render_template("admin/comments.html", comments=list(db_session().scalars(query)),
                           topic=topic)  # fmt: skip
