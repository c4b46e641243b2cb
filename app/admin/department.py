"""The department's own settings in the browser (manage_settings: admins): opening hours,
bank holidays and closures, the number calls go to, the number and address callers are
told, and where reminders go. Checked as start-up checks the environment, in the trail with
what each was before and after, in effect on the next call (app.department.live)."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from redis import RedisError

from app.accounts.access import actor, client_address, requires
from app.accounts.actors import by
from app.core.hours import DAYS, LONDON
from app.db.session import db_session
from app.department.form import closure_rows, fields_of, parse
from app.department.store import current, save
from app.services import services

bp = Blueprint("department", __name__, url_prefix="/settings/department")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _today() -> dt.date:
    return dt.datetime.now(LONDON).date()


def _page(form: dict[str, str], errors: dict[str, str]) -> str:
    return render_template("admin/department.html", form=form, errors=errors,
                           days=list(zip(DAYS, DAY_NAMES, strict=True)),
                           closures=range(closure_rows(form)))  # fmt: skip


@bp.get("")
@requires("manage_settings")
def page() -> ResponseReturnValue:
    found = current(db_session(), services().settings).current(_today())
    return _page(fields_of(found), {})


@bp.post("")
@requires("manage_settings")
def change() -> ResponseReturnValue:
    line = services()
    form = {k: v for k, v in request.form.items() if k != "csrf_token"}
    new, errors = parse(form, line.settings.smtp_host)
    if new is None:
        flash("Nothing was saved yet: put right what is marked below.", "error")
        return _page(form, errors), 400
    new = new.current(_today())
    try:
        changed = save(db_session(), line.redis, line.settings, new, **by(actor()),
                       client=client_address())  # fmt: skip
    except RedisError:
        flash("Nothing was saved: the line's Redis did not answer. Try again.", "error")
        return _page(form, {}), 503
    line.department.changed(new)
    if changed:
        flash("Saved. Callers hear the new hours and closures from the next call.")
    else:
        flash("Nothing had changed.")
    return redirect(url_for(".page"), code=303)
