"""The web process as it runs for real: gunicorn with gunicorn.conf.py, several worker
processes, JSON logs on stderr and metrics gathered from every process."""

from __future__ import annotations

import json
import os
import time
import urllib.request
from urllib.parse import urlencode

import pytest
from twilio.request_validator import RequestValidator

from tests.support.line import AUTH_TOKEN
from tests.support.live_server import LiveServer, free_port
from tests.support.metrics import TOKEN
from tests.support.numbers import assert_no_phone_numbers

pytestmark = pytest.mark.slow  # gunicorn, real processes


@pytest.fixture
def served(config, tmp_path):
    """gunicorn on loopback, as the Procfile starts it; its output kept for the test."""
    port = free_port()
    env = {
        **os.environ,
        **config,
        "PUBLIC_BASE_URL": f"http://127.0.0.1:{port}",
        "METRICS_TOKEN": TOKEN,
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path / "metrics"),
    }
    (tmp_path / "metrics").mkdir()
    server = LiveServer(env, tmp_path / "web.log", port=port).start()
    try:
        yield server
    finally:
        server.stop()


def signed_voice(base: str, sid: str) -> int:
    params = {"CallSid": sid, "From": "+447400123456", "To": "+441234567890"}
    signature = RequestValidator(AUTH_TOKEN).compute_signature(f"{base}/voice", params)
    request = urllib.request.Request(
        f"{base}/voice", urlencode(params).encode(), {"X-Twilio-Signature": signature}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.status


def scrape(base: str) -> str:
    request = urllib.request.Request(
        f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"}
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        return answer.read().decode()


def voice_requests(text: str) -> float:
    wanted = 'nmline_http_requests_total{endpoint="voice.incoming",method="POST",status="200"} '
    return sum(
        float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(wanted)
    )


def test_metrics_add_up_across_worker_processes(served):
    base = served.url
    for n in range(40):
        assert signed_voice(base, f"CA{n:032d}") == 200
    # Whichever process answers a scrape, it reports the requests all of them answered.
    assert {voice_requests(scrape(base)) for _ in range(6)} == {40.0}


def test_every_line_gunicorn_and_the_app_log_is_json_with_no_number(served):
    assert signed_voice(served.url, "CA" + "9" * 32) == 200
    time.sleep(0.2)  # gunicorn's workers write their lines to the file as they go
    text = served.log()
    lines = [json.loads(line) for line in text.splitlines()]
    assert any(line["logger"] == "gunicorn.error" and "Booting worker" in line["message"]
               for line in lines)  # fmt: skip
    [access] = [line for line in lines if line.get("route") == "/voice"]
    assert access["status"] == 200 and access["request_id"]
    assert_no_phone_numbers(text)
