"""Scans a test writes itself into its copy of the content, in place of the shipped ones
(never their words): `test-scan`, switched on and confirmed, in English, Welsh and Polish,
and `quiet-scan`, switched off and unconfirmed, as the department's scans are shipped."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.line import CONTENT

# The test's own scan: switched on, its numbers confirmed, in English, Welsh and Polish.
SCAN = """\
# A scan of the test's own. The numbers are the department's.
name: Test scan
option: To hear about the test scan
keywords: [test scan, testing scan]
sms_summary: What to do before and after the test scan.
order: 5
enabled: true
confirmed_by: Dr Old Name  # who checked the numbers
confirmed_on: 2026-01-05
sources:
  - title: "A hospital: Test scan"
    url: https://www.example.nhs.uk/test-scan
numbers:
  fasting_hours: null
  injection_minutes: 5
  wait_minutes: 60
  scan_minutes: 30
  contact_hours: 24       # 0..720 hours of short contact after the scan
  breastfeeding_pause_hours: null
  results_days: 14
switches:
  companion: true
  children: false
words:
  injection: A small amount of tracer goes into a vein in your arm.
  scan: You lie still on a bed while the camera takes pictures.
  after: Drink plenty of water for the rest of the day.
  results: Your doctor will tell you the results.
"""
TRANSLATION = """\
name: {name}
option: {option}
keywords: [{name_lower}]
sms_summary: {option}.
words:
  injection: {words}
  scan: {words}
  results: {words}
"""
WELSH_SCAN = TRANSLATION.format(
    name="Sgan prawf", name_lower="sgan prawf", option="I glywed am y sgan prawf",
    words="Mae hyn yn iawn.",
)  # fmt: skip
POLISH_SCAN = TRANSLATION.format(
    name="Badanie testowe", name_lower="badanie testowe", option="Aby posłuchać o badaniu",
    words="To jest dobre.",
)  # fmt: skip
# Switched off, its numbers not confirmed, as the department's scans are shipped.
QUIET_SCAN = (
    SCAN.replace("name: Test scan", "name: Quiet scan")
    .replace("enabled: true", "enabled: false")
    .replace("confirmed_by: Dr Old Name", 'confirmed_by: ""')
    .replace("confirmed_on: 2026-01-05", "confirmed_on: null")
    .replace("test scan", "quiet scan")
)


def with_test_scans(content_dir: Path) -> Path:
    """A copied content folder with the test's scans as its only ones."""
    assert not content_dir.resolve().is_relative_to(CONTENT), "a shipped folder, not a copy"
    folder = content_dir / "procedures"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    files = {"test-scan.yaml": SCAN, "test-scan.cy.yaml": WELSH_SCAN,
             "test-scan.pl.yaml": POLISH_SCAN, "quiet-scan.yaml": QUIET_SCAN}  # fmt: skip
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return content_dir
