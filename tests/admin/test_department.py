"""The department's settings in the browser: an admin sets hours, a closure and the numbers;
the next call hears them (no restart), the trail has each change before and after; bad
input is a form message that keeps what was typed; nobody else may change them; a call keeps
the last good values when Redis is away, and a Redis that lost them gets them back."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from rq import Queue
from sqlalchemy import select

from app import create_app
from app.core.hours import LONDON
from app.db.session import new_session
from app.department.models import DepartmentVersion
from app.department.store import current
from app.department.values import from_settings
from app.queues import SMS
from app.services import services
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.simulator import Call

PAGE = "/admin/settings/department"
ALL_WEEK = {f"{edge}_{d}": t for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            for edge, t in (("opens", "00:00"), ("closes", "24:00"))}  # fmt: skip


def today() -> dt.date:
    return dt.datetime.now(LONDON).date()


def post(client, **form: str):  # type: ignore[no-untyped-def]
    return client.post(PAGE, data={"csrf_token": csrf(client, PAGE), **form})


def ask_for_a_person(app: Flask, describe) -> list[str]:  # type: ignore[no-untyped-def]
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    phone.press("0")
    turn = phone.press("1")
    return [*turn.said, *(["dialled " + turn.dialled] if turn.dialled else [])]


def test_a_closure_set_in_the_browser_is_heard_on_the_next_call(app: Flask, admin, describe):
    assert not any(s.startswith("dialled") for s in ask_for_a_person(app, describe))
    first, last = today() - dt.timedelta(days=1), today() + dt.timedelta(days=2)
    reply = post(admin, **ALL_WEEK, transfer_to="029 2074 7747", phone="029 2074 7747",
                 closure_first_0=str(first), closure_last_0=str(last),
                 closure_reason_0="Closed for the Christmas break")  # fmt: skip
    assert reply.status_code == 303
    said = ask_for_a_person(app, describe)
    reopens = last + dt.timedelta(days=1)
    [closed] = [s for s in said if "closed until" in s]
    assert f"{reopens.day} {reopens:%B}" in closed and f"{reopens:%A}" in closed
    assert not any(s.startswith("dialled") for s in said)
    # The closure removed: the next call is put through.
    form = {**ALL_WEEK, "transfer_to": "+442920747747", "phone": "+442920747747",
            "closure_first_0": str(first), "closure_last_0": str(last),
            "closure_reason_0": "x", "closure_remove_0": "yes"}  # fmt: skip
    assert post(admin, **form).status_code == 303
    assert "dialled +442920747747" in ask_for_a_person(app, describe)


def test_a_polish_caller_hears_the_closure_in_polish(app: Flask, admin, describe):
    last = today() + dt.timedelta(days=1)
    post(admin, **ALL_WEEK, transfer_to="+442920747747", closure_first_0=str(today()),
         closure_last_0=str(last), closure_reason_0="Training")  # fmt: skip
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    phone.press("#")
    phone.press(str(list(services(app).speaker.libraries).index("pl") + 1))
    phone.press("0")
    [closed] = [s for s in phone.press("1").said if "zamknięty do" in s]
    assert str((last + dt.timedelta(days=1)).day) in closed and "closed" not in closed


def test_each_change_is_in_the_trail_with_before_and_after(app: Flask, admin, person):
    assert post(admin, **ALL_WEEK, transfer_to="+442920747747", address="Ward 5").status_code == 303
    assert post(admin, **ALL_WEEK, transfer_to="+442920747000", address="Ward 5").status_code == 303
    assert post(admin, **ALL_WEEK, transfer_to="+442920747000", address="Ward 5").status_code == 303
    changes = [e for e in trail(app) if e.action == "department.changed"]
    assert len(changes) == 2  # the third changed nothing
    assert all(e.actor_id == person.id for e in changes)
    detail = json.loads(changes[1].detail)
    assert detail == {"before_transfer_to": "+442920747747", "after_transfer_to": "+442920747000"}
    with new_session(app) as session:
        assert current(session, services(app).settings).address == "Ward 5"
        assert len(list(session.scalars(select(DepartmentVersion)))) == 2


def test_bad_input_is_a_form_message_that_keeps_what_was_typed(app: Flask, admin):
    reply = post(admin, **{**ALL_WEEK, "opens_mon": "17:00", "closes_mon": "09:00"},
                 address="Ward 5, keep me", transfer_to="not a number")  # fmt: skip
    page = reply.get_data(as_text=True)
    assert reply.status_code == 400
    assert "open before it closes" in page and "put calls through to" in page
    assert "Ward 5, keep me" in page and 'value="not a number"' in page
    assert 'aria-invalid="true"' in page
    assert not [e for e in trail(app) if e.action == "department.changed"]


@pytest.mark.parametrize("role", ["editor", "reviewer", "desk"])
def test_only_admins_change_the_department(app: Flask, redis, role):
    client = signed_in(app.test_client(), add_person(app, role))
    assert client.get(PAGE).status_code == 403
    token = csrf(client, "/admin/account")
    reply = client.post(
        PAGE, data={"csrf_token": token, **ALL_WEEK, "transfer_to": "+442920747747"}
    )
    assert reply.status_code == 403
    assert redis.get("nmline:department") is None
    assert not [e for e in trail(app) if e.action == "department.changed"]


def test_the_environment_gives_the_first_values(config):
    first = {"DEPARTMENT_PHONE": "+442920747747", "DEPARTMENT_HOURS": "Mon-Fri 09:00-17:00",
             "BANK_HOLIDAYS": "2026-12-25"}  # fmt: skip
    app = create_app({**config, **first})
    client = signed_in(app.test_client(), add_person(app, "admin"))
    page = client.get(PAGE).get_data(as_text=True)
    assert 'name="opens_mon" value="09:00"' in page and 'name="opens_sat" value=""' in page
    assert "2026-12-25" in page and 'value="+442920747747"' in page


def test_a_call_keeps_the_last_good_values_when_redis_is_away(app: Flask, admin, redis):
    post(admin, **ALL_WEEK, transfer_to="+442920747747")
    live = services(app).department
    assert live.values().transfer_to == "+442920747747"
    redis.set("nmline:department", "not json")  # unreadable: the last good kept
    assert live.values().transfer_to == "+442920747747"


def test_a_redis_that_lost_the_values_gets_them_back_from_the_database(
    app: Flask, admin, redis, config, worker
):
    post(admin, **ALL_WEEK, transfer_to="+442920747747")
    redis.delete("nmline:department")
    other = create_app(config)  # another process: starts with the environment's values
    assert services(other).department.values() == from_settings(services(other).settings)
    queue = Queue(SMS, connection=redis)
    assert len(queue) == 1
    services(other).department.values()  # asked again: queued once, not twice
    assert len(queue) == 1
    worker()
    assert services(other).department.values().transfer_to == "+442920747747"


def test_the_pages_give_the_address_and_number_the_department_set(app: Flask, admin):
    assert "<address>" not in app.test_client().get("/").get_data(as_text=True)
    post(admin, **ALL_WEEK, transfer_to="+442920747747", phone="+442920747000",
         address="Nuclear Medicine\nUniversity Hospital of Wales")  # fmt: skip
    page = app.test_client().get("/?lang=cy").get_data(as_text=True)
    assert "<br>University Hospital of Wales" in page
    assert '<a href="tel:+442920747000">029 2074 7000</a>' in page
    assert services(app).speaker.libraries["cy"].prompts["page_department"] in page
