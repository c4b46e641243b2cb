"""Issue 24, part 2, as it is done: a caller out of hours asks for a call back; the desk sees
it (the number in full, there only), calls, marks it done; it is gone after the retention.
On both databases, a real Redis and a real rq worker."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from flask import Flask
from sqlalchemy import select, text, update

from app import redis_keys
from app.accounts.staff_news import News
from app.callbacks import store
from app.callbacks.models import CallbackRequest, State
from app.db.session import new_session
from tests.support.admin import csrf, trail
from tests.support.numbers import MOBILE


def raw_rows(app: Flask) -> list[dict[str, object]]:
    with new_session(app) as session:
        found = session.execute(text("SELECT * FROM callback_requests ORDER BY id"))
        return [dict(row._mapping) for row in found]


def counted(redis, name: str) -> int:  # type: ignore[no-untyped-def]
    return int(redis.hget(redis_keys.stats(dt.date.today()), name) or 0)


def test_a_caller_out_of_hours_is_called_back_by_the_desk_and_the_request_goes_after_the_retention(
    phone_of, asks_for_a_person, app: Flask, redis, worker, desk, monkeypatch: pytest.MonkeyPatch
):
    told: list[tuple[object, ...]] = []
    real = store.announce
    monkeypatch.setattr(store, "announce", lambda *a: told.append(a[2:]) or real(*a))
    phone = phone_of(MOBILE)
    turn = asks_for_a_person(phone)
    assert "The department is closed now" in turn.said[0]
    assert turn.heard[-1] == "prompt:callback_offer"
    assert "/voice/callback/choose" in turn.gather["action"]
    turn = phone.press("1")
    assert turn.heard[0] == "prompt:callback_confirmed" and turn.gather is not None
    assert raw_rows(app) == []  # the call did not wait on the database: the worker keeps it
    worker()

    [row] = raw_rows(app)
    national = MOBILE[-10:]
    assert not any(national in str(value) for value in row.values())  # sealed, never in clear
    assert (row["lang"], row["reason"], row["state"]) == ("en", "closed", "open")
    assert counted(redis, "callbacks_requested") == 1
    [(news, key, subject, said)] = told
    assert news is News.CALLBACK_REQUESTED and key.startswith(f"request-{row['id']}-")
    assert national not in subject + said and "/admin/callbacks" in said

    page = desk.get("/admin/callbacks").get_data(as_text=True)
    assert MOBILE in page and "the department was closed" in page and "English" in page
    assert "<script" not in page and "style=" not in page
    reads = [e for e in trail(app) if e.action == "callbacks.read"]
    assert [json.loads(e.detail)["shown"] for e in reads] == [1]
    assert reads[0].actor_name == "Dee Desk" and national not in reads[0].detail

    token = csrf(desk, "/admin/callbacks")
    done = desk.post(
        f"/admin/callbacks/{row['id']}", data={"outcome": "called", "csrf_token": token}
    )
    assert done.status_code == 303
    page = desk.get("/admin/callbacks").get_data(as_text=True)
    assert MOBILE not in page and 'id="no-callbacks"' in page
    [marked] = [e for e in trail(app) if e.action == "callbacks.called"]
    assert marked.object_id == str(row["id"]) and marked.actor_name == "Dee Desk"
    assert counted(redis, "callbacks_done") == 1
    assert redis.keys("nmline:callbacks:open:*") == []  # this number may ask again

    with new_session(app) as session:
        done_at = session.scalars(select(CallbackRequest.done_at)).one()
        assert done_at is not None
        assert store.prune(session, 14, "test", now=done_at + dt.timedelta(days=13)) == (0, 0)
        assert len(raw_rows(app)) == 1
        marked_long_ago = done_at - dt.timedelta(days=15)
        session.execute(update(CallbackRequest).values(done_at=marked_long_ago))
        session.commit()
    result = app.test_cli_runner().invoke(args=["callbacks", "prune"])
    assert result.exit_code == 0 and "Removed 1 call-back request(s)" in result.output
    assert raw_rows(app) == []
    pruned = [json.loads(e.detail) for e in trail(app) if e.action == "callbacks.pruned"]
    assert [p["removed"] for p in pruned] == [0, 1] and pruned[1]["retention_days"] == 14

    again = asks_for_a_person(phone_of(MOBILE))
    assert again.heard[-1] == "prompt:callback_offer"


def test_an_open_request_is_never_removed_however_old_but_flagged_overdue(
    phone_of, asks_for_a_person, app: Flask, redis, worker, desk
):
    asks_for_a_person(phone := phone_of(MOBILE))
    phone.press("1")
    worker()
    with new_session(app) as session:
        long_ago = dt.datetime.now(dt.UTC) - dt.timedelta(days=20)
        session.execute(update(CallbackRequest).values(asked_at=long_ago))
        session.commit()
        assert store.prune(session, 14, "test") == (0, 1)
    result = app.test_cli_runner().invoke(args=["callbacks", "prune"])
    assert (
        "Removed 0" in result.output and "1 open request(s) are older than 14 days" in result.output
    )
    [row] = raw_rows(app)
    assert row["state"] == State.OPEN
    page = desk.get("/admin/callbacks").get_data(as_text=True)
    assert 'class="overdue"' in page and "20 days" in page and MOBILE in page
    [read] = [e for e in trail(app) if e.action == "callbacks.read"]
    assert json.loads(read.detail)["overdue"] == 1


def test_the_prune_runs_daily_on_the_clock(app: Flask, worker):
    from rq import cron

    from app.callbacks import cron as callbacks_cron

    registered: list[tuple[object, ...]] = []
    cron_register = cron.register
    try:
        cron.register = lambda func, queue, **kw: registered.append((func, queue, kw))  # type: ignore[assignment]
        callbacks_cron.schedule()
    finally:
        cron.register = cron_register  # type: ignore[assignment]
    [(func, queue, kw)] = registered
    assert func is store.prune_job and queue == "sms" and kw["cron"] == "15 3 * * *"
    assert store.prune_job() == "removed 0; 0 open and overdue"
