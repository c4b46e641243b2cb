"""The README's layout names every module, so a newcomer can find any behaviour's file."""

from __future__ import annotations

import re

from tests.support.line import ROOT


def _listed() -> set[str]:
    """Every module the layout table names, as a path: a row under a **`app/x/`** heading
    names its modules by file name alone."""
    readme = (ROOT / "README.md").read_text()
    rows = [r for r in readme[readme.index("## Layout") :].splitlines() if r.startswith("| ")]
    listed, package = set(), ""
    for row in rows:
        first = row.split("|")[1]
        heading = re.search(r"\*\*`(app/\w+/)`\*\*", first)
        if heading:
            package = heading.group(1)
        for name in re.findall(r"`([\w/.]+\.py)`", first):
            listed.add(name if "/" in name else package + name)
    return listed


def test_every_module_is_listed_in_the_readme_layout():
    listed = _listed()
    modules = [*(ROOT / "app").rglob("*.py"), *(ROOT / "workers").rglob("*.py")]
    missing = [
        relative
        for path in sorted(modules)
        if (relative := path.relative_to(ROOT).as_posix()) not in listed
        and not (path.name == "__init__.py" and relative != "app/__init__.py")
        and "/migrations/" not in relative
    ]
    assert missing == [], f"not in the README's layout: {missing}"


def test_no_module_is_too_long_to_read_in_one_sitting():
    long = {
        path.relative_to(ROOT).as_posix(): n
        for path in (ROOT / "app").rglob("*.py")
        if (n := len(path.read_text().splitlines())) > 250
    }
    assert long == {}
