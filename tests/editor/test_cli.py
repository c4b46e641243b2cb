"""`flask content import` and `export`: content between the files and the database."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from app.editor.documents import keys_on_disk
from app.services import services


def test_import_makes_versions_only_of_files_not_in_the_editor_as_they_are(app: Flask):
    runner = app.test_cli_runner()
    again = runner.invoke(args=["content", "import"])
    assert again.exit_code == 0 and "0 version(s) made" in again.output
    path = services(app).settings.content_dir / "in-the-department.md"
    path.write_text(path.read_text() + "\nA new last paragraph.\n")
    changed = runner.invoke(args=["content", "import"])
    assert "version 2   en/in-the-department" in changed.output
    assert "1 version(s) made" in changed.output


def test_export_writes_each_last_version_to_a_folder_of_its_own(app: Flask, tmp_path: Path):
    content = services(app).settings.content_dir
    runner = app.test_cli_runner()
    refused = runner.invoke(args=["content", "export", "--to", str(content)])
    assert refused.exit_code != 0 and "a folder of its own" in refused.output
    done = runner.invoke(args=["content", "export", "--to", str(tmp_path / "out")])
    assert done.exit_code == 0, done.output
    for key in keys_on_disk(content):
        assert key.path(tmp_path / "out").read_text() == key.path(content).read_text()


def test_a_first_start_imports_and_later_starts_leave_hand_changes_for_a_reviewer(app: Flask):
    runner = app.test_cli_runner()  # the fixture's app has imported once already
    path = services(app).settings.content_dir / "in-the-department.md"
    path.write_text(path.read_text() + "\nA new last paragraph.\n")
    start = runner.invoke(args=["content", "import", "--if-empty"])
    assert start.exit_code == 0 and "nothing imported" in start.output
    listed = runner.invoke(args=["content", "import"])
    assert "version 2   en/in-the-department" in listed.output  # it was still waiting
