"""The line's settings that staff change here (manage_settings: admins), each change in the
audit trail. For now one: whether the words of questions the line could not answer are
kept (app.ask.kept), off until an admin turns it on."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from redis import RedisError

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.ask.kept import KEPT_DAYS, keeping, set_keeping
from app.db.session import db_session
from app.services import services

bp = Blueprint("settings", __name__, url_prefix="/settings")


@bp.get("")
@requires("manage_settings")
def page() -> ResponseReturnValue:
    return render_template("admin/settings.html", keeping=keeping(db_session()), days=KEPT_DAYS)


@bp.post("/questions")
@requires("manage_settings")
def questions() -> ResponseReturnValue:
    """Turn keeping unanswered questions on or off."""
    on = {"on": True, "off": False}.get(request.form.get("keeping", ""))
    if on is None:
        abort(400)
    try:
        changed = set_keeping(db_session(), services().redis, on, **by(actor()),
                              client=client_address())  # fmt: skip
    except RedisError:
        flash("Nothing was changed: the line's Redis did not answer. Try again.", "error")
        return redirect(url_for(".page"), code=303)
    if not changed:
        flash(f"Keeping unanswered questions was already {'on' if on else 'off'}.")
    elif on:
        flash("Unanswered questions are kept from now on, scrubbed, for at most "
              f"{KEPT_DAYS} days.")  # fmt: skip
    else:
        flash("Unanswered questions are no longer kept, and those kept so far were removed.")
    return redirect(url_for(".page"), code=303)
