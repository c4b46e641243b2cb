"""Questions the line could not answer, as a department keeps them (app.ask.kept), for
reviewers writing new short answers and ways of asking (`/admin/questions`): newest first,
with the day, language and phone or text, and what the line would do with each now (the
answer it gives, or its nearest topics, each linked to its edit page, where its asks are).
Every read is in the audit trail, with how many were shown."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, render_template, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.ask import ask
from app.ask.kept import KEPT_DAYS, MOST_SHOWN, keeping, read_kept
from app.ask.models import KeptQuestion
from app.content.spoken import guess_name
from app.db.session import db_session
from app.services import services

bp = Blueprint("questions", __name__, url_prefix="/questions")


@dataclass(frozen=True)
class Now:
    """What the line does with a kept question today: answers it (`answered`), or offers its
    nearest topics; each as its title and its edit page."""

    answered: bool
    places: tuple[tuple[str, str], ...]
    named: tuple[str, str] | None = None  # not sure: the answer it names first, and its page


def now(question: KeptQuestion) -> Now:
    """Asked again of the published content (staff may have added its words since)."""
    library = services().speaker.libraries.get(question.lang)
    if library is None:
        return Now(False, ())
    verdict = ask(library, question.words)
    found = verdict.found
    if found is not None and found.answer in library.answers:  # a short answer: its own page
        named = {found.answer: library.answers[found.answer].question}
    else:
        ids = (found.article,) if found else verdict.closest
        named = {i: library.articles[i].title for i in ids if i in library.articles}
    guess = verdict.guess
    return Now(found is not None, tuple(
        (title, url_for("admin.content.edit", lang=question.lang, slug=slug))
        for slug, title in named.items()
    ), None if guess is None else (
        guess_name(library, guess.article, guess.part, guess.answer),
        url_for("admin.content.edit", lang=question.lang, slug=guess.answer or guess.article),
    ))  # fmt: skip


@bp.get("")
@requires("review_content")
def index() -> ResponseReturnValue:
    session = db_session()
    shown = read_kept(session, **by(actor()), client=client_address())
    rows = [(q, now(q)) for q in shown]
    return render_template("admin/questions.html", rows=rows, keeping=keeping(session),
                           days=KEPT_DAYS, most=MOST_SHOWN)  # fmt: skip
