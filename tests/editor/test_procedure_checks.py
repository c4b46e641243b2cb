"""What stops a scan's English file being published: its numbers changed from the live file
with nobody named, now, as having confirmed them; and what the reviewer is shown changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from app.editor.documents import PROCEDURE, Key
from app.editor.procedure_checks import FUTURE, UNCONFIRMED_CHANGE, numbers_changed, problems
from app.editor.procedure_words import department
from tests.support.scan_files import english, translation, write_scan

TODAY = dt.date(2026, 12, 4)
ENGLISH, WELSH = Key(PROCEDURE, "en", "test-scan"), Key(PROCEDURE, "cy", "test-scan")


def _text(**fields) -> str:
    return yaml.safe_dump(english("Test scan", ["test scan"], **fields), sort_keys=False)


@pytest.fixture
def live(content_dir: Path) -> Path:
    """The live file: confirmed by the test's own person long ago."""
    write_scan(content_dir, "test-scan", english("Test scan", ["test scan"]))
    write_scan(content_dir, "test-scan", translation("Sgan prawf", ["sgan prawf"]), "cy")
    return content_dir


def test_a_changed_number_that_keeps_the_old_confirmation_is_refused_naming_what_changed(live):
    old = english("Test scan", ["test scan"])
    kept = _text(numbers={"contact_hours": 6, "results_days": 3},
                 confirmed_by=old["confirmed_by"])  # fmt: skip
    [refusal] = problems(ENGLISH, kept, live, TODAY)
    assert refusal.startswith(UNCONFIRMED_CHANGE.split("{")[0])
    assert f"{department('contact_hours')}; {department('results_days')}" in refusal


def test_a_changed_number_confirmed_by_name_today_may_be_published(live):
    draft = yaml.safe_load(_text(numbers={"contact_hours": 6}, confirmed_by="Dr New Name"))
    draft["confirmed_on"] = TODAY
    assert problems(ENGLISH, yaml.safe_dump(draft), live, TODAY) == []


@pytest.mark.parametrize("by,on", [("", TODAY), ("Dr New Name", None)])
def test_a_changed_number_without_a_name_or_a_day_is_refused(live, by, on):
    draft = yaml.safe_load(_text(numbers={"contact_hours": 6}, confirmed_by=by))
    draft["confirmed_on"] = on
    [refusal] = problems(ENGLISH, yaml.safe_dump(draft), live, TODAY)
    assert department("contact_hours") in refusal


def test_a_confirmation_dated_tomorrow_is_refused(live):
    draft = yaml.safe_load(_text(numbers={"contact_hours": 6}, confirmed_by="Dr New Name"))
    draft["confirmed_on"] = TODAY + dt.timedelta(days=1)
    assert problems(ENGLISH, yaml.safe_dump(draft), live, TODAY) == [FUTURE]


def test_the_same_numbers_need_no_new_confirmation_and_a_translation_holds_none(live):
    same = (live / "procedures" / "test-scan.yaml").read_text(encoding="utf-8")
    assert problems(ENGLISH, same, live, TODAY) == []
    assert problems(WELSH, _text(numbers={"contact_hours": 6}, confirmed_by=""), live, TODAY) == []


def test_the_reviewer_is_shown_each_number_changed_old_to_new_in_english_only(live):
    draft = _text(numbers={"contact_hours": 6}, confirmed_by="Dr New Name")
    shown = numbers_changed(ENGLISH, draft, live)
    assert any(department("contact_hours") in line and "6" in line for line in shown)
    assert not any(department("results_days") in line for line in shown)
    assert numbers_changed(WELSH, draft, live) == []
