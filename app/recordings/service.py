"""Recordings reviewed like words: an editor uploads or records one (a draft); a reviewer who
did not make it approves it, which publishes it; a reviewer can publish an earlier one again.
Each step commits with its audit entry. Callers hear a recording only while its words are
still the item's words."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts import grants
from app.accounts.actors import Actor, by, require
from app.accounts.models import User
from app.audio.names import recording_name, words_digest
from app.audio.render import RECORDINGS
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed
from app.errors import LineError
from app.files import atomic_write
from app.recordings import news, published
from app.recordings.convert import Converted
from app.recordings.models import Recording, TakeState


class RecordingError(LineError, ValueError):
    """Refused, saying why: nothing was changed."""


class NotTheTakeHeard(RecordingError):
    """The take to approve is not the one the reviewer's page played: nothing was changed."""


@dataclass(frozen=True)
class Item:
    """An item a recording reads: its language, its key, and its words now."""

    lang: str
    key: str
    words: str


def takes(session: Session, item: Item) -> list[Recording]:
    """Every recording of the item, newest first."""
    return list(session.scalars(
        select(Recording).where(Recording.lang == item.lang, Recording.key == item.key)
        .order_by(Recording.made_at.desc(), Recording.id.desc())
    ))  # fmt: skip


def heard(take: Recording) -> str:
    """What a reviewer's approval is bound to: the SHA-256 of the take's MP3s as the page
    plays them (`listen`), normal then slower, each by its own digest."""
    parts = (hashlib.sha256(audio).digest() for audio in (take.normal_audio, take.slow_audio))
    return hashlib.sha256(b"".join(parts)).hexdigest()


def _where(item: Item) -> dict[str, Any]:
    return {"object_type": "recording", "object_id": f"{item.lang}/{item.key}"}


def keep(audio_dir: Path, converted: Converted) -> tuple[str, str]:
    """The recording's files, kept for good beside the audio: (normal, slow) names."""
    folder = audio_dir / RECORDINGS
    folder.mkdir(parents=True, exist_ok=True)
    names = recording_name(converted.normal), recording_name(converted.slow)
    for name, data in zip(names, (converted.normal, converted.slow), strict=True):
        if not (folder / name).exists():
            atomic_write(folder / name, data, mode=0o644)
    return names


def add(
    session: Session,
    item: Item,
    converted: Converted,
    how: str,
    actor: Actor,
    audio_dir: Path,
    client: str | None = None,
) -> Recording:
    """A new take, as a draft: nobody hears it until a reviewer approves it."""
    require(actor, "edit_content")
    normal, slow = keep(audio_dir, converted)
    made = by(actor)
    with committed(session):
        take = Recording(
            lang=item.lang, key=item.key, words=item.words, words_digest=words_digest(item.words),
            normal=normal, slow=slow, normal_audio=converted.normal, slow_audio=converted.slow,
            seconds=round(converted.seconds, 2), how=how, made_by=made["actor_name"],
            made_by_id=made["actor"].id if made["actor"] is not None else None,
        )  # fmt: skip
        session.add(take)
        session.flush()
        record(session, Action.RECORDING_ADDED, **made, client=client, **_where(item),
               take=take.id, how=how, seconds=take.seconds)  # fmt: skip
    news.submitted(item.lang, item.key, take)
    return take


def approve(
    session: Session,
    item: Item,
    take: Recording,
    actor: Actor,
    content_dir: Path,
    audio_dir: Path,
    shown: str,
    client: str | None = None,
    reason: str = "",
) -> None:
    """Publish the take the reviewer heard (`shown`: its `heard` digest when their page was
    made): a reviewer who did not make it, for the words the item has now. An earlier
    approved take is published again the same way, for a `reason` the trail keeps."""
    require(actor, "publish_content")
    if isinstance(actor, User) and take.made_by_id == actor.id:
        raise RecordingError("You made this recording: another reviewer must approve it.")
    if isinstance(actor, User) and (
        why_not := grants.approval_problem(session, actor.id, [take.made_by_id])
    ):
        raise RecordingError(why_not)
    if take.words_digest != words_digest(item.words):
        raise RecordingError(
            "The words changed since this was recorded: it reads words callers no longer "
            "hear. Record the new words."
        )
    if shown != heard(take):  # a digest of public sound, not a secret
        raise NotTheTakeHeard(
            "This recording is not the one your page played: its sound is not the same. "
            "Nothing was published. Listen to the recordings below, then choose again."
        )
    again, reason = take.status == TakeState.APPROVED, " ".join(reason.split())
    if again and not reason:
        raise RecordingError("Say why callers should hear this recording again.")
    keep_files_back(audio_dir, take)
    approved = by(actor)
    with committed(session):
        take.status, take.published_at = TakeState.APPROVED, utcnow()
        take.times_published += 1
        if not again:
            take.approved_by = approved["actor_name"]
            take.approved_by_id = approved["actor"].id if approved["actor"] is not None else None
        why: dict[str, Any] = {"reason": reason} if again else {}
        record(session, Action.RECORDING_REPUBLISHED if again else Action.RECORDING_APPROVED,
               **approved, client=client, **_where(item), take=take.id, heard=shown,
               **why)  # fmt: skip
    # After the commit: the file is what callers follow, so it never names a take the
    # database does not have as approved.
    published.write(content_dir, take)
    news.published(item.lang, item.key, take, actor)


def keep_files_back(audio_dir: Path, take: Recording) -> None:
    """A take's files, from the database if they are gone from the disk (a new machine)."""
    folder = audio_dir / RECORDINGS
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in ((take.normal, take.normal_audio), (take.slow, take.slow_audio)):
        if not (folder / name).exists():
            atomic_write(folder / name, data, mode=0o644)


def refuse(
    session: Session, item: Item, take: Recording, actor: Actor, client: str | None = None
) -> None:
    """A reviewer turns a draft take down: it is kept, but never played."""
    require(actor, "review_content")
    if take.status != TakeState.DRAFT:
        raise RecordingError("Only a recording waiting for review can be turned down.")
    with committed(session):
        take.status = TakeState.REFUSED
        record(session, Action.RECORDING_REFUSED, **by(actor), client=client, **_where(item),
               take=take.id)  # fmt: skip
    news.refused(item.lang, item.key, take, actor)
