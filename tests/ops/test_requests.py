"""Logs an on-call engineer can search: one JSON object per line, a request id in each, and
nothing in them that says who called or which topic they chose."""

from __future__ import annotations

import io
import json
import logging
import subprocess
import sys

import pytest

from app.core.logs import JsonFormatter
from app.queues import SMS, WORKER_CLASS
from tests.support.line import AUTH_TOKEN, BASE_URL, ROOT
from tests.support.simulator import signed_post


@pytest.fixture
def json_log():
    """What the app writes to its log, formatted as production formats it."""
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    yield lambda: [json.loads(line) for line in out.getvalue().splitlines()]
    root.removeHandler(handler)


def access_lines(lines: list[dict]) -> list[dict]:
    return [line for line in lines if line["logger"] == "app.access"]


def test_each_request_gets_an_id_in_its_answer_and_its_log_line(client, json_log):
    answer = client.get("/healthz")
    [line] = access_lines(json_log())
    assert len(answer.headers["X-Request-Id"]) == 32
    assert line["request_id"] == answer.headers["X-Request-Id"]
    assert (line["method"], line["route"], line["status"]) == ("GET", "/healthz", 200)
    assert line["level"] == "info" and line["time"].endswith("+00:00")


def test_a_request_id_from_the_proxy_is_kept_and_a_strange_one_replaced(client, json_log):
    kept = client.get("/healthz", headers={"X-Request-Id": "edge-0123456789"})
    odd = client.get("/healthz", headers={"X-Request-Id": "<script>x</script>"})
    assert kept.headers["X-Request-Id"] == "edge-0123456789"
    assert odd.headers["X-Request-Id"] != "<script>x</script>"
    assert [line["request_id"] for line in access_lines(json_log())] == [
        "edge-0123456789",
        odd.headers["X-Request-Id"],
    ]


def test_the_log_names_the_route_but_never_the_topic_or_the_caller(client, json_log):
    params = {"CallSid": "CA" + "1" * 32, "From": "+447400123456", "Digits": "1"}
    url = f"{BASE_URL}/voice/article/what-is-nuclear-medicine"
    answer = signed_post(client, AUTH_TOKEN, url, params)
    assert answer.status_code == 200
    text = "\n".join(json.dumps(line) for line in json_log())
    [line] = access_lines(json_log())
    assert line["route"] == "/voice/article/<article_id>"
    assert "what-is-nuclear-medicine" not in text
    assert params["CallSid"] not in text and len(line["call"]) == 16


def test_one_call_can_be_followed_through_its_requests(client, json_log):
    for path in ("", "/menu/main"):
        signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice{path}", {"CallSid": "CA" + "2" * 32})
    signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice", {"CallSid": "CA" + "3" * 32})
    first, second, other = (line["call"] for line in access_lines(json_log()))
    assert first == second != other


def test_errors_are_one_json_line_with_their_traceback(client, json_log, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the content could not be read")

    monkeypatch.setattr("app.voice.steps.main", broken)
    answer = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice", {"CallSid": "CA" + "4" * 32})
    assert answer.status_code == 200  # the caller still hears an apology
    [error] = [line for line in json_log() if line["level"] == "error"]
    assert "RuntimeError: the content could not be read" in error["error"]
    assert error["request_id"] == answer.headers["X-Request-Id"]


@pytest.mark.slow  # a real rq worker
def test_the_worker_logs_json_lines_too(worker_env):
    done = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--worker-class",
         WORKER_CLASS, "--url", worker_env["REDIS_URL"], SMS],
        env=worker_env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    lines = [json.loads(line) for line in (done.stdout + done.stderr).splitlines()]
    assert any(line["message"] == "*** Listening on sms..." for line in lines)
    assert {line["logger"] for line in lines} == {"rq.worker"}
