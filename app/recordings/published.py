"""The published form of recordings: `CONTENT_DIR/recordings.yaml`, which the line reads
with the rest of the content (never the database), changed in place, atomically."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from app.content.loader import RECORDINGS
from app.editor import yamltext
from app.files import atomic_write
from app.recordings.models import Recording

HEADER = (
    "# The recordings callers hear instead of TTS, by language and item: written when a\n"
    "# reviewer approves one in the admin (/admin/recordings). A recording plays only while\n"
    "# its item's words are the words it reads (`words`: their digest); after they change,\n"
    "# callers hear TTS of the new words until someone records them.\n"
)


def write(content_dir: Path, take: Recording) -> None:
    """Make `take` the item's published recording."""
    path = content_dir / RECORDINGS
    data = yamltext.load(path.read_text(encoding="utf-8"), RECORDINGS) if path.exists() else None
    if not isinstance(data, dict):
        data = CommentedMap()
    entries = data.get(take.lang)
    if not isinstance(entries, dict):
        entries = data[take.lang] = CommentedMap()
    entry = CommentedMap()
    entry["words"], entry["normal"], entry["slow"] = take.words_digest, take.normal, take.slow
    entry["by"], entry["approved_by"] = take.made_by, take.approved_by or ""
    entries[take.key] = entry
    text = yamltext.dump(data)
    atomic_write(path, (text if text.startswith("#") else HEADER + text).encode(), mode=0o644)
