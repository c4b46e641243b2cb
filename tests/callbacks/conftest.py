"""Call-backs' tests: a department closed today (a bank holiday either side of today, so in
any time zone), on both databases, with a real Redis and the line's rq jobs run by a real
worker in this process."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from flask.testing import FlaskClient
from redis import Redis

from tests.support.admin import add_person, signed_in
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.simulator import Call, Turn

DEPARTMENT = "+441234000111"
ALWAYS = "Mon-Sun 00:00-24:00"


@pytest.fixture
def config(config: dict[str, str], database_url: str) -> dict[str, str]:
    today = dt.date.today()
    around = ",".join(str(today + dt.timedelta(days)) for days in (-1, 0, 1))
    return {**config, "DATABASE_URL": database_url, "DEPARTMENT_PHONE": DEPARTMENT,
            "DEPARTMENT_HOURS": ALWAYS, "BANK_HOLIDAYS": around}  # fmt: skip


@pytest.fixture
def desk(app: Flask, redis: Redis) -> FlaskClient:
    """A client signed in as someone of the desk."""
    return signed_in(app.test_client(), add_person(app, "desk", name="Dee Desk"))


@pytest.fixture
def phone_of(app: Flask, describe):  # type: ignore[no-untyped-def]
    """A call from `caller` to the line (this test's, or `line`)."""

    def make(caller: str, line: Flask | None = None) -> Call:
        client = (line or app).test_client()
        return Call(client, AUTH_TOKEN, BASE_URL, caller=caller, describe=describe)

    return make


@pytest.fixture
def asks_for_a_person():  # type: ignore[no-untyped-def]
    """From the start of a call: the language chosen (hash, then its number), then help (0),
    then talking to someone (1); what the caller heard then."""

    def ask(phone: Call, lang: str = "en") -> Turn:
        phone.start()
        if lang != "en":
            phone.press("#")
            phone.press({"cy": "2", "pl": "3"}[lang])
        phone.press("0")
        return phone.press("1")

    return ask
