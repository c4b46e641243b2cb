"""The audio pipeline's own cost, as a ratio to the bare engine call on the same text.

    .venv/bin/python bench/pipeline.py [--rounds 5]

Bare: the engine's output made into an MP3, nothing else (espeak-ng, then ffmpeg).
Pipeline: `render_item`, which adds loudness normalisation, a full decode check, fsync,
an atomic rename and the manifest update. Both on the same article, same machine, same run;
the median of several rounds. Goal: under 1.1x.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.audio.encode import encode  # noqa: E402
from app.audio.engines import Espeak  # noqa: E402
from app.audio.items import spoken_items  # noqa: E402
from app.audio.names import audio_hash  # noqa: E402
from app.audio.render import AudioConfig, render_item  # noqa: E402
from app.content.loader import load_libraries  # noqa: E402


def bare(text: str, folder: Path) -> None:
    """The engine, and its output encoded as the pipeline encodes it: nothing more."""
    wav, mp3 = folder / "bare.wav", folder / "bare.mp3"
    Espeak().speak(text, "en", False, wav)
    encode(["-i", str(wav)], mp3)


def pipeline(item_id: str, text: str, folder: Path) -> None:
    audio = folder / f"audio-{time.monotonic_ns()}"
    config = AudioConfig(ROOT / "content", audio, "espeak")
    assert render_item(config, item_id, audio_hash(text, "espeak")) == "rendered"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--item", default="en/normal/article:in-the-department:1")
    args = parser.parse_args()
    item = spoken_items(load_libraries(ROOT / "content").values())[args.item]
    timings: dict[str, list[float]] = {"bare": [], "pipeline": []}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        bare(item.text, folder)  # warm the caches once
        for _ in range(args.rounds):
            runs = {
                "bare": lambda: bare(item.text, folder),
                "pipeline": lambda: pipeline(item.id, item.text, folder),
            }
            for name, run in runs.items():
                started = time.perf_counter()
                run()
                timings[name].append(time.perf_counter() - started)
    b, p = statistics.median(timings["bare"]), statistics.median(timings["pipeline"])
    print(f"item: {item.id} ({len(item.text)} characters), {args.rounds} rounds, medians")
    print(f"bare engine call: {b * 1000:8.1f} ms")
    print(f"pipeline:         {p * 1000:8.1f} ms")
    print(f"ratio:            {p / b:8.2f}x  (goal: under 1.10x)")


if __name__ == "__main__":
    main()
