"""Feedback from a topic's page (`POST /articles/<id>/feedback`): yes or no, and a comment
if the reader wants. Counted per topic and day; the comment, scrubbed, kept for reviewers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from flask import Blueprint, abort, redirect, request, url_for
from flask.typing import ResponseReturnValue
from redis import RedisError

from app import redis_keys
from app.content.languages import DEFAULT_LANGUAGE
from app.core import counts
from app.core.scrub import scrub
from app.db.session import db_session
from app.db.transaction import committed
from app.feedback import tokens
from app.feedback.counts import name
from app.feedback.models import Comment
from app.services import services
from app.throttle import Throttle

bp = Blueprint("feedback", __name__)
# Readers, not robots: a few answers a day from one place for one topic is plenty.
MOST_A_DAY = 5


def _allowed(topic: str) -> bool:
    line = services()
    throttle = Throttle(line.redis, redis_keys.FEEDBACK_FROM, MOST_A_DAY,
                        redis_keys.FEEDBACK_SECONDS, line.settings.secret_key.value)  # fmt: skip
    try:
        return throttle.take(f"{request.remote_addr or '?'}\n{topic}\n{dt.date.today()}") == 0
    except RedisError:
        return True  # counting is best effort; the answer is still taken


@bp.post("/articles/<article_id>/feedback")
def give(article_id: str) -> ResponseReturnValue:
    line = services()
    lang = request.args.get("lang", DEFAULT_LANGUAGE)
    library = line.speaker.libraries.get(lang)
    if library is None or article_id not in library.articles:
        abort(404)
    if tokens.topic_of(line.settings.secret_key.value, request.form.get("token", "")) != (
        article_id
    ):
        abort(400)
    helpful = {"yes": True, "no": False}.get(request.form.get("helpful", ""))
    words = scrub(request.form.get("comment", ""))
    if (helpful is not None or words) and _allowed(article_id):
        if helpful is not None:
            counts.count_quietly(line.redis, name("page", helpful, article_id))
        if words:
            with committed(db_session()) as session:
                session.add(Comment(topic=article_id, lang=lang, helpful=helpful, words=words,
                                    day=dt.date.today()))  # fmt: skip
    values: dict[str, Any] = {"article_id": article_id, "thanks": 1}
    if lang != DEFAULT_LANGUAGE:
        values["lang"] = lang
    return redirect(url_for("pages.article", **values) + "#feedback", code=303)
