"""A person's first sign-in as a browser does it: the link an admin was shown, choosing a
password with it, and setting up the authenticator app; and a mail server and a webhook of
the test's own, to see the announcements that went out."""

from __future__ import annotations

import html
import json
import re
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar

from aiosmtpd.controller import Controller
from flask.testing import FlaskClient

from app.accounts import totp
from tests.support.admin import csrf, step_now
from tests.support.live_server import free_port


def link_on(page: str) -> str:
    """The sign-in link a page shows the admin, as a path on the line."""
    found = re.search(r'id="link" type="text" value="https://[^/"]+(/admin/welcome/[^"]+)"', page)
    assert found, "no sign-in link on the page"
    return html.unescape(found.group(1))


def choose_password(client: FlaskClient, link: str, password: str, again: str | None = None):  # type: ignore[no-untyped-def]
    """The link's form, sent with `password` (typed twice)."""
    data = {"new": password, "again": password if again is None else again,
            "csrf_token": csrf(client, link)}  # fmt: skip
    return client.post(link, data=data)


def set_up_app(client: FlaskClient) -> str:
    """Set up the authenticator on the set-up page (after the password); returns its secret."""
    page = client.get("/admin/login/setup").get_data(as_text=True)
    found = re.search(r'id="secret" class="secret">([^<]+)<', page)
    assert found, page
    secret = "".join(found.group(1).split())
    code = totp.code_at(secret, step_now() - 1)
    form = {"code": code, "csrf_token": csrf(client, "/admin/login/setup")}
    answer = client.post("/admin/login/setup", data=form)
    assert answer.status_code == 200, answer.status_code  # the recovery codes, shown once
    return secret


class Mailbox:
    """A mail server of the test's own (aiosmtpd): each message, with who it went to."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[list[str], Any]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.received.append((sorted(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def settings(self) -> dict[str, str]:
        return {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": str(self.port), "SMTP_STARTTLS": "false"}


Box = TypeVar("Box", bound=Mailbox)


@contextmanager
def serving(box: Box) -> Iterator[Box]:
    """A real SMTP server on loopback, delivering into `box`, for the `with` block."""
    server = Controller(box, hostname="127.0.0.1", port=box.port)
    server.start()
    try:
        yield box
    finally:
        server.stop()


def mailbox() -> AbstractContextManager[Mailbox]:
    return serving(Mailbox())


class _Hook(BaseHTTPRequestHandler):
    def do_POST(self) -> None:  # noqa: N802 - http.server's name for it
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.server.received.append(json.loads(body))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def webhook() -> Iterator[tuple[str, list[dict[str, str]]]]:
    """A webhook of the test's own: its URL, and the bodies posted to it."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hook)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/hook", server.received  # type: ignore[attr-defined]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
