"""The DPIA's retention table says what the code does: each lifetime is checked against the
constant, setting or queued job the table names, so a figure changed in the code (or in the
document) fails here until both agree."""

from __future__ import annotations

import dataclasses
import importlib
import re
from collections.abc import Callable

import pytest
from redis import Redis
from rq import Queue

from app import redis_keys
from app.core import counts
from app.queues import SMS
from app.settings import Settings
from app.texts.optouts import opt_in, opt_out, opted_out
from app.texts.policy import TextPolicy, request_link_text
from tests.support.line import ROOT
from tests.support.numbers import MOBILE

DPIA = ROOT / "docs" / "privacy" / "dpia.md"
UNITS = {"minute": 60, "hour": 3600, "day": 86400}
DURATION = re.compile(r"\b(\d+) (minute|hour|day)s?\b")
FOR_GOOD = ("for good", "until START")
SECRET = "test-secret-key"


def retention_rows() -> list[dict[str, str]]:
    """The rows of the table between the retention markers, by column heading."""
    text = DPIA.read_text(encoding="utf-8")
    table = text.split("<!-- retention -->", 1)[1].split("<!-- /retention -->", 1)[0]
    lines = [line.strip() for line in table.strip().splitlines()]
    cells = [[c.strip() for c in line.strip("|").split(" | ")] for line in lines]
    heading, rows = cells[0], cells[2:]
    assert all(len(row) == len(heading) for row in rows), "a row with a | in a cell?"
    return [dict(zip(heading, row, strict=True)) for row in rows]


def references(row: dict[str, str]) -> list[str]:
    return re.findall(r"`([^`]+)`", row["set in the code"])


def kept_seconds(row: dict[str, str]) -> int | None:
    """The row's lifetime in seconds; None for what is kept with no expiry."""
    kept = row["kept for"]
    found = DURATION.findall(kept)
    if not found:
        assert kept in FOR_GOOD or not references(row), f"no lifetime in {kept!r}"
        return None
    assert len(found) == 1, f"one lifetime per row: {kept!r}"
    number, unit = found[0]
    return int(number) * UNITS[unit]


def _constant(reference: str) -> int:
    """`app.module.NAME_SECONDS` or `app.module.NAME_DAYS`, in seconds."""
    module, name = reference.rsplit(".", 1)
    value = getattr(importlib.import_module(module), name)
    assert isinstance(value, int), reference
    if name.endswith("_SECONDS"):
        return value
    assert name.endswith("_DAYS"), f"{reference}: name a _SECONDS or _DAYS constant"
    return value * 86400


def _text_job(redis: Redis, attribute: str) -> int:
    """The lifetime rq gives a text's job, as the line queues one."""
    queue = Queue(SMS, connection=redis)
    verdict, _ = request_link_text(
        redis, queue, TextPolicy(secret=SECRET), "your-results", "CA" + "7" * 32, MOBILE
    )
    assert verdict == "text_sending"
    [job] = queue.get_jobs()
    return int(getattr(job, attribute))


def _setting(name: str) -> int:
    """A setting's default, in seconds (…_DAYS settings are days, …_HOURS hours): the default
    of its `Settings` field, which must also be what start-up gives when it is unset."""
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    assert name.lower() in fields, f"{name}: no such setting"
    value = fields[name.lower()].default
    unit = {"DAYS": 86400, "HOURS": 3600}.get(name.rsplit("_", 1)[-1])
    assert unit is not None and isinstance(value, int), name
    unset = getattr(Settings.from_env({"APP_ENV": "development"}), name.lower())
    assert unset == value, f"{name}: start-up gives {unset}, the field says {value}"
    return value * unit


# What the code writes for keys kept with no lifetime: written here, then asked for its TTL.
def _opted_out(redis: Redis) -> str:
    opt_out(redis, SECRET, MOBILE)
    return redis_keys.OPTED_OUT


def _totals(redis: Redis) -> str:
    counts.count(redis, "calls")
    return redis_keys.TOTALS


KEPT_FOR_GOOD: dict[str, Callable[[Redis], str]] = {
    "app.redis_keys.OPTED_OUT": _opted_out,
    "app.redis_keys.TOTALS": _totals,
}


def measured(reference: str, redis: Redis) -> int | None:
    """What the code keeps the thing a reference names for, in seconds (None: no expiry)."""
    if reference in KEPT_FOR_GOOD:
        key = KEPT_FOR_GOOD[reference](redis)
        ttl = redis.ttl(key)
        assert ttl != -2, f"{reference}: nothing was written"
        return None if ttl == -1 else int(ttl)
    if reference.startswith("app.texts.policy.request_link_text:"):
        return _text_job(redis, reference.rsplit(":", 1)[1])
    if re.fullmatch(r"[A-Z_]+", reference):
        return _setting(reference)
    if re.fullmatch(r"app(\.\w+)+\.[A-Z_]+", reference):
        return _constant(reference)
    raise AssertionError(f"this test does not know how to check {reference!r}")


def test_the_table_names_what_the_brief_asks_for():
    named = {ref for row in retention_rows() for ref in references(row)}
    for wanted in ("app.redis_keys.STATS_DAYS", "app.redis_keys.TEXTED_CALL_SECONDS",
                   "app.redis_keys.TEXT_LIMIT_SECONDS", "app.redis_keys.TEXT_LANGUAGE_SECONDS",
                   "app.redis_keys.SIGN_IN_FAILURES_SECONDS", "app.privacy.SEAL_SECONDS",
                   "app.redis_keys.OPTED_OUT", "AUDIT_RETENTION_DAYS",
                   "FEEDBACK_RETENTION_DAYS", "app.redis_keys.FEEDBACK_SECONDS"):  # fmt: skip
        assert wanted in named, wanted


@pytest.mark.parametrize("row", retention_rows(), ids=lambda row: row["what is kept"][:40])
def test_each_lifetime_in_the_dpia_is_the_one_the_code_keeps(row, redis):
    kept = kept_seconds(row)
    if kept is not None:
        assert references(row), "a lifetime must name where the code sets it"
    for reference in references(row):
        assert measured(reference, redis) == kept, (reference, row["kept for"])


def test_a_lifetime_changed_in_the_code_is_caught(monkeypatch, redis):
    row = {"kept for": "400 days", "set in the code": "`app.redis_keys.STATS_DAYS`"}
    assert measured("app.redis_keys.STATS_DAYS", redis) == kept_seconds(row)
    monkeypatch.setattr(redis_keys, "STATS_DAYS", 365)
    assert measured("app.redis_keys.STATS_DAYS", redis) != kept_seconds(row)


def test_an_opt_out_lasts_until_start(redis):
    assert measured("app.redis_keys.OPTED_OUT", redis) is None
    assert opted_out(redis, SECRET, MOBILE)
    opt_in(redis, SECRET, MOBILE)
    assert not opted_out(redis, SECRET, MOBILE)
