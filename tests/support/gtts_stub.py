"""Google's TTS endpoint as gTTS sees it, answered locally with real MP3 bytes.

Used in-process with the `responses` library, and as a script that runs an rq worker
with the same stub (for tests that kill the worker mid-render):

    python -m tests.support.gtts_stub REDIS_URL MP3_FILE MARKER_FILE DELAY_SECONDS
"""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import parse_qs

import responses

from app.queues import AUDIO

ENDPOINT = re.compile(r"https://translate\.google\.co\.uk/_/TranslateWebserverUi/data/batchexecute")


def make_mp3(words: str = "Hello from the test voice.") -> bytes:
    """Real MP3 bytes from espeak-ng and ffmpeg."""
    with tempfile.TemporaryDirectory() as tmp:
        wav, mp3 = Path(tmp) / "a.wav", Path(tmp) / "a.mp3"
        subprocess.run(["espeak-ng", "-w", str(wav), words], check=True, capture_output=True)
        subprocess.run(
            ["ffmpeg", "-v", "error", "-i", str(wav), "-codec:a", "libmp3lame", str(mp3)],
            check=True, capture_output=True,
        )  # fmt: skip
        return mp3.read_bytes()


def body(audio: bytes) -> str:
    """A batchexecute answer carrying `audio`, in the shape gTTS parses."""
    encoded = base64.b64encode(audio).decode()
    return ")]}'\n\n" + '[["wrb.fr","jQ1olc","[\\"' + encoded + '\\"]",null,null,null,"generic"]]\n'


def spoken_part(request) -> list:
    """What gTTS asked for: [text, lang, speed, ...] from the form-encoded request."""
    import json

    freq = parse_qs(request.body)["f.req"][0]
    return json.loads(json.loads(freq)[0][0][1])


def answering(audio: bytes, before: Callable[[], None] | None = None):
    """A `responses` callback that returns `audio` for every request."""

    def callback(request):
        if before:
            before()
        return 200, {"Content-Type": "application/json"}, body(audio)

    return callback


def _main(redis_url: str, mp3_file: str, marker: str, delay: float) -> None:
    from redis import Redis
    from rq import Queue, Worker

    def slow() -> None:
        Path(marker).write_text(str(os.getpid()))  # the work horse, to kill it too
        time.sleep(delay)

    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(
            responses.POST, ENDPOINT, callback=answering(Path(mp3_file).read_bytes(), slow)
        )
        connection = Redis.from_url(redis_url)
        Worker([Queue(AUDIO, connection=connection)], connection=connection).work(burst=True)


if __name__ == "__main__":
    _main(sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]))
