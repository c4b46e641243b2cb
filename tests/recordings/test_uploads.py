"""Request sizes: every route reads at most a small form (64 KiB); only a person who may
upload a recording may send one (up to 21 MiB), and a body sent to the recordings route by
anyone else is answered without being read, under gunicorn as in the test client."""

from __future__ import annotations

import html
import io
import os
import re
import socket
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from app.recordings.convert import MAX_BYTES
from tests.support.admin import add_person
from tests.support.editing import as_person
from tests.support.live_server import LiveServer, free_port
from tests.support.recordings import WELCOME, takes, token, upload

SMALL = 64 * 1024
LARGE = 21_000_000  # a recording's size, under the limit for one
FORM = "multipart/form-data; boundary=b"


class Body(io.RawIOBase):
    """A request body of `size` bytes, made as it is read, counting what was read."""

    def __init__(self, size: int) -> None:
        self.size, self.at, self.read_so_far = size, 0, 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:  # the test client measures the body's length this way
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.at = {0: 0, 1: self.at, 2: self.size}[whence] + offset
        return self.at

    def tell(self) -> int:
        return self.at

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        n = max(0, min(len(buffer), self.size - self.at))
        buffer[:n] = b"x" * n
        self.at += n
        self.read_so_far += n
        return n


def send(client: FlaskClient, url: str, size: int, method: str = "POST") -> tuple[int, Body]:
    body = Body(size)
    answer = client.open(url, method=method, input_stream=body, content_length=size,
                         content_type=FORM)  # fmt: skip
    return answer.status_code, body


def test_a_large_body_from_someone_not_signed_in_is_answered_unread(app: Flask):
    status, body = send(app.test_client(), WELCOME, LARGE)
    assert body.read_so_far == 0
    assert status == 302  # to the sign-in page, as for any admin page


def test_a_large_body_from_someone_whose_role_may_not_upload_is_answered_unread(app: Flask, redis):
    for role in ("admin", "reviewer"):
        status, body = send(as_person(app, add_person(app, role)), WELCOME, LARGE)
        assert body.read_so_far == 0
        assert status == 413


def test_a_reviewer_may_send_only_a_small_form_there(reviewing: FlaskClient):
    status, body = send(reviewing, WELCOME, SMALL + 1)
    assert body.read_so_far == 0
    assert status == 413


@pytest.mark.slow  # converts a recording with ffmpeg
def test_an_editor_uploads_a_recording_larger_than_a_form_but_not_larger_than_the_limit(
    editing: FlaskClient, person: Path
):
    assert len(person.read_bytes()) > SMALL
    assert upload(editing, person.read_bytes()).status_code == 302
    assert len(takes(editing)) == 1
    too_large = upload(editing, b"\0" * (MAX_BYTES + 1024 * 1024 + 1))
    assert too_large.status_code == 413
    assert f"at most {MAX_BYTES // 2**20} MB" in html.unescape(too_large.get_data(as_text=True))
    assert len(takes(editing)) == 1


def test_every_other_route_reads_no_more_than_a_small_form(app: Flask, redis):
    admin = as_person(app, add_person(app, "admin"))
    editor = as_person(app, add_person(app, "editor"))
    token(admin, "/admin/")  # a session with a CSRF token, as after any page
    read = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "admin.recordings.act":
            continue
        url = re.sub(r"<[^>]+>", "1", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            for client in (app.test_client(), admin, editor):
                status, body = send(client, url, SMALL + 1, method)
                assert status != 500, (method, url)  # never a crash (readyz: 503)
                read[method, url] = max(read.get((method, url), 0), body.read_so_far)
    assert {where: n for where, n in read.items() if n > SMALL} == {}


def test_under_gunicorn_the_answer_comes_before_the_body_is_sent(config, tmp_path):
    port = free_port()
    env = {**os.environ, **config, "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
           "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics")}  # fmt: skip
    (tmp_path / "metrics").mkdir()
    server = LiveServer(env, tmp_path / "web.log", port=port, workers=1).start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                f"POST {WELCOME} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {FORM}\r\n"
                f"Content-Length: {LARGE}\r\n\r\n".encode()
            )  # and not one byte of the body
            started = time.monotonic()
            sock.settimeout(5)
            first = sock.recv(4096).decode("latin-1")
        assert first.startswith("HTTP/1.1 302"), first
        assert "/admin/sign-in" in first or "Location:" in first
        assert time.monotonic() - started < 5
    finally:
        server.stop()
