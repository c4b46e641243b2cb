"""Real processes of the line, as it runs for real: an rq worker until its queues are empty,
the worker and the cron scheduler as the Procfile starts them, and a crash on cue."""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from app.queues import AUDIO, WORKER_CLASS
from tests.support.line import ROOT
from tests.support.numbers import assert_no_phone_numbers


def procfile(name: str, env: dict[str, str], procfile: Path = ROOT / "Procfile") -> list[str]:
    """A Procfile line as arguments, its variables filled from `env` (rq and gunicorn run
    from this interpreter's environment, as bin/dev and systemd run them from the venv)."""
    for line in procfile.read_text().splitlines():
        if line.startswith(f"{name}:"):
            words = shlex.split(_defaults(line.split(":", 1)[1], env))
            return [sys.executable, "-m", {"rq": "rq.cli"}.get(words[0], words[0]), *words[1:]]
    raise ValueError(f"{procfile} has no {name}: line")


def _defaults(command: str, env: dict[str, str]) -> str:
    """${NAME:-default} and $NAME as the shell would expand them, from `env`."""
    import re

    def value(match: re.Match[str]) -> str:
        return env.get(match.group(1)) or match.group(2) or ""

    command = re.sub(r"\$\{(\w+):-([^}]*)\}", value, command)
    return re.sub(r"\$(\w+)", lambda m: env.get(m.group(1), ""), command)


def run_worker(env: dict[str, str], *queues: str) -> subprocess.CompletedProcess:
    """Run the line's rq worker until its queues are empty; its output holds no phone number."""
    done = subprocess.run(
        [sys.executable, "-m", "rq.cli", "worker", "--burst", "--worker-class", WORKER_CLASS,
         "--url", env["REDIS_URL"], *(queues or (AUDIO,))],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert_no_phone_numbers(done.stdout + done.stderr)
    return done


def killed_when_marked(command: list[str], env: dict[str, str], marker: Path) -> str:
    """Start a worker, wait until its job writes `marker` (the work horse's pid first), then
    SIGKILL the worker and its horse, as a crash would. Returns what the marker said."""
    worker = subprocess.Popen(
        command, cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    said = ""
    try:
        for _ in range(300):
            if marker.exists() and (said := marker.read_text()):
                break
            time.sleep(0.1)
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(10)
        if said:  # rq gives the horse a process group of its own: it would live on
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(said.split()[0]), signal.SIGKILL)
    return said


@contextlib.contextmanager
def line_worker(env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    """The line's own background processes as deployed, not in burst mode: the worker
    (LineWorker, with the scheduler) and rq's cron scheduler that queues the reconcile.
    Their output goes to `log`, and holds no phone number."""
    commands = [procfile("worker", env), procfile("clock", env)]
    with log.open("w") as out:
        processes = [
            subprocess.Popen(
                command,
                cwd=ROOT,
                env=env,
                start_new_session=True,
                stdout=out,
                stderr=subprocess.STDOUT,
            )  # fmt: skip
            for command in commands
        ]
    try:
        yield processes[0]
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        assert_no_phone_numbers(log.read_text())
