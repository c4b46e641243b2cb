"""The audit trail: every action in it with the person's name and address, its page with
filters and pages, the CSV export, and no way to change it from the web."""

from __future__ import annotations

import csv
import io
import re

import pyotp
import pytest
from rq import Queue, SimpleWorker

from app.audit.actions import Action
from app.audit.record import record
from app.db.session import new_session
from app.queues import SMS
from tests.support.admin import add_person, csrf, sign_in, signed_in, trail
from tests.support.edits import add_words
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.simulator import Call


def _post(client, path: str, page: str = "/admin/", **data: str):
    return client.post(path, data={**data, "csrf_token": csrf(client, page)})


def test_everything_two_people_do_is_in_the_trail_with_their_name(app, redis, content_dir):
    admin, reviewer = (
        add_person(app, "admin", name="Ada Admin"),
        add_person(app, "reviewer", name="Rhian Reviewer"),
    )
    ada, rhian = app.test_client(), app.test_client()
    rhian.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    wrong = {"email": admin.email, "password": "not my password at all", "csrf_token": csrf(ada)}
    ada.post("/admin/login", data=wrong)
    assert sign_in(ada, admin).status_code == 302
    created = {"name": "Nia New", "email": "nia@hospital.example", "role": "editor",
               "password": "copper kettle willow dawn"}  # fmt: skip
    _post(ada, "/admin/people", "/admin/people", **created)
    nia = [e for e in trail(app) if e.action == "account.created"][-1].object_id
    _post(ada, f"/admin/people/{nia}/role", "/admin/people", role="reviewer")
    _post(ada, f"/admin/people/{nia}/deactivate", "/admin/people")
    _post(ada, f"/admin/people/{reviewer.id}/reset-second-factor", "/admin/people")
    add_words(content_dir / "menus.yaml", "main", "intro")
    _post(ada, "/admin/audio/refresh")
    _post(ada, "/admin/audio/render", item="en/normal/menu:main")
    queue = Queue(SMS, connection=redis)
    job = queue.enqueue("json.loads", "not json")
    SimpleWorker([queue], connection=redis).work(burst=True)
    _post(ada, f"/admin/jobs/{job.id}/retry")
    _post(ada, "/admin/account/password", "/admin/account", current=admin.password,
          new="gravel harbour quietly onions", again="gravel harbour quietly onions")  # fmt: skip
    # Rhian signs in after the reset: sets up her app again; then signs out.
    rhian.post("/admin/login", data={"email": reviewer.email, "password": reviewer.password,
                                     "csrf_token": csrf(rhian)})  # fmt: skip
    page = rhian.get("/admin/login/setup").get_data(as_text=True)
    secret = re.search(r'class="secret">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    token = csrf(rhian, "/admin/login/setup")
    rhian.post("/admin/login/setup", data={"code": pyotp.TOTP(secret).now(), "csrf_token": token})
    _post(rhian, "/admin/logout", "/admin/account")
    # A caller asks about their results and for a text, meanwhile.
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL, caller=MOBILE)
    phone.start()
    phone.say("results")

    entries = trail(app)
    by_action = {}
    for entry in entries:
        by_action.setdefault(entry.action, []).append(entry)
    expected = {
        "sign_in.failed": ("Ada", None),
        "sign_in.succeeded": ("Ada Admin", "127.0.0.1"),
        "account.created": ("Ada Admin", "127.0.0.1"),
        "account.role_changed": ("Ada Admin", "127.0.0.1"),
        "account.deactivated": ("Ada Admin", "127.0.0.1"),
        "second_factor.reset": ("Ada Admin", "127.0.0.1"),
        "audio.refreshed": ("Ada Admin", "127.0.0.1"),
        "audio.render_again": ("Ada Admin", "127.0.0.1"),
        "job.retried": ("Ada Admin", "127.0.0.1"),
        "password.changed": ("Ada Admin", "127.0.0.1"),
        "second_factor.set_up": ("Rhian Reviewer", "192.0.2.44"),
        "sign_out": ("Rhian Reviewer", "192.0.2.44"),
    }
    for action, (name, client) in expected.items():
        assert action in by_action, action
        last = by_action[action][-1]
        if action == "sign_in.failed":
            assert last.details["name_tried"] == admin.email and last.client == "127.0.0.1"
            continue
        assert (last.actor_name, last.client, last.outcome) == (name, client, "ok"), action
    everything = "\n".join(f"{e.action} {e.object_id} {e.detail}" for e in entries)
    assert MOBILE not in everything and MOBILE[-10:] not in everything
    assert "your-results" not in everything and "not my password" not in everything


def _entries(client, query: str = "") -> str:
    return client.get(f"/admin/audit{query}").get_data(as_text=True)


def test_the_page_filters_by_person_action_and_dates_and_pages(admin, app, person):
    other = add_person(app, "editor", name="Eddie Editor")
    with new_session(app) as session:
        for n in range(60):  # sixty failed codes for Eddie's account
            record(session, "sign_in.failed", client="192.0.2.7", outcome="refused",
                   object_type="user", object_id=other.id, attempt=n)  # fmt: skip
        session.commit()
    page = _entries(admin)
    assert "entries, page 1 of" in page and 'rel="next"' in page
    mine = _entries(admin, f"?person={person.id}")
    assert "Eddie" not in mine.split("<tbody>")[1]
    failed = _entries(admin, f"?person={other.id}&action=sign_in")
    assert 'data-action="sign_in.failed"' in failed and 'data-action="account' not in failed
    assert "0 entries" in _entries(admin, "?from=2000-01-01&to=2000-01-31")
    assert "entries" in _entries(admin, "?from=junk&to=2000-13-45&page=-3&person=x&action=<b>")


def test_the_export_is_csv_of_what_the_filters_find_and_is_itself_recorded(admin, app, person):
    add_person(app, "editor", name="=HYPERLINK(evil)")
    answer = admin.get("/admin/audit/export.csv?action=account")
    assert answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.get_data(as_text=True))))
    assert rows and {r["action"] for r in rows} == {"account.created"}
    assert all(not r["actor"].startswith("=") for r in rows)
    last = trail(app)[-1]
    assert (last.action, last.actor_name) == ("audit.exported", "Ada Admin")


def test_no_web_route_changes_or_removes_the_trail(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin.trail."):
            assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


def test_an_editor_cannot_read_the_trail(app, redis):
    client = signed_in(app.test_client(), add_person(app, "editor"))
    assert client.get("/admin/audit").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


@pytest.mark.parametrize("action", list(Action))
def test_the_trail_can_be_filtered_to_every_action_the_code_can_write(admin, app, action):
    with new_session(app) as session:
        record(session, action, actor_name="command line (alice)", object_type="test")
        session.commit()
    chosen = _entries(admin, f"?action={action.kind}")
    assert f'data-action="{action}"' in chosen
    others = {str(a) for a in Action if a.kind != action.kind}
    assert not any(f'data-action="{other}"' in chosen for other in others)
    # The filter offers the kind by its label, and the label is the kind's own.
    assert f'<option value="{action.kind}" selected>' in chosen.replace("  ", " ")
