"""The app under gunicorn, started as the Procfile starts it, on a free loopback port.

For the load test and bench/load.py: real processes, real sockets, the Procfile's worker and
thread counts (unless told otherwise), its output kept in a file to read afterwards.
"""

from __future__ import annotations

import http.client
import os
import shlex
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def procfile_web(procfile: Path = ROOT / "Procfile") -> list[str]:
    """The Procfile's `web:` command, split into arguments."""
    for line in procfile.read_text().splitlines():
        if line.startswith("web:"):
            return shlex.split(line.removeprefix("web:"))
    raise ValueError(f"{procfile} has no web: line")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _set(args: list[str], flag: str, value: str) -> list[str]:
    if flag in args:
        i = args.index(flag)
        return [*args[: i + 1], value, *args[i + 2 :]]
    return [*args[:-1], flag, value, args[-1]]  # the app spec stays last


def _sockets(pid: int) -> set[str]:
    found = set()
    try:
        fds = list(Path(f"/proc/{pid}/fd").iterdir())
    except OSError:
        return found
    for fd in fds:
        try:
            found.add(os.readlink(fd))
        except OSError:
            pass  # closed meanwhile
    return found


class LiveServer:
    """gunicorn serving `app` on 127.0.0.1; a context manager that waits until it answers."""

    def __init__(
        self,
        env: Mapping[str, str],
        log_path: Path,
        *,
        port: int | None = None,
        app: str | None = None,
        workers: int | None = None,
        threads: int | None = None,
        ready_path: str = "/healthz",
    ) -> None:
        self.env, self.log_path, self.ready_path = dict(env), log_path, ready_path
        self.port = port or free_port()
        args = procfile_web()
        assert args[0] == "gunicorn", args
        args = _set(args[1:], "--bind", f"127.0.0.1:{self.port}")
        for flag, value in (("--workers", workers), ("--threads", threads)):
            if value is not None:
                args = _set(args, flag, str(value))
        if app is not None:
            args[-1] = app
        self.command = [sys.executable, "-m", "gunicorn", *args]
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> LiveServer:
        with self.log_path.open("wb") as log:  # the child keeps its own copy of the descriptor
            self._process = subprocess.Popen(
                self.command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT
            )
        deadline = time.monotonic() + timeout
        while not self._answers():
            if self._process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"gunicorn did not start:\n{self.log()[-3000:]}")
            time.sleep(0.1)
        return self

    def _answers(self) -> bool:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
        try:
            connection.request("GET", self.ready_path)
            with connection.getresponse() as response:
                response.read()
                return response.status < 500
        except OSError:
            return False
        finally:
            connection.close()

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def _workers(self) -> dict[int, list[str]]:
        """Each worker's pid and its /proc/<pid>/stat fields after the command name."""
        assert self._process is not None, "not started"
        master, found = str(self._process.pid), {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()  # state, ppid, ...
            except (OSError, IndexError):
                continue  # gone meanwhile
            if fields[1] == master:
                found[int(stat.parent.name)] = fields
        return found

    def worker_cpu_seconds(self) -> float:
        """CPU time (user and system) used so far by the workers alive now (Linux /proc)."""
        ticks = sum(int(f[11]) + int(f[12]) for f in self._workers().values())  # utime, stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def connections(self) -> list[int]:
        """How many client connections each worker holds open now, busiest first: with
        keep-alive, whichever worker accepts first may take them all (Linux /proc)."""
        ours = set()
        for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
            fields = line.split()
            port = int(fields[1].rsplit(":", 1)[1], 16)
            if port == self.port and fields[3] == "01":  # established
                ours.add(f"socket:[{fields[9]}]")
        return sorted((len(ours & _sockets(pid)) for pid in self._workers()), reverse=True)

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def __enter__(self) -> LiveServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
