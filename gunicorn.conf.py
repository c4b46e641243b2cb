"""gunicorn's settings for the web process, the one place they are written. gunicorn reads
this file from the working directory; the Procfile (and so bin/dev and systemd, which run
its lines) passes only the address."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from gunicorn import glogging

# Each worker process writes its metrics here, so a scrape of any one sees them all
# (app/ops/metrics.py). Set before the app, and so prometheus_client, is imported.
_OWN_FOLDER = not os.environ.get("PROMETHEUS_MULTIPROC_DIR")
if _OWN_FOLDER:
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="nmline-metrics-")

# Two processes of four threads: about two processes per core, threads for the moments a
# request waits (a text asking Redis). More cores: raise `workers` (or WEB_CONCURRENCY).
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = 4

# How long an idle kept-alive connection stays open (gunicorn's default: 2 seconds). The
# client must be the one to close it: when gunicorn closes an idle connection at the moment
# a client sends its next request on it, that request is lost ("Remote end closed connection
# without response"), and a POST is retried neither by nginx nor by Python's requests.
# Twilio reuses connections to the line, and nginx keeps up to 16 open to gunicorn
# (deploy/nginx.conf) for 60 seconds (its default upstream keepalive_timeout), so this is
# longer than both, and than any caller's pause between answers. An idle connection costs
# the worker a socket in its poller, not a thread; a stopping worker still closes them
# within 2 seconds.
keepalive = 75

# One JSON object per line on stderr, gunicorn's own messages included (app/core/logs.py). The
# app writes its own access line, with a request id and the route rather than the path.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.core.logs.JsonFormatter"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        }
    },
    "root": {"level": "INFO", "handlers": ["stderr"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": [], "propagate": True},
        "gunicorn.access": {"level": "INFO", "handlers": [], "propagate": False},
    },
}


class Logger(glogging.Logger):
    """gunicorn builds an access line for each request whenever logging is configured, even
    with no access log to write it to; the app writes its own, so gunicorn's is skipped."""

    def access(self, resp, req, environ, request_time) -> None:
        return None


logger_class = Logger


def on_starting(server) -> None:
    """Figures left by an earlier run would be counted again: start from none."""
    for stale in Path(os.environ["PROMETHEUS_MULTIPROC_DIR"]).glob("*.db"):
        stale.unlink()


def child_exit(server, worker) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    if _OWN_FOLDER:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
