"""Call-back requests (issue 24): a caller out of hours, or whose transfer was not answered,
asks to be called back on the number they call from; the desk sees the open requests (the
number unsealed for it only), calls, and marks each; a marked request goes after
CALLBACK_RETENTION_DAYS.

decide (pure) -> intake (the call's side: Redis and the queue, never the database) -> store
(the worker's job, the prune) and desk (the admin's list and marks). The voice steps offer
it (app.voice.callback); the admin's page is app.admin.callbacks."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """`flask callbacks prune`."""
    from app.callbacks import store

    store.register(app)


def schedule() -> None:
    """The prune, daily on rq's clock (app/cron.py)."""
    from app.callbacks import cron

    cron.schedule()
