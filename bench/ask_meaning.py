"""A sentence model's nearness as two more signals for the line's confidence, measured on
2026-12-05 and not shipped (README, "Measured, not shipped: nearness in meaning"):

    .venv/bin/pip install -c constraints.txt wordllama==0.4.0.post1   # not the line's
    PYTHONPATH=. .venv/bin/python bench/ask_meaning.py      # about three minutes

WordLlama's `l2_supercat` (256 numbers a token: MIT-licensed code, weights from Llama 2's
token embeddings) comes inside the wheel. Its own loader looks for the tokenizer in a folder
the wheel does not have and then fetches it from Hugging Face, so this reads the package's
files itself: nothing is downloaded. A text's meaning is the mean of its tokens' vectors,
made a unit vector; two texts are compared by cosine.

The signals: `near`, the cosine of the question and the nearest way of asking about the
answer found (a scan part's asks, the callers' ways of asking about that part and its
heading; a topic's asks and title; a short answer's question and phrasings); `nearer`, that
less the nearest of the other answers the finder compared it with (the scan's, or the
general topics'). Measured like bench/ask_variants.py (out of fold, and on the third batch
fitted on the rest), with the bar's target at the goal (98%) and above it (98.5%)."""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Sequence
from pathlib import Path

import ask_variants as variants
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer

import tests.ask.fit as fitting
from app.ask import Verdict
from app.ask.index import ASKS
from app.ask.sure import NAMES, Signals
from app.content.model import Library
from app.content.spoken import parts

spec = importlib.util.find_spec("wordllama")
if spec is None or not spec.submodule_search_locations:
    raise SystemExit("pip install wordllama==0.4.0.post1 first (see the docstring)")
ROOT = Path(next(iter(spec.submodule_search_locations)))
TOKENIZER = Tokenizer.from_file(str(ROOT / "tokenizers" / "l2_supercat_tokenizer_config.json"))
TABLE = load_file(str(ROOT / "weights" / "l2_supercat_256.safetensors"))["embedding.weight"]


def embed(texts: Sequence[str]) -> np.ndarray:
    found = []
    for encoding in TOKENIZER.encode_batch(list(texts), add_special_tokens=False):
        mean = TABLE[encoding.ids or [0]].astype(np.float32).mean(axis=0)
        found.append(mean / (np.linalg.norm(mean) + 1e-9))
    return np.array(found)


@dataclasses.dataclass(frozen=True)
class Near(Signals):
    near: float = 0.0
    nearer: float = 0.0


def ways(library: Library) -> dict[tuple[str, int, str], np.ndarray]:
    """Each answer's ways of asking, as meanings, by (article, part, short answer)."""
    texts: dict[tuple[str, int, str], list[str]] = {}
    for article in library.articles.values():
        if article.is_procedure:
            for n, s in enumerate(article.sections, start=1):
                texts[(article.id, n, "")] = [*s.asks, *library.words(ASKS + s.name), s.heading]
        else:
            for n, _ in enumerate(parts(article), start=1):
                texts[(article.id, n, "")] = [*article.asks, article.title]
    for answer in library.answers.values():
        more = library.articles[answer.more]
        part = more.section_names.index(answer.section) + 1 if answer.section else 1
        texts[(more.id, part, answer.id)] = [answer.question, *answer.phrasings]
    return {key: embed(some) for key, some in texts.items()}


MEANT: dict[str, dict[tuple[str, int, str], np.ndarray]] = {}  # by language


def meant(library: Library) -> dict[tuple[str, int, str], np.ndarray]:
    if library.lang not in MEANT:
        MEANT[library.lang] = ways(library)
    return MEANT[library.lang]


def nearness(library: Library, question: str, verdict: Verdict) -> Signals:
    """The finder's signals, and how near in meaning the question is to its answer's ways of
    asking and how much nearer than to the other answers' it compared."""
    assert verdict.signals is not None and verdict.found is not None
    mine, scan, found = meant(library), verdict.scan, verdict.found
    said = embed([question])[0]
    key = (found.article, found.part, found.answer)
    near = float((mine[key] @ said).max()) if key in mine else 0.0
    compared = [k for k in mine if k != key and (
        k[0] == scan if scan else not library.articles[k[0]].is_procedure)]  # fmt: skip
    others = [float((mine[k] @ said).max()) for k in compared]
    return Near(**verdict.signals.values(), near=near, nearer=near - max(others, default=0.0))


def main() -> None:
    data, third = variants.rows(nearness)
    for target in (0.98, 0.985):
        fitting.PRECISION = target
        for name, used in (
            ("nine signals", NAMES),
            ("eleven, with nearness", (*NAMES, "near", "nearer")),
        ):
            right, wrong = variants.out_of_fold(data, used, variants.one_bar)
            r3, w3 = variants.on_third(data, third, used, variants.one_bar)
            share = right / (right + wrong)
            print(f"bar's target {target:.1%}, {name}: out of fold {right:.1f} right, "
                  f"{wrong:.1f} wrong ({share:.1%}); third batch {r3}, {w3}")  # fmt: skip


if __name__ == "__main__":
    main()
