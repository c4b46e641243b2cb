"""Sending the review summary now (reviewers and admins: the same summary the clock sends
each morning). The dashboard lists what is due: app.admin.inbox."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, url_for
from flask.typing import ResponseReturnValue

from app.accounts.access import actor, client_address, requires
from app.db.session import db_session
from app.department.store import effective
from app.editor.reminders import NOT_SET_UP, SendError, destinations, send_now
from app.services import services

bp = Blueprint("reminders", __name__, url_prefix="/reminders")


@bp.post("/send")
@requires("run_operations")
def send() -> ResponseReturnValue:
    settings = effective(db_session(), services().settings)  # the department's destinations
    if not destinations(settings):
        flash(NOT_SET_UP, "error")
        return redirect(url_for("admin.dashboard.index", _anchor="reminders")), 303
    try:
        count, sent = send_now(db_session(), settings, actor(), dt.date.today(), client_address())
    except SendError as exc:
        flash(f"{exc} Nothing else was changed; try again when it is fixed.", "error")
    else:
        flash(f"The summary ({count} to look at) went to {' and '.join(sent)}.")
    return redirect(url_for("admin.dashboard.index", _anchor="reminders")), 303
