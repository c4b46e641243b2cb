"""A draft's audio: which of its items sound different from what callers hear now, their
renders queued when the draft is submitted, and made current the moment it is published."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rq import Queue

from app.audio.enqueue import queue_once
from app.audio.items import Item, spoken_items
from app.audio.manifest import usable_files
from app.audio.names import file_name, item_digest
from app.audio.render import promote
from app.content.loader import load_libraries
from app.content.model import ContentError, Library
from app.editor.documents import Key
from app.editor.publish import EditorError
from app.editor.ready import final_text
from app.queues import RENDER_DRAFT


@dataclass(frozen=True)
class Change:
    """One item of the draft whose words differ from the published ones."""

    item: Item
    before: Item | None  # None: a new item
    digest: str
    ready: bool  # its audio is rendered

    @property
    def file(self) -> str:
        return file_name(self.digest)


def changes(
    published: dict[str, Library], draft: dict[str, Library], audio_dir: Path, engine: str
) -> list[Change]:
    """Every item of the draft that sounds different, normal speed first."""
    now, then = spoken_items(draft.values()), spoken_items(published.values())
    there = usable_files(audio_dir)
    found = []
    for item_id in sorted(now, key=lambda i: (now[i].slow, i)):
        item, before = now[item_id], then.get(item_id)
        if before is not None and before.text == item.text:
            continue
        digest = item_digest(item, engine)
        found.append(Change(item, before, digest, file_name(digest) in there))
    return found


def as_published(
    key: Key, text: str, content_dir: Path, audio_dir: Path, engine: str
) -> list[Change]:
    """What the draft's words change, in every language, as they will be published today
    (a topic's title then says this month): rendered during review, so nothing is left to
    make when it is approved (app.editor.prerender makes what is)."""
    name = key.path(content_dir).relative_to(content_dir).as_posix()
    try:
        final, _, _ = final_text(key, text, dt.date.today())
        coming = load_libraries(content_dir, {name: final})
        published = load_libraries(content_dir)
    except (ContentError, EditorError, ValueError):
        return []  # the page says why it cannot be published yet
    return changes(published, coming, audio_dir, engine)


def queue_renders(queue: Queue, found: list[Change], intervals: tuple[int, ...]) -> int:
    """Render what is not rendered yet; each at most once however often it is asked."""
    queued = 0
    for change in found:
        if change.ready:
            continue
        args = (change.item.id, change.item.text, change.digest)
        if queue_once(queue, RENDER_DRAFT, args, f"draft-{change.digest}",
                      "render a draft's audio", intervals):  # fmt: skip
            queued += 1
    return queued


def make_current(draft: dict[str, Library], audio_dir: Path, engine: str) -> list[str]:
    """After publishing: every item whose rendered file is there plays at once."""
    return promote(audio_dir, engine, spoken_items(draft.values()))
