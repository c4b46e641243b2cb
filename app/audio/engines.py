"""Text-to-speech engines: each writes its own audio for some words (encode.py levels it)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from app.audio.names import VOICES
from app.errors import LineError


class RenderError(LineError, RuntimeError):
    """No usable audio this time (network, throttling, bad bytes): worth trying again."""


class PermanentRenderError(RenderError):
    """A failure that trying again will not fix, such as a request the service refuses."""


class Engine(Protocol):
    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        """Write the engine's own audio for `text` to `out` (any format ffmpeg reads)."""


def run(args: list[str], what: str, data: bytes | None = None) -> None:
    result = subprocess.run(args, input=data, capture_output=True, timeout=300, check=False)
    if result.returncode != 0:
        raise RenderError(f"{what} failed: {result.stderr.decode(errors='replace')[-300:]}")


class Espeak:
    """espeak-ng: offline, for development, CI and demos."""

    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        voice = VOICES["espeak"]
        rate = int(voice["words_per_minute"]) * (3 if slow else 4) // 4
        name = str(voice["voice"]) if lang == "en" else lang
        args = ["espeak-ng", "-v", name, "-s", str(rate), "-w", str(out), "--stdin"]
        run(args, "espeak-ng", text.encode())


class Gtts:
    """Google Translate's voice through gTTS, British English. `pace` waits for our turn."""

    def __init__(self, pace: Callable[[], None] | None = None) -> None:
        self._pace = pace

    def speak(self, text: str, lang: str, slow: bool, out: Path) -> None:
        from gtts import gTTS, gTTSError  # only this engine needs it

        if self._pace:
            self._pace()
        try:
            with out.open("wb") as fp:
                gTTS(text, lang=lang, tld=str(VOICES["gtts"]["tld"]), slow=slow).write_to_fp(fp)
        except gTTSError as exc:
            status = getattr(getattr(exc, "rsp", None), "status_code", None)
            if status is None or status == 429 or status >= 500:
                raise RenderError(f"gTTS: {exc}") from exc
            raise PermanentRenderError(f"gTTS: {exc}") from exc


def engine(name: str, pace: Callable[[], None] | None = None) -> Engine:
    if name == "espeak":
        return Espeak()
    if name == "gtts":
        return Gtts(pace)
    raise PermanentRenderError(f"unknown engine {name!r}")
