"""Call-back requests, for the desk and the admins (handle_callbacks: `/admin/callbacks`):
the open ones oldest first, each caller's number shown in full here only, those waiting
longer than CALLBACK_RETENTION_DAYS flagged; each marked called back or could not reach.
Every read and every mark is in the audit trail (app.callbacks.desk)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.callbacks.desk import MARKS, MOST_SHOWN, mark, read_open
from app.callbacks.intake import forget_open
from app.callbacks.models import State
from app.db.session import db_session
from app.services import services

bp = Blueprint("callbacks", __name__, url_prefix="/callbacks")
_OUTCOMES = {"called": State.CALLED, "unreached": State.UNREACHED}
_SAID = {State.CALLED: "called back", State.UNREACHED: "could not reach the caller"}


@bp.get("")
@requires("handle_callbacks")
def index() -> ResponseReturnValue:
    settings = services().settings
    days = settings.callback_retention_days
    waiting = read_open(db_session(), settings.secret_key.value, days, **by(actor()),
                        client=client_address())  # fmt: skip
    return render_template("admin/callbacks.html", waiting=waiting, days=days, most=MOST_SHOWN,
                           daily=settings.callbacks_daily)  # fmt: skip


@bp.post("/<int:request_id>")
@requires("handle_callbacks")
def done(request_id: int) -> ResponseReturnValue:
    """Mark one request: called back, or could not reach."""
    outcome = _OUTCOMES.get(request.form.get("outcome", ""))
    if outcome is None:
        abort(400)
    line = services()
    marked = mark(db_session(), request_id, outcome, **by(actor()), client=client_address())
    if marked is None:
        flash("That request was already marked, or is no longer kept: nothing was changed.",
              "error")  # fmt: skip
        return redirect(url_for(".index"), code=303)
    forget_open(line.redis, marked.number_key)  # that number may ask again
    line.tally.count(MARKS[outcome][1])
    flash(f"Request {marked.id} marked: {_SAID[outcome]}. It is removed "
          f"{line.settings.callback_retention_days} days from now.")  # fmt: skip
    return redirect(url_for(".index"), code=303)
