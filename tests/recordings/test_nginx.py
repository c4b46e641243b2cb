"""The shipped nginx site (deploy/nginx.conf): a small body for every route, a recording's
size only on an item's recording page, as the app allows it. Served for real by nginx in
front of a stand-in for the app where nginx is installed (CI; NGINX names another one)."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from app.recordings.convert import MAX_BYTES
from tests.support.line import ROOT
from tests.support.live_server import free_port
from tests.support.tls import make_certificates

SITE = ROOT / "deploy/nginx.conf"
NGINX = os.environ.get("NGINX") or shutil.which("nginx") or "/usr/sbin/nginx"
needs_nginx = pytest.mark.skipif(
    not Path(NGINX).exists() and not os.environ.get("CI"), reason="needs nginx"
)
RECORDING_PAGE = "/admin/recordings/en/prompt:welcome"


def _megabytes(size: str) -> int:
    number, unit = re.fullmatch(r"(\d+)([km]?)", size).groups()  # type: ignore[union-attr]
    return int(number) * {"": 1, "k": 1024, "m": 1024 * 1024}[unit]


def test_the_site_allows_the_apps_recording_size_on_the_recording_page_only():
    text = SITE.read_text()
    sizes = re.findall(r"^\s*client_max_body_size (\S+);", text, re.MULTILINE)
    assert [_megabytes(s) for s in sizes] == [64 * 1024, MAX_BYTES + 1024 * 1024]
    [pattern] = re.findall(r"location ~ (\S+) \{\s*client_max_body_size", text)
    assert re.match(pattern, RECORDING_PAGE)
    for elsewhere in ("/admin/people", "/admin/recordings/take/1/normal.mp3", "/voice",
                      "/admin/content/en/prompts", "/admin/recordings"):  # fmt: skip
        assert not re.match(pattern, elsewhere), elsewhere


class _App(BaseHTTPRequestHandler):
    """Stands in for gunicorn: reads the whole body and says how much it was."""

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        size = int(self.headers.get("Content-Length", "0"))
        got = len(self.rfile.read(size))
        self.send_response(200)
        self.send_header("Content-Length", str(len(str(got))))
        self.end_headers()
        self.wfile.write(str(got).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def nginx(tmp_path: Path) -> Iterator[int]:
    """nginx serving the shipped site over HTTPS on a free port, in front of `_App`."""
    app = ThreadingHTTPServer(("127.0.0.1", 0), _App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    certs, port = make_certificates(tmp_path / "certs"), free_port()
    site = SITE.read_text()
    for old, new in (
        ("/var/cache/nginx/nm-info-line", str(tmp_path / "cache")),
        ("/var/log/nginx", str(tmp_path)),
        ("/etc/letsencrypt/live/line.example.org/fullchain.pem", str(certs.chain_file)),
        ("/etc/letsencrypt/live/line.example.org/privkey.pem", str(certs.key_file)),
        ("127.0.0.1:8000", f"127.0.0.1:{app.server_address[1]}"),
        ("listen 80;", f"listen 127.0.0.1:{free_port()};"),
        ("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"),
    ):
        assert old in site, old
        site = site.replace(old, new)
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.MULTILINE)
    temp = "".join(f"{kind}_temp_path {tmp_path / kind};\n"
                   for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))  # fmt: skip
    main = tmp_path / "nginx.conf"
    main.write_text(
        f"daemon off;\nerror_log stderr;\npid {tmp_path / 'nginx.pid'};\n"
        + ("user root;\n" if os.geteuid() == 0 else "")
        + f"events {{}}\nhttp {{\n{temp}{site}\n}}\n"
    )
    command = [NGINX, "-p", str(tmp_path), "-e", "stderr", "-c", str(main)]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    log = (tmp_path / "nginx.log").open("wb")
    server = subprocess.Popen(command, stderr=log)
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield port
    finally:
        server.terminate()
        server.wait(10)
        log.close()
        app.shutdown()
        app.server_close()


def _post(port: int, path: str, size: int) -> int:
    context = ssl.create_default_context()
    context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=30, context=context)
    try:
        connection.request("POST", path, b"x" * size, {"Host": "line.example.org"})
        return connection.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        return 413  # nginx refused it and closed while the body was still going
    finally:
        connection.close()


@needs_nginx
def test_nginx_takes_a_recording_on_its_page_and_only_a_small_form_elsewhere(nginx: int):
    recording = 5 * 1024 * 1024
    assert _post(nginx, RECORDING_PAGE, recording) == 200
    assert _post(nginx, "/admin/recordings/cy/menu:main", recording) == 200
    assert _post(nginx, RECORDING_PAGE, MAX_BYTES + 1024 * 1024 + 1) == 413
    assert _post(nginx, "/admin/people", 64 * 1024) == 200
    for elsewhere in ("/admin/people", "/voice", "/admin/recordings/take/1/normal.mp3"):
        assert _post(nginx, elsewhere, 64 * 1024 + 1) == 413, elsewhere
