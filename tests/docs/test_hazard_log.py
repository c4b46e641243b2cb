"""The clinical safety pack stays true to the tests: every test it names exists, and every
hazard has its causes, harm, controls (each proved by a named test), risk before and after
on the document's own matrix, and what the trust must still do."""

from __future__ import annotations

import ast
import functools
import re
from pathlib import Path

import pytest

from tests.support.line import ROOT

PACK = ROOT / "docs" / "clinical-safety"
HAZARD_LOG = PACK / "hazard-log.md"
# tests/voice/test_calls.py::test_name, ::TestClass::test_name, ::test_name[param]
NODE = re.compile(r"(tests/[\w/]+\.py)::(?:(\w+)::)?(\w+)(?:\[[^\]\s`]*\])?")
HAZARD = re.compile(r"^## (H\d\d): (.+)$", re.M)
RISK = re.compile(
    r"^\*\*Risk (before|after):\*\* likelihood (Very high|High|Medium|Low|Very low), "
    r"severity (Minor|Significant|Considerable|Major|Catastrophic): rating (\d)\.$",
    re.M,
)
TO_COME = "to come"


def _pack() -> list[Path]:
    return sorted(PACK.glob("*.md"))


def named_tests(text: str) -> list[tuple[str, str | None, str]]:
    """Every test a document names, as (file, class or None, function), except any marked
    "to come" in the same table cell or sentence."""
    found = []
    for match in NODE.finditer(text):
        before = text[: match.start()]
        cell = re.split(r"\||\n\n|\. ", before)[-1]
        if TO_COME in cell.lower():
            continue
        found.append((match.group(1), match.group(2), match.group(3)))
    return found


@functools.cache
def _defined(path: str) -> frozenset[str]:
    """The test functions a file defines: `name` at the top level, `Class::name` in a class."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.ClassDef):
            for member in node.body:
                if isinstance(member, ast.FunctionDef | ast.AsyncFunctionDef):
                    names.add(f"{node.name}::{member.name}")
    return frozenset(names)


def missing_tests(text: str) -> list[str]:
    """The tests a document names that no file defines."""
    missing = []
    for path, cls, name in named_tests(text):
        wanted = f"{cls}::{name}" if cls else name
        if not (ROOT / path).is_file() or wanted not in _defined(path):
            missing.append(f"{path}::{wanted}")
    return missing


def marked_table(text: str, marker: str) -> list[list[str]]:
    """The cells of the table between <!-- marker --> and <!-- /marker -->, its heading first
    (the rule under the heading left out)."""
    table = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    rows = [[c.strip() for c in r.strip().strip("|").split("|")] for r in table.split("\n")]
    rows = [row for row in rows if row != [""]]
    return rows[:1] + rows[2:]


def matrix(text: str) -> dict[tuple[str, str], int]:
    """The risk matrix the document defines: (likelihood, severity) -> rating."""
    rows = marked_table(text, "risk-matrix")
    severities = rows[0][1:]
    return {
        (row[0], severity): int(rating)
        for row in rows[1:]
        for severity, rating in zip(severities, row[1:], strict=True)
    }


def hazards(text: str) -> dict[str, str]:
    """Each hazard's section, by id."""
    starts = list(HAZARD.finditer(text))
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return {m.group(1): text[m.start() : end] for m, end in zip(starts, ends, strict=True)}


def _items_after(section: str, label: str) -> list[str]:
    """The list items under a bold label such as **Causes**."""
    after = section.split(f"**{label}**", 1)
    if len(after) < 2:
        return []
    items = []
    for line in after[1].strip().splitlines():
        if not line.startswith("- "):
            if items and line.startswith("  "):
                continue  # a list item's next line
            break
        items.append(line[2:].strip())
    return items


def _controls(section: str) -> list[list[str]]:
    """The rows of a hazard's controls table: [control, proved by]."""
    after = section.split("**Controls in the line**", 1)
    if len(after) < 2:
        return []
    table = []
    for line in after[1].strip().splitlines():
        if not line.startswith("|"):
            break
        table.append([c.strip() for c in line.strip().strip("|").split(" | ")])
    return table[2:]  # past the header and its rule


def test_the_pack_has_its_three_documents():
    names = {p.name for p in _pack()}
    assert {"hazard-log.md", "safety-case.md", "dcb0160-template.md"} <= names


@pytest.mark.parametrize("document", _pack(), ids=lambda p: p.name)
def test_every_test_the_pack_names_exists(document: Path):
    text = document.read_text(encoding="utf-8")
    assert missing_tests(text) == []


@pytest.mark.parametrize(
    "named,missing",
    [
        ("tests/voice/test_calls.py::test_empty_audio_file_is_never_played", []),
        ("tests/voice/test_calls.py::test_empty_audio_file_is_not_played", ["renamed"]),
        ("tests/voice/test_gone.py::test_empty_audio_file_is_never_played", ["no file"]),
        ("tests/voice/test_calls.py::test_every_topic_is_reached_by_its_keys[your-results]", []),
        ("tests/ops/test_faults.py::TestRedisStoppedMidCall::test_a_hung_redis_delays_a_keypress"
         "_by_its_timeouts_not_more", []),
        ("tests/ops/test_faults.py::TestRedisGone::test_a_hung_redis_delays_a_keypress"
         "_by_its_timeouts_not_more", ["no such class"]),
        ("to come: tests/recordings/test_recordings.py::test_old_words_are_never_played", []),
    ],
)  # fmt: skip
def test_a_renamed_or_missing_test_is_caught_and_one_to_come_is_not(named, missing):
    assert len(missing_tests(f"| a control | `{named}` |")) == len(missing)


def test_the_matrix_is_five_by_five_and_grows_with_likelihood_and_severity():
    grid = matrix(HAZARD_LOG.read_text(encoding="utf-8"))
    likelihoods = ["Very low", "Low", "Medium", "High", "Very high"]
    severities = ["Minor", "Significant", "Considerable", "Major", "Catastrophic"]
    assert set(grid) == {(lk, sv) for lk in likelihoods for sv in severities}
    for i, lk in enumerate(likelihoods):
        for j, sv in enumerate(severities):
            assert 1 <= grid[lk, sv] <= 5
            if i:
                assert grid[lk, sv] >= grid[likelihoods[i - 1], sv]
            if j:
                assert grid[lk, sv] >= grid[lk, severities[j - 1]]


def test_hazards_are_numbered_in_order_and_include_those_the_issue_asks_for():
    found = hazards(HAZARD_LOG.read_text(encoding="utf-8"))
    assert list(found) == [f"H{n:02d}" for n in range(1, len(found) + 1)]
    titles = " / ".join(s.splitlines()[0].lower() for s in found.values())
    for asked in ("preparation instructions", "translation out of step", "wrong audio",
                  "recording of old words", "mispronounced", "text to the wrong person",
                  "urgent help", "the line down", "unreviewed change"):  # fmt: skip
        assert asked in titles, asked


@pytest.mark.parametrize("hazard", list(hazards(HAZARD_LOG.read_text(encoding="utf-8"))))
def test_every_hazard_has_causes_harm_proved_controls_risks_and_a_trust_action(hazard: str):
    text = HAZARD_LOG.read_text(encoding="utf-8")
    section = hazards(text)[hazard]
    assert _items_after(section, "Causes"), "no causes"
    harm = re.search(r"^\*\*Possible harm:\*\* (.+)$", section, re.M)
    assert harm and len(harm.group(1)) > 20, "no possible harm"
    controls = _controls(section)
    assert controls, "no controls"
    for control, proof in controls:
        assert control, "a control with no words"
        assert named_tests(proof) or TO_COME in proof.lower(), f"not proved: {control}"
    risks = {kind: (lk, sv, int(r)) for kind, lk, sv, r in RISK.findall(section)}
    assert set(risks) == {"before", "after"}, "risk before and after"
    grid = matrix(text)
    for kind, (lk, sv, rating) in risks.items():
        assert grid[lk, sv] == rating, f"risk {kind}: {lk} x {sv} is {grid[lk, sv]}"
    assert risks["after"][2] <= risks["before"][2]
    assert _items_after(section, "The deploying trust must still"), "no trust action"


def test_the_summary_gives_each_hazards_own_title_and_ratings():
    text = HAZARD_LOG.read_text(encoding="utf-8")
    summary = {row[0]: row[1:] for row in marked_table(text, "summary")[1:]}
    found = hazards(text)
    assert list(summary) == list(found)
    for hazard, section in found.items():
        risks = {kind: r for kind, _, _, r in RISK.findall(section)}
        title = HAZARD.search(section).group(2)  # type: ignore[union-attr]
        assert summary[hazard] == [title, risks["before"], risks["after"]]
