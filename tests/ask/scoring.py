"""The evaluation set's four figures, as tests/ask/README.md says to score them.

    .venv/bin/python -m tests.ask.scoring [tuning|held-out|all|training] [--wrong]

prints the figures on the shipped content with every scan on (a department that does all
twelve), and with --wrong each question scored wrong. The set is cut in two by its order in
the file: even places are the tuning half (thresholds and synonyms were set looking at its
mistakes), odd places the held-out half (never looked at question by question).

`training` is a separate set (tests/ask/training/), written later by people who never saw the
evaluation set, in the same format: the confidence is fitted on it with the tuning half, and
its mistakes may be looked at one by one. It is no measure of the line."""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from app.ask import Found, Verdict, ask
from app.content.loader import load_libraries
from app.content.model import Library
from app.voice.asking import offers

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = Path(__file__).with_name("questions.yaml")
TRAINING = Path(__file__).with_name("training")
# The goals. Top-1 is the line's first answer: given when it is sure, named first (on
# key 1, a reply's first choice) when it is not; "top1" in figures() is the stricter share
# answered outright, which the precision goal trades against (README).
GOALS = {"first": 0.90, "precision": 0.98, "urgent": 1.00, "declined": 0.90}


def training() -> list[dict[str, Any]]:
    """The training set: every file in tests/ask/training/, in name order."""
    found: list[dict[str, Any]] = []
    for path in sorted(TRAINING.glob("*.yaml")):
        found += yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return found


def questions(half: str = "all") -> list[dict[str, Any]]:
    if half == "training":
        return training()
    entries = yaml.safe_load(QUESTIONS.read_text(encoding="utf-8"))
    if half == "all":
        return list(entries)
    return [q for n, q in enumerate(entries) if (n % 2 == 0) == (half == "tuning")]


def shipped() -> dict[str, Library]:
    """The shipped content with every scan on, as a department doing all twelve has it."""
    return load_libraries(ROOT / "content", every_scan=True)


def place(library: Library, found: Found) -> str:
    """A found answer as the set labels places: scan:<id>:<part name> or topic:<id>."""
    article = library.articles[found.article]
    if article.is_procedure:
        return f"scan:{article.id}:{article.section_names[found.part - 1]}"
    return f"topic:{article.id}"


@dataclass(frozen=True)
class Scored:
    question: Mapping[str, Any]
    verdict: Verdict
    given: str  # the place answered, "" when not sure
    right: bool
    named: str = ""  # not sure: the place named as a choice (app.ask.find's guess), "" if none
    # Not sure: the topics and scans one key away (offered by name, or the named answer's own).
    offers: tuple[str, ...] = ()

    @property
    def named_right(self) -> bool:
        q = self.question
        return bool(self.named) and self.named in (q.get("expect"), *q.get("also", ()))


def score(libraries: Mapping[str, Library], entries: Sequence[Mapping[str, Any]]) -> list[Scored]:
    found = []
    for q in entries:
        library = libraries[q["lang"]]
        verdict = ask(library, q["q"])
        given = place(library, verdict.found) if verdict.found else ""
        named = place(library, verdict.guess) if verdict.guess else ""
        if q["kind"] == "urgent":
            right = verdict.urgent
        elif q["kind"] == "unanswerable":
            right = not given
        else:
            right = given in (q["expect"], *q.get("also", ()))
        offered = tuple(offers(library, verdict.closest, verdict.guess).values())
        offered += (verdict.guess.article,) if verdict.guess else ()
        found.append(Scored(q, verdict, given, right, named, offered))
    return found


def _offered(scored: Scored) -> bool:
    """Whether "not sure" offered the topic or scan a right answer is in (one key away)."""
    q = scored.question
    return any(p.split(":")[1] in scored.offers for p in (q["expect"], *q.get("also", ())))


def figures(scored: Sequence[Scored]) -> dict[str, float]:
    answerable = [s for s in scored if s.question["kind"] == "answerable"]
    urgent = [s for s in scored if s.question["kind"] == "urgent"]
    unanswerable = [s for s in scored if s.question["kind"] == "unanswerable"]
    given = [s for s in answerable + unanswerable if s.given]
    right = [s for s in given if s.question["kind"] == "answerable" and s.right]
    unsure = [s for s in answerable if not s.given]
    named = [s for s in answerable + unanswerable if s.named]
    return {
        # The right answer first, given (sure) or named as the first choice (not sure).
        "first": sum(s.right or s.named_right for s in answerable) / max(1, len(answerable)),
        "top1": sum(s.right for s in answerable) / max(1, len(answerable)),
        "precision": len(right) / max(1, len(given)),
        "urgent": sum(s.right for s in urgent) / max(1, len(urgent)),
        "declined": sum(s.right for s in unanswerable) / max(1, len(unanswerable)),
        "offered": sum(_offered(s) for s in unsure) / max(1, len(unsure)),
        "named_right": sum(s.named_right for s in named) / max(1, len(named)),
        "named_none": sum(bool(s.named) for s in unanswerable) / max(1, len(unanswerable)),
        "answerable": len(answerable),
        "given": len(given),
        "named": len(named),
        "urgent_n": len(urgent),
        "unanswerable": len(unanswerable),
    }


def main(argv: Sequence[str]) -> None:
    half = next((a for a in argv if not a.startswith("-")), "tuning")
    scored = score(shipped(), questions(half))
    for name, value in figures(scored).items():
        print(f"{name:>12}: {value:.3f}" if value <= 1 else f"{name:>12}: {value:.0f}")
    by_lang: dict[str, list[Scored]] = {}
    for s in scored:
        by_lang.setdefault(s.question["lang"], []).append(s)
    for lang, some in by_lang.items():
        f = figures(some)
        print(lang, {k: round(v, 3) for k, v in f.items()})
    if "--wrong" in argv:
        for s in scored:
            if not s.right:
                v = s.verdict
                print(
                    f"- [{s.question['lang']}] {s.question['q']!r}\n    expect "
                    f"{s.question['expect']} got {s.given or 'not sure'} named={s.named or '-'} "
                    f"urgent={v.urgent} "
                    f"covered={v.covered:.2f} closest={v.closest}"
                )


if __name__ == "__main__":
    main(sys.argv[1:])
