"""gunicorn's settings for the web process. gunicorn reads this file from the working
directory; the Procfile and the systemd unit pass only the address, workers and threads."""

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

# One JSON object per line on stderr, gunicorn's own messages included (app/ops/logs.py). The
# app writes its own access line, with a request id and the route rather than the path.
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "app.ops.logs.JsonFormatter"}},
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
