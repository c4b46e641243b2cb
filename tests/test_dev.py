"""bin/dev as a newcomer runs it: how to sign in comes after the start-up logs, and Ctrl-C
stops everything it started, without a traceback."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError

from tests.support.line import ROOT
from tests.support.live_server import free_port

pytestmark = pytest.mark.slow


def _start(tmp_path: Path, small_content: Path) -> tuple[subprocess.Popen[str], Path, int]:
    port, redis_port = free_port(), free_port()
    out = tmp_path / "dev.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TWILIO_", "SECRET_KEY", "DATABASE_URL", "REDIS_URL", "APP_ENV"))
    }
    env.update(
        PORT=str(port),
        REDIS_URL=f"redis://127.0.0.1:{redis_port}/0",  # none answers: bin/dev starts its own
        DATA_DIR=str(tmp_path / "data"),
        AUDIO_DIR=str(tmp_path / "audio"),
        CONTENT_DIR=str(small_content),
    )
    with out.open("w") as log:
        dev = subprocess.Popen(
            ["bin/dev"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, text=True,
            start_new_session=True,  # its own process group, as a terminal gives it
        )  # fmt: skip
    return dev, out, redis_port


def _wait_for(out: Path, pattern: str, seconds: float = 120) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        text = out.read_text()
        if re.search(pattern, text):
            return text
        time.sleep(0.5)
    raise AssertionError(f"{pattern!r} never appeared:\n{out.read_text()[-3000:]}")


def test_the_sign_in_comes_after_the_start_up_logs_and_ctrl_c_stops_all_cleanly(
    tmp_path: Path, small_content: Path
):
    dev, out, redis_port = _start(tmp_path, small_content)
    try:
        text = _wait_for(out, r"Started\..*\n.*\n.*Sign in as dev@line\.localhost")
        lines = text.splitlines()
        banner = next(i for i, line in enumerate(lines) if line.startswith("Started."))
        listening = next(i for i, line in enumerate(lines) if "Listening at" in line)
        assert listening < banner  # the web's start-up logs are above it, not below
        assert "TWILIO_AUTH_TOKEN=" in text  # what a signed local test call needs
    finally:
        os.killpg(dev.pid, signal.SIGINT)  # Ctrl-C reaches the whole group
        code = dev.wait(timeout=60)
    text = out.read_text()
    assert code == 130
    assert "Traceback" not in text
    with pytest.raises(RedisConnectionError):
        Redis(port=redis_port, socket_connect_timeout=1).ping()  # its Redis is stopped too


def test_ctrl_c_while_bin_dev_waits_for_the_line_is_quiet():
    waiting = subprocess.Popen(
        [sys.executable, "bin/wait-for", f"http://127.0.0.1:{free_port()}/readyz", "60"],
        cwd=ROOT, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    time.sleep(1.5)
    waiting.send_signal(signal.SIGINT)
    _, errors = waiting.communicate(timeout=10)
    assert waiting.returncode == 130
    assert "Traceback" not in errors
