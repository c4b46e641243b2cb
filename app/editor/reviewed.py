"""What a reviewer saw, so what they approve is exactly that: a page that shows a draft (or a
version to go back to) carries its number and a digest of its words; the step is refused
if either differs when the button is pressed.

The revision alone is not enough: a draft thrown away and begun again starts at revision 1
again. The digest covers the words, the note and the sources, everything a reviewer signs."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from app.editor.models import Draft, Version
from app.editor.publish import EditorError

_NUMBER = re.compile(r"[0-9]{1,9}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
UNSAID = (
    "This page did not say which words you checked. Open the page again, read what it "
    "shows, then try again."
)


@dataclass(frozen=True)
class Seen:
    """A number (a draft's revision, or the live version's) and the digest of the words."""

    number: int
    digest: str

    @classmethod
    def parse(cls, number: str, digest: str) -> Seen | None:
        """From a form's fields; None for anything a page of ours never sends."""
        if not (_NUMBER.fullmatch(number) and _DIGEST.fullmatch(digest)):
            return None
        return cls(int(number), digest)


class Changed(EditorError):
    """The words changed after the page was shown: nothing was done."""


def digest(*parts: str) -> str:
    """A SHA-256 of the parts, each kept apart from the next (no two lists give one text)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()


def draft_seen(draft: Draft) -> Seen:
    """What a page showing `draft` carries: its revision and the digest of what it says."""
    return Seen(draft.revision, digest(draft.text, draft.note, draft.sources))


def require_same_draft(draft: Draft, seen: Seen | None) -> None:
    """Refuse unless `draft` is still exactly the revision the page showed."""
    if seen is None:
        raise EditorError(UNSAID)
    if draft_seen(draft) != seen:
        raise Changed(
            f"The draft changed after you opened this page (it is now revision "
            f"{draft.revision}). Nothing was done. What it says now is shown below: read it "
            "again before you approve it or send it back."
        )


def rollback_seen(live: Version | None, old: Version) -> Seen:
    """What a page offering to put `old` back carries: the live version's number (0: none)
    and the digest of the words that would be published."""
    return Seen(live.number if live else 0, digest(old.text, str(old.number)))


def require_same_rollback(live: Version | None, old: Version, seen: Seen | None) -> None:
    """Refuse unless the live version and the words to put back are the ones shown."""
    if seen is None:
        raise EditorError(UNSAID)
    if rollback_seen(live, old) != seen:
        now = live.number if live else "none"
        raise Changed(
            f"What callers hear changed after you opened this page (version {now} is live "
            f"now). Nothing was done. Read the differences again, then confirm."
        )
