"""A publication's audio, made before its file goes live: every item of every language whose
words it changes, at normal speed and slower, rendered in the publishing request itself
(the admin's, or the command line's: never a call's), so the first caller after it hears the
new words played, never spoken by <Say>.

What changes is found by loading every language with and without the new file
(load_libraries with an override), so a shared file (a scan's English numbers, said in
Welsh and Polish too) is covered like any other. Most of it was made while the draft waited
for review (app.editor.audio); here is only what is left, such as a topic's title, which
says the month it was checked: publishing changes that month.

A render that fails, or does not finish in time, never stops the publication: the words
are right either way (<Say> speaks exactly them), and holding back a clinical correction
because a speech service is down would keep the old words on the line. The items left are
queued to be made at once and counted in the audit trail; the reviewer is told."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flask import has_app_context, has_request_context
from redis import Redis
from rq import Queue

from app.audio.engines import PermanentRenderError
from app.audio.enqueue import enqueue_render
from app.audio.items import Item, spoken_items
from app.audio.manifest import usable_files
from app.audio.names import file_name, item_digest
from app.audio.render import AudioConfig, make_file, promote
from app.content.loader import load_libraries
from app.content.model import ContentError
from app.services import services

log = logging.getLogger(__name__)
# The most a publishing web request spends rendering: well inside gunicorn's 30 s timeout.
# gTTS makes about one item a second (GTTS_PACE_SECONDS); what is left is queued. The
# command line (`flask procedures enable`) waits for all of it: nothing times it out.
RENDER_SECONDS = 20.0


def changed_items(
    content_dir: Path, overrides: Mapping[str, str | None], engine: str
) -> dict[str, Item]:
    """Every item, in every language and speed, that sounds different with `overrides`
    (file name in the content folder to its new text) than the line sounds now."""
    try:
        now = spoken_items(load_libraries(content_dir).values())
    except ContentError:
        now = {}  # the line cannot read its files now: everything is new
    try:
        coming = spoken_items(load_libraries(content_dir, overrides).values())
    except ContentError:
        return {}  # never published: the checks refuse words the line cannot read
    return {
        item_id: item
        for item_id, item in coming.items()
        if item_id not in now or item_digest(now[item_id], engine) != item_digest(item, engine)
    }


def _order(item: Item) -> tuple[bool, str, str]:
    """Normal speed first (most callers), then language by language."""
    return item.slow, item.lang, item.id


@dataclass
class Prerender:
    """Renders a publication's changed items before its file is written (`before`), and
    makes them current once it is (`after`). One publication each."""

    config: AudioConfig
    redis: Redis | None = None
    queue: Queue | None = None
    intervals: Sequence[int] = ()
    seconds: float = RENDER_SECONDS
    items: dict[str, Item] = field(default_factory=dict)
    waiting: list[Item] = field(default_factory=list)  # not made: spoken by <Say> meanwhile

    def before(self, content_dir: Path, overrides: Mapping[str, str | None]) -> int:
        """Render what the new file changes that is not rendered yet; how many wait still."""
        try:
            self.items = changed_items(content_dir, overrides, self.config.engine)
        except Exception:  # never a reason not to publish: the reconcile makes them later
            log.exception("publishing: could not tell which items the new words change")
            return 0
        there = usable_files(self.config.audio_dir)
        missing = [
            i
            for i in sorted(self.items.values(), key=_order)
            if file_name(item_digest(i, self.config.engine)) not in there
        ]
        self.waiting = self._render(missing)
        return len(self.waiting)

    def _render(self, missing: list[Item]) -> list[Item]:
        """Render each in turn until the time is up or the speech service fails; the rest."""
        deadline = time.monotonic() + self.seconds
        left: list[Item] = []
        for n, item in enumerate(missing):
            if time.monotonic() > deadline:
                log.warning("publishing: %d item(s) left to render after %.0f s",
                            len(missing) - n, self.seconds)  # fmt: skip
                return left + missing[n:]
            try:
                make_file(self.config, item, item_digest(item, self.config.engine), self.redis)
            except PermanentRenderError as exc:  # this item's words: the others may render
                log.warning("publishing: %s could not be rendered: %s", item.id, exc)
                left.append(item)
            except Exception as exc:  # the service or the machine: the rest would fail too
                log.warning("publishing: rendering stopped at %s: %s", item.id, exc)
                return left + missing[n:]
        return left

    def after(self) -> None:
        """The new file is live: its items' files become current in the manifest, and what
        could not be made is queued to be made at once (with the usual retries)."""
        engine, queue = self.config.engine, self.queue
        try:  # published already: nothing here may undo or fail it
            promote(self.config.audio_dir, engine, self.items)
            if queue is not None:
                for item in self.waiting:
                    enqueue_render(queue, item.id, item_digest(item, engine), self.intervals)
        except Exception:  # the periodic reconcile finds what is left
            log.exception("publishing: the new audio could not all be made current")


def for_this_app() -> Prerender | None:
    """A Prerender with the running app's audio settings, limited in time in a web request;
    None outside an app (no audio to make)."""
    if not has_app_context():
        return None
    line = services()
    seconds = RENDER_SECONDS if has_request_context() else math.inf
    return Prerender(AudioConfig.of(line.settings), line.redis, line.audio_queue,
                     line.settings.audio_retry_intervals, seconds)  # fmt: skip


def told(waiting: int) -> str:
    """What the publisher is told when some audio could not be made before going live."""
    if not waiting:
        return ""
    items = "item" if waiting == 1 else "items"
    return (
        f"The audio for {waiting} changed {items} could not be made yet. Until it is, callers "
        "hear those words in the phone's own voice: the words are right, only the voice "
        "differs. It is being made again now; the audio page shows when it is ready."
    )
