"""The line's rq worker (workers/worker.py), as rq's command line makes it."""

from __future__ import annotations

import json
import subprocess
import sys

from app.queues import JOB_MODULES
from tests.support.line import ROOT

# A fresh interpreter makes the worker as `rq worker --worker-class ...` does, before any
# job: which of the jobs' modules it has then, which every work horse forked from it shares.
_MADE = """
import json, sys
from redis import Redis
from app.queues import JOB_MODULES
from workers.worker import LineWorker
before = [m for m in JOB_MODULES if m in sys.modules]
LineWorker(["audio", "sms"], connection=Redis.from_url(sys.argv[1]))
print(json.dumps([before, [m for m in JOB_MODULES if m in sys.modules]]))
"""


def test_every_jobs_module_is_imported_once_before_a_work_horse_is_forked(worker_env):
    modules = list(JOB_MODULES)
    assert "app.audio.jobs" in modules and "app.texts.jobs" in modules  # renders and texts
    done = subprocess.run(
        [sys.executable, "-c", _MADE, worker_env["REDIS_URL"]],
        env=worker_env, cwd=ROOT, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    before, after = json.loads(done.stdout.splitlines()[-1])
    assert before != modules  # not already imported by merely loading the worker's class
    assert after == modules
