"""Particular scans a test writes into its own copy of the content (procedures/<id>.yaml, and
procedures/<id>.<lang>.yaml for a translation): the test's own names and words, never the
shipped scans', so a change to the shipped scans never changes what these tests prove."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from app.content.procedures import FOLDER, NUMBERS
from tests.support.line import CONTENT

# Who "confirmed" a test's scan: a name of the test's own.
CONFIRMER = "Dr Tess Tester"
# A test scan's numbers: each set, so that every sentence with a number is said.
SOME_NUMBERS: dict[str, int | None] = {
    "fasting_hours": 4,
    "injection_minutes": 5,
    "wait_minutes": 150,
    "scan_minutes": 30,
    "contact_hours": 48,
    "breastfeeding_pause_hours": 12,
    "results_days": 10,
}
assert set(SOME_NUMBERS) == set(NUMBERS)


def words(tag: str) -> dict[str, str]:
    """A scan's own sentences, each marked with `tag` so a test can find where it is said."""
    return {
        "eating": f"Eating words for {tag}.",
        "injection": f"Injection words for {tag}.",
        "wait": f"Waiting words for {tag}.",
        "scan": f"Scanning words for {tag}.",
        "after": f"Aftercare words for {tag}.",
        "results": f"Results words for {tag}.",
    }


def english(
    name: str,
    keywords: list[str],
    *,
    enabled: bool = True,
    confirmed_by: str = CONFIRMER,
    order: int = 10,
    numbers: dict[str, int | None] | None = None,
    switches: dict[str, bool | None] | None = None,
    **more: Any,
) -> dict[str, Any]:
    """An English file's fields: switched on and confirmed unless told otherwise."""
    return {
        "name": name,
        "option": f"To hear about the {name.lower()}",
        "keywords": keywords,
        "sms_summary": f"What to do for a {name.lower()}.",
        "order": order,
        "enabled": enabled,
        "development": False,
        "confirmed_by": confirmed_by,
        "confirmed_on": dt.date(2026, 12, 1) if confirmed_by else None,
        "last_reviewed": dt.date(2026, 12, 1),
        "review_due": dt.date(2027, 12, 1),
        "sources": [{"title": "A test source", "url": "https://www.example.org/scan"}],
        "numbers": {**SOME_NUMBERS, **(numbers or {})},
        "switches": {"companion": True, "children": False, **(switches or {})},
        "words": words(name),
        **more,
    }


def translation(name: str, keywords: list[str], **more: Any) -> dict[str, Any]:
    """Another language's file: its words only."""
    return {
        "name": name,
        "option": f"Option {name}",
        "keywords": keywords,
        "sms_summary": "A summary in plain text message characters.",
        "words": words(name),
        **more,
    }


def write_scan(content_dir: Path, procedure_id: str, data: dict[str, Any], lang: str = "") -> Path:
    """Write a scan's file (English, or `lang`'s) into a copy of the content."""
    assert not content_dir.resolve().is_relative_to(CONTENT), "a shipped folder, not a copy"
    folder = content_dir / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / (f"{procedure_id}.{lang}.yaml" if lang else f"{procedure_id}.yaml")
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def without_shipped_scans(content_dir: Path) -> Path:
    """A copy of the content with none of the shipped scans: only those the test writes."""
    assert not content_dir.resolve().is_relative_to(CONTENT), "a shipped folder, not a copy"
    for path in (content_dir / FOLDER).glob("*.yaml"):
        path.unlink()
    return content_dir
