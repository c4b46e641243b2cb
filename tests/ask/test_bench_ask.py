"""bench/ask.py, the cost of a question, still runs: its in-process part on a handful of the
evaluation set's questions prints its tables with a figure in every cell. No timing is
judged here (the bench judges its own goal; the figures are in the README)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASKED = 6
LANGUAGES = ("English", "Welsh", "Polish")
_US = r"([\d,]+) us"


def _row(output: str, start: str) -> str:
    rows = [line for line in output.splitlines() if line.startswith(f"| {start}")]
    assert len(rows) == 1, (start, output)
    return rows[0]


def test_the_in_process_bench_prints_the_cost_of_each_question_and_each_index():
    done = subprocess.run(
        [sys.executable, "bench/ask.py", "--in-process", "--rounds", "1",
         "--questions", str(ASKED)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    out = done.stdout
    for language in LANGUAGES:  # each index: how much it holds, and its build's CPU
        row = _row(out, f"{language} |")
        assert re.fullmatch(rf"\| {language} \| \d+ \| [\d.]+ ms \| [\d.]+ ms \|", row), row
        assert int(row.split("|")[2]) > 0, row
    every = _row(out, "`ask()` in-process, every language")
    found = re.fullmatch(rf"\| [^|]+ \| (\d+) \| {_US} \| {_US} \| {_US} \|", every)
    assert found, every
    asked, p50, p95, most = (int(g.replace(",", "")) for g in found.groups())
    assert asked == ASKED
    assert 0 < p50 <= p95 <= most, every
    by_language = re.findall(r"^\| `ask\(\)` in-process, (\w+) \| (\d+) \|", out, re.M)
    assert sum(int(n) for name, n in by_language if name != "every") == ASKED, out
    assert "signed floor" not in out  # --in-process starts no server
