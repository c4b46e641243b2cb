"""Review reminders: what is due for review reaches people, in the daily summary (by email
or webhook, once a day) and on the dashboard; the command line prints and sends it."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from flask import Flask
from flask.testing import FlaskClient

from app import create_app
from app.content.loader import load_libraries
from app.editor.reminders import SendError, send, send_daily
from app.settings import Settings, SettingsError
from tests.support.admin import trail
from tests.support.editing import change_body, publish_change
from tests.support.line import BASE_URL, GOOD
from tests.support.live_server import free_port
from tests.support.metrics import TOKEN, sample, scrape
from tests.support.reminders import EMAIL, Mailbox, date_reviews, listed, mailbox, planned
from tests.support.tls import Certificates, make_certificates

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

MAIL_PASSWORD = "the mail password 4f1c"
BEHIND = "your-results"  # the topic tests.support.editing.publish_change changes


def expected(folder: Path, today: dt.date) -> list[str]:
    """The summary's line for each planned reminder (the topic's English title)."""
    english = load_libraries(folder)["en"].articles
    return [
        f"- {english[slug].title} ({lang}): review {'overdue' if due < today else 'due soon'}"
        f" ({due.day} {due:%B %Y})"
        for lang, slug, due in planned(folder, today)
    ]


def reminder_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("- ")]


class SecureMailbox(Mailbox):
    """A mail server speaking TLS (STARTTLS, or from the start: SMTPS) with a certificate of
    the test's own, that takes any password and keeps it: what a fake server would capture."""

    def __init__(self, implicit: bool) -> None:
        super().__init__()
        self.implicit, self.logins = implicit, []

    def authenticate(self, server, session, envelope, mechanism, data: LoginPassword):
        self.logins.append((data.login.decode(), data.password.decode()))
        return AuthResult(success=True)

    def settings(self) -> dict[str, str]:
        return {**super().settings(), "SMTP_USER": "line", "SMTP_PASSWORD": MAIL_PASSWORD,
                "SMTP_STARTTLS": "true", "SMTP_SSL": str(self.implicit).lower()}  # fmt: skip


@contextmanager
def secure_mailbox(certificates: Certificates, implicit: bool) -> Iterator[SecureMailbox]:
    box, tls = SecureMailbox(implicit), certificates.server_context()
    where = {"ssl_context": tls} if implicit else {"tls_context": tls, "require_starttls": True}
    # aiosmtpd sees only STARTTLS as TLS: on SMTPS the whole connection is TLS already.
    server = Controller(box, hostname="127.0.0.1", port=box.port, authenticator=box.authenticate,
                        auth_require_tls=not implicit, **where)  # fmt: skip
    server.start()
    try:
        yield box
    finally:
        server.stop()


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # http.server's name for it
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append((self.headers["Content-Type"], json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@contextmanager
def webhook() -> Iterator[tuple[str, list]]:
    """A webhook of the test's own (http.server): its URL, and what was posted to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/reviews", server.received
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    date_reviews(content_dir, dt.date.today())
    return content_dir


@pytest.fixture
def clock_env(config: dict[str, str], monkeypatch: pytest.MonkeyPatch):
    """Sets the environment the clock's job reads its settings from."""

    def use(extra: dict[str, str]) -> None:
        for name in ("REMINDERS_EMAIL", "REMINDERS_WEBHOOK_URL", "SMTP_HOST", "SMTP_PORT"):
            monkeypatch.delenv(name, raising=False)
        for name, value in {**config, **extra}.items():
            monkeypatch.setenv(name, value)

    return use


def summary_lines(app: Flask) -> list[str]:
    printed = app.test_cli_runner().invoke(args=["content", "reminders"])
    assert printed.exit_code == 0, printed.output
    assert f"Review them at {BASE_URL}/admin/content" in printed.output
    return reminder_lines(printed.output)


def test_the_summary_lists_overdue_then_soon_with_a_link_to_the_admin(app: Flask, content_dir):
    assert summary_lines(app) == expected(content_dir, dt.date.today())


def test_a_translation_left_behind_by_new_english_words_is_listed_after_the_dates(
    app: Flask, content_dir, editing: FlaskClient, reviewing: FlaskClient
):
    title = load_libraries(content_dir)["en"].articles[BEHIND].title
    dated = expected(content_dir, dt.date.today())
    assert summary_lines(app) == dated
    publish_change(editing, reviewing)
    behind = [f"- {title} (cy): behind English", f"- {title} (pl): behind English"]
    assert summary_lines(app) == dated + behind
    shown = listed(reviewing.get("/admin/").get_data(as_text=True))
    assert len(shown) == len(dated) + 2
    assert shown[len(dated) :] == [
        (f"/admin/content/{lang}/{BEHIND}", f"{title} ({lang})", "behind English")
        for lang in ("cy", "pl")
    ]


def test_a_draft_sent_for_review_is_listed_first_and_one_only_saved_is_not(
    app: Flask, content_dir, editing: FlaskClient, reviewing: FlaskClient
):
    title = load_libraries(content_dir)["en"].articles[BEHIND].title
    dated = expected(content_dir, dt.date.today())
    assert change_body(editing, "save").status_code == 302  # a draft, not sent: not listed
    assert summary_lines(app) == dated
    assert change_body(editing, "submit").status_code == 302
    assert summary_lines(app) == [f"- {title} (en): waiting for review", *dated]


def test_the_daily_summary_arrives_by_email_once_however_often_the_clocks_run_it(
    app: Flask, content_dir, redis, clock_env
):
    with mailbox() as box:
        clock_env(box.settings())
        first, second = send_daily(), send_daily()
    assert (first, second) == ("3 reminder(s) sent", "already sent today")
    assert len(box.received) == 1
    to, message = box.received[0]
    assert to == [EMAIL] and message["To"] == EMAIL
    assert message["Subject"] == "Information line: reviews due"
    assert reminder_lines(message.get_content()) == expected(content_dir, dt.date.today())
    sent = [e for e in trail(app) if e.action == "reminders.sent"]
    assert [(e.outcome, e.actor_name) for e in sent] == [("ok", "the daily reminder")]


def test_a_daily_summary_that_failed_is_audited_and_tried_again(app: Flask, redis, clock_env):
    down = free_port()  # nothing listens there: the mail server is down
    clock_env({"REMINDERS_EMAIL": EMAIL, "SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(down),
               "SMTP_STARTTLS": "false"})  # fmt: skip
    with pytest.raises(SendError, match=EMAIL):
        send_daily()
    failed = [e for e in trail(app) if e.action == "reminders.sent"]
    assert [e.outcome for e in failed] == ["failed"] and EMAIL in failed[0].details["why"]
    with mailbox() as box:
        clock_env(box.settings())
        assert send_daily() == "3 reminder(s) sent"  # the day was left unsent
    assert len(box.received) == 1


def test_when_the_webhook_fails_the_email_still_goes_once_and_only_the_webhook_again(
    app: Flask, redis, clock_env
):
    with mailbox() as box:
        down = f"http://127.0.0.1:{free_port()}/hook"  # nothing listens there
        clock_env({**box.settings(), "REMINDERS_WEBHOOK_URL": down})
        with pytest.raises(SendError, match="webhook") as failed:
            send_daily()
        assert "It did reach email to" in str(failed.value) and len(box.received) == 1
        with webhook() as (url, received):
            clock_env({**box.settings(), "REMINDERS_WEBHOOK_URL": url})
            assert send_daily() == "3 reminder(s) sent"
            assert send_daily() == "already sent today"
        assert len(received) == 1 and len(box.received) == 1  # the email did not go twice
    outcomes = [(e.outcome, e.details["to"]) for e in trail(app) if e.action == "reminders.sent"]
    assert outcomes == [("failed", f"email to {EMAIL}"), ("ok", "the reminders webhook")]


def test_the_command_line_sends_the_printed_summary_to_the_webhook(app: Flask, config):
    with webhook() as (url, received):
        line = create_app({**config, "REMINDERS_WEBHOOK_URL": url})
        done = line.test_cli_runner().invoke(args=["content", "reminders", "--send"])
    assert done.exit_code == 0, done.output
    assert "Sent to the reminders webhook." in done.output
    assert len(received) == 1
    kind, body = received[0]
    assert kind == "application/json" and list(body) == ["text"]
    assert body["text"] in done.output and len(reminder_lines(body["text"])) == 3
    last = trail(app)[-1]
    assert last.action == "reminders.sent" and last.actor_name.startswith("command line")


def test_sending_without_settings_says_what_to_set(app: Flask, redis, clock_env):
    clock_env({})
    assert send_daily() == "not set up"
    done = app.test_cli_runner().invoke(args=["content", "reminders", "--send"])
    assert done.exit_code != 0
    assert "Sending is not set up" in done.output and "REMINDERS_EMAIL" in done.output
    assert "reminders.sent" not in [e.action for e in trail(app)]


def test_metrics_count_the_topics_due_by_language(config):
    text = scrape(create_app({**config, "METRICS_TOKEN": TOKEN}))
    counts = {(lang, state): sample(text, "nmline_topics_review", lang=lang, state=state)
              for lang in ("en", "cy", "pl") for state in ("overdue", "soon")}  # fmt: skip
    assert counts == {("en", "overdue"): 1, ("en", "soon"): 1, ("cy", "overdue"): 0,
                      ("cy", "soon"): 1, ("pl", "overdue"): 0, ("pl", "soon"): 0}  # fmt: skip
    assert 'nmline_topics_review{lang="pl",state="soon"} 0.0' in text  # zero, not missing


@pytest.mark.parametrize(
    "extra,named",
    [
        ({"REMINDERS_EMAIL": EMAIL}, "SMTP_HOST"),
        ({"REMINDERS_EMAIL": "the review team", "SMTP_HOST": "mail.example"}, "REMINDERS_EMAIL"),
        (
            {"REMINDERS_EMAIL": "a@b.example,c@d.example", "SMTP_HOST": "m.example"},
            "REMINDERS_EMAIL",
        ),
        ({"REMINDERS_WEBHOOK_URL": "hooks.example/reviews"}, "REMINDERS_WEBHOOK_URL"),
        ({"SMTP_STARTTLS": "maybe"}, "SMTP_STARTTLS"),
    ],
)
def test_reminder_settings_that_cannot_work_stop_start_up(extra, named):
    with pytest.raises(SettingsError, match=named):
        create_app({**GOOD, **extra})


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_a_mail_server_whose_certificate_is_not_trusted_never_gets_the_password(
    tmp_path: Path, implicit: bool
):
    """A fake server in the middle (its own certificate): the summary is not sent, and the
    mail password never leaves; staff are told why."""
    with secure_mailbox(make_certificates(tmp_path), implicit) as box:
        with pytest.raises(SendError, match="CERTIFICATE_VERIFY_FAILED"):
            send("A summary.", Settings.from_env({**GOOD, **box.settings()}))
    assert box.logins == [] and box.received == []


@pytest.mark.parametrize("implicit", [False, True], ids=["starttls", "smtps"])
def test_a_mail_server_with_a_certificate_from_smtp_ca_file_gets_the_summary(
    tmp_path: Path, implicit: bool
):
    certificates = make_certificates(tmp_path)
    with secure_mailbox(certificates, implicit) as box:
        settings = {**GOOD, **box.settings(), "SMTP_CA_FILE": str(certificates.ca_file)}
        assert send("A summary.", Settings.from_env(settings)) == [f"email to {EMAIL}"]
    assert box.logins == [("line", MAIL_PASSWORD)] and len(box.received) == 1


def test_a_trusted_certificate_for_another_server_is_refused(tmp_path: Path):
    certificates = make_certificates(tmp_path, host="mail.hospital.example")
    with secure_mailbox(certificates, implicit=False) as box:
        settings = {**GOOD, **box.settings(), "SMTP_CA_FILE": str(certificates.ca_file)}
        with pytest.raises(SendError, match="CERTIFICATE_VERIFY_FAILED"):
            send("A summary.", Settings.from_env(settings))
    assert box.logins == [] and box.received == []


def test_smtps_is_the_default_on_port_465_and_a_password_never_goes_unencrypted():
    assert Settings.from_env({**GOOD, "SMTP_PORT": "465"}).smtp_ssl
    assert not Settings.from_env({**GOOD, "SMTP_PORT": "587"}).smtp_ssl
    clear = {"SMTP_HOST": "mail.hospital.example", "SMTP_STARTTLS": "false", "SMTP_USER": "line"}
    with pytest.raises(SettingsError, match="SMTP_STARTTLS"):
        Settings.from_env({**GOOD, **clear})
    assert Settings.from_env({**GOOD, **clear, "SMTP_SSL": "true"}).smtp_ssl


@pytest.mark.parametrize("content", [None, b"not a certificate", b""])
def test_an_smtp_ca_file_that_cannot_be_read_stops_start_up(tmp_path: Path, content):
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SettingsError, match="SMTP_CA_FILE"):
        create_app({**GOOD, "SMTP_CA_FILE": str(path)})
