"""The admin area: CSRF, headers, the audio table and its actions, health, stats.

Signing in is tested in test_auth.py; here `admin` is a client signed in as an admin."""

from __future__ import annotations

import csv
import io
import re

import pytest
from rq import Queue, SimpleWorker

from app.content.item_names import item_name
from app.core.counts import count
from app.queues import AUDIO, SMS
from app.services import services
from tests.support.admin import csrf, trail
from tests.support.edits import add_words
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.queues import waiting
from tests.support.simulator import Call, signed_post

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/status.json", "/admin/stats", "/admin/stats/export.csv",
             "/admin/phone"],
)  # fmt: skip
def test_admin_pages_need_a_sign_in(client, redis, path):
    response = client.get(path)
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_forms_without_a_csrf_token_are_refused(admin, redis, app):
    before = len(trail(app))
    assert admin.post("/admin/audio/refresh").status_code == 400
    assert admin.post("/admin/logout").status_code == 400
    assert admin.post("/admin/phone/step", json={"url": "/voice"}).status_code == 400
    assert waiting(redis, AUDIO) == 0
    assert len(trail(app)) == before
    assert admin.get("/admin/").status_code == 200  # still signed in


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/login", "/admin/stats", "/admin/phone", "/admin/people",
             "/admin/account", "/admin/audit"],
)  # fmt: skip
def test_admin_pages_are_never_cached_framed_or_open_to_other_scripts(admin, path):
    response = admin.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_twilio_routes_need_no_csrf_token(client, redis):
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice", {"CallSid": "CA1"})
    assert response.status_code == 200


def test_the_dashboard_lists_the_items_not_up_to_date_and_each_topic_page_every_item(admin, app):
    items = services(app).speaker.items()
    fresh = [i for i in items.values() if i.lang == "en" and not i.slow]
    html = admin.get("/admin/").get_data(as_text=True)
    assert f"{len(fresh)} of {len(items)} items are up to date." in html
    for item_id, item in items.items():  # only what needs doing is on the dashboard
        assert (f'data-item="{item_id}"' in html) is (item not in fresh)
    topics = admin.get("/admin/content").get_data(as_text=True)
    shown = set()
    for link in sorted(set(re.findall(r'href="(/admin/content/[a-z]+/[a-z-]+/audio)"', topics))):
        page = admin.get(link)
        assert page.status_code == 200
        shown |= set(re.findall(r'<tr><th scope="row">([^<]+)</th>', page.get_data(as_text=True))
                     ) if "/en/" in link else set()  # fmt: skip
    library = services(app).speaker.libraries["en"]  # each item named as staff say it
    english = {item_name(i.key, library) for i in items.values() if i.lang == "en"
               and i.key.split(":")[0] in ("article", "intro", "menu", "prompt")}  # fmt: skip
    assert english <= shown


def test_refresh_queues_stale_items_once_however_often_it_is_pressed(admin, content_dir, redis):
    path = content_dir / "your-results.md"
    path.write_text(path.read_text() + "\nOne more sentence.\n")
    token = csrf(admin, "/admin/")
    headers = {"X-CSRFToken": token, "Accept": "application/json"}
    first = admin.post("/admin/audio/refresh", headers=headers).json["message"]
    second = admin.post("/admin/audio/refresh", headers=headers).json["message"]
    queued = int(first.split()[0])
    assert queued > 0 and second.startswith("0 item(s) queued")
    assert waiting(redis, AUDIO) == queued
    rows = {r["id"]: r for r in admin.get("/admin/status.json").json["items"]}
    changed = [r for i, r in rows.items() if i.startswith("en/normal/article:your-results:")]
    assert "queued" in {r["state"] for r in changed}
    assert rows["en/normal/menu:main"]["state"] == "fresh"


def test_render_again_queues_one_stale_item(admin, content_dir, redis):
    add_words(content_dir / "menus.yaml", "main", "intro")
    token = csrf(admin, "/admin/")
    data = {"item": "en/normal/menu:main", "csrf_token": token}
    admin.post("/admin/audio/render", data=data)
    admin.post("/admin/audio/render", data=data)
    assert waiting(redis, AUDIO) == 1
    fresh = {"item": "en/normal/prompt:help", "csrf_token": token}
    assert (
        b"already up to date"
        in admin.post("/admin/audio/render", data=fresh, follow_redirects=True).data
    )


def test_health_shows_no_worker_and_failed_jobs_which_can_be_retried(admin, redis):
    queue = Queue(SMS, connection=redis)
    job = queue.enqueue("json.loads", "not json")
    SimpleWorker([queue], connection=redis).work(burst=True)
    html = admin.get("/admin/").get_data(as_text=True)
    assert "No worker is running" in html
    assert "JSONDecodeError: Expecting value" in html
    token = csrf(admin, "/admin/")
    admin.post(f"/admin/jobs/{job.id}/retry", data={"csrf_token": token})
    assert job.id not in queue.failed_job_registry.get_job_ids()
    assert job.id in queue.job_ids


def test_statistics_show_counts_and_export_csv_without_any_number(admin, app, redis):
    phone = Call(app.test_client(), AUTH_TOKEN, BASE_URL)
    phone.start()
    phone.say("results")
    phone.press("9")
    count(redis, "texts_sent")
    html = admin.get("/admin/stats").get_data(as_text=True)
    assert 'data-count="calls">1<' in html
    assert 'data-count="input_keypad">1<' in html and 'data-count="input_speech">1<' in html
    assert "<svg" in html
    rows = list(
        csv.DictReader(io.StringIO(admin.get("/admin/stats/export.csv").get_data(as_text=True)))
    )
    counted = {r["count"]: int(r["value"]) for r in rows}
    assert (
        counted["calls"] == 1 and counted["plays:your-results"] == 1 and counted["texts_sent"] == 1
    )
    assert "7400" not in admin.get("/admin/stats/export.csv").get_data(as_text=True)


def test_the_phone_page_follows_the_line_and_is_not_counted_as_a_caller(admin, redis):
    token = csrf(admin, "/admin/phone")
    headers = {"X-CSRFToken": token}
    first = admin.post(
        "/admin/phone/step", json={"url": "/voice", "call_sid": "CAx"}, headers=headers
    )
    verbs = first.json["verbs"]
    assert [v["verb"] for v in verbs] == ["gather", "redirect"]
    library = services(admin.application).speaker.library
    assert verbs[0]["prompt"][0]["text"] == library.prompt("welcome")
    action = verbs[0]["action"]
    step = admin.post("/admin/phone/step", json={"url": action, "digits": "4"}, headers=headers)
    part = step.json["verbs"][0]
    title = library.articles["your-results"].title
    assert part["verb"] == "gather" and part["prompt"][0]["text"].startswith(title)
    while "/part/" in step.json["verbs"][0]["action"]:
        forward = {"url": step.json["verbs"][0]["action"], "digits": "6"}
        step = admin.post("/admin/phone/step", json=forward, headers=headers)
    texted = admin.post(
        "/admin/phone/step",
        json={"url": step.json["verbs"][0]["action"], "digits": "1"},
        headers=headers,
    )
    assert "withheld" in texted.json["verbs"][0]["text"]  # never a real text from here
    assert waiting(redis, SMS) == 0
    assert redis.keys("nmline:stats:*") == []


def test_the_phone_page_only_reaches_the_voice_routes(admin):
    headers = {"X-CSRFToken": csrf(admin, "/admin/phone")}
    for url in ("/admin/", "/sms", "https://evil.example/voice/../admin"):
        assert (
            admin.post("/admin/phone/step", json={"url": url}, headers=headers).status_code == 400
        )


def test_the_dashboard_shows_each_articles_checks_and_flags_a_phone_phrase(admin, content_dir):
    html = admin.get("/admin/").get_data(as_text=True)
    assert 'id="content-checks"' in html and "0 error(s)" in html
    path = content_dir / "your-results.md"
    path.write_text(path.read_text() + "\nFor more, click here.\n")
    html = admin.get("/admin/").get_data(as_text=True)
    assert "1 error(s)" in html and "click here" in html


@pytest.mark.parametrize("waiting", [True, False])
def test_admins_see_which_translations_wait_for_a_fluent_reviewer(admin, content_dir, waiting):
    path = content_dir / "your-results.cy.md"
    text = re.sub(r"^needs_review: .*\n", "", path.read_text(), flags=re.M)
    if waiting:
        text = text.replace("---\n", "---\nneeds_review: true\n", 1)
    path.write_text(text)
    for other in content_dir.glob("*.*.md"):
        if other != path:  # only this one may be flagged, whatever the shipped content says
            other.write_text(re.sub(r"^needs_review: .*\n", "", other.read_text(), flags=re.M))
    page = admin.get("/admin/").get_data(as_text=True)
    assert ("needs review by a fluent speaker" in page) is waiting
