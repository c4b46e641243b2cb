"""Feedback from a topic's page, without personal data: yes or no counted per topic and day
and shown in the admin's statistics and CSV; a comment kept only after anything that looks
like a phone number, email or NHS number is taken out, and read by reviewers only."""

from __future__ import annotations

import datetime as dt
import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from app.audit.models import AuditEntry
from app.core.counts import day_counts
from app.db.session import new_session
from app.feedback.models import Comment
from tests.support.admin import add_person
from tests.support.editing import as_person
from tests.support.numbers import MOBILE

PAGE = "/articles/your-results"


def form(client: FlaskClient, page: str = PAGE) -> dict[str, str]:
    html = client.get(page).get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', html)
    assert token, "the page has no feedback form"
    return {"token": token.group(1)}


def test_yes_and_no_are_counted_per_topic_and_shown_to_staff(app: Flask, client, redis):
    for answer in ("yes", "yes", "no"):
        sent = client.post(PAGE + "/feedback", data={**form(client), "helpful": answer})
        assert sent.status_code == 303 and "thanks=1" in sent.headers["Location"]
        assert "Set-Cookie" not in sent.headers  # the public pages keep nothing about readers
    today = day_counts(redis)
    assert today["helpful_page:your-results"] == 2
    assert today["unhelpful_page:your-results"] == 1
    staff = as_person(app, add_person(app, "editor"))
    stats = staff.get("/admin/stats").get_data(as_text=True)
    assert '<td data-count="helpful_page">2</td>' in stats
    csv = staff.get("/admin/stats/export.csv").get_data(as_text=True)
    assert "helpful_page:your-results,2" in csv


def test_a_comment_is_kept_without_numbers_or_addresses_for_reviewers_only(
    app: Flask, client, redis
):
    words = (f"Clear page. Ring me on {MOBILE} or email ann.other@example.org, "
             "my NHS number is 943 476 5919.")  # fmt: skip
    client.post(PAGE + "/feedback", data={**form(client), "comment": words})
    with new_session(app) as session:
        [kept] = session.scalars(select(Comment)).all()
    assert kept.words.startswith("Clear page.")
    assert MOBILE[-6:] not in kept.words and "@" not in kept.words and "5919" not in kept.words
    reviewer = as_person(app, add_person(app, "reviewer"))
    assert "Clear page." in reviewer.get("/admin/feedback").get_data(as_text=True)
    editor = as_person(app, add_person(app, "editor"))
    assert editor.get("/admin/feedback").status_code == 403


def test_a_form_that_is_not_the_pages_own_is_refused_and_nothing_counted(client, redis):
    for token in ("", "forged", form(client, "/articles/going-for-a-scan")["token"]):
        sent = client.post(PAGE + "/feedback", data={"token": token, "helpful": "yes"})
        assert sent.status_code == 400
    assert day_counts(redis) == {}


def test_one_place_cannot_flood_a_topics_counts(client, redis):
    for _ in range(12):
        client.post(PAGE + "/feedback", data={**form(client), "helpful": "no"})
    assert day_counts(redis)["unhelpful_page:your-results"] == 5


def test_comments_older_than_the_retention_are_removed_and_the_prune_audited(app: Flask):
    today = dt.date.today()
    with new_session(app) as session:
        for age in (400, 366, 364, 0):
            session.add(Comment(topic="your-results", lang="en", helpful=None, words=f"{age}",
                                day=today - dt.timedelta(days=age)))  # fmt: skip
        session.commit()
    done = app.test_cli_runner().invoke(args=["feedback", "prune"])
    assert done.exit_code == 0 and "Removed 2 comment(s) older than 365 days" in done.output
    with new_session(app) as session:
        kept = sorted(c.words for c in session.scalars(select(Comment)))
        pruned = session.scalars(select(AuditEntry).where(AuditEntry.action == "feedback.pruned"))
        assert kept == ["0", "364"] and len(list(pruned)) == 1


def test_the_count_of_a_readers_answers_keeps_neither_their_address_nor_the_topic(client, redis):
    client.post(PAGE + "/feedback", data={**form(client), "helpful": "yes"},
                environ_base={"REMOTE_ADDR": "198.51.100.7"})  # fmt: skip
    keys = [key.decode() for key in redis.scan_iter("nmline:feedback*")]
    assert len(keys) == 1
    assert "198.51.100.7" not in keys[0] and "your-results" not in keys[0]
    assert 0 < redis.ttl(keys[0]) <= 86400
