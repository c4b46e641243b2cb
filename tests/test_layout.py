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


def _tests_row(name: str) -> str:
    """The README layout's row for `tests/` or `tests/support/`."""
    readme = (ROOT / "README.md").read_text()
    row = next((r for r in readme.splitlines() if r.startswith(f"| `{name}` |")), None)
    assert row, f"the README's layout has no row for {name}"
    return row


def test_every_test_folder_is_a_package_or_named_in_the_readme():
    """The README says how tests are organised: a folder per package of app/, and the few
    folders it names besides."""
    packages = {p.name for p in (ROOT / "app").iterdir() if (p / "__init__.py").exists()}
    row = _tests_row("tests/")
    others = [
        p.name
        for p in sorted((ROOT / "tests").iterdir())
        if p.is_dir() and any(p.glob("*.py")) and p.name not in packages
    ]
    assert [name for name in others if f"`tests/{name}/`" not in row] == []


def test_every_support_module_is_named_in_the_readme():
    row = _tests_row("tests/support/")
    modules = sorted(p.name for p in (ROOT / "tests/support").glob("*.py"))
    assert [m for m in modules if m != "__init__.py" and f"`{m}`" not in row] == []


def test_no_test_file_imports_from_another():
    """What tests share lives in tests/support, so moving or deleting a test never breaks
    another: a test file or conftest imports nothing from a test file or another conftest."""
    crossing = re.compile(r"^\s*(?:from|import) tests\.(?:\w+\.)*(?:test_\w+|conftest)\b", re.M)
    found = [
        path.relative_to(ROOT).as_posix()
        for path in sorted((ROOT / "tests").rglob("*.py"))
        if crossing.search(path.read_text())
    ]
    assert found == []


def test_every_package_and_module_of_the_line_stands_in_a_layer():
    """A new top-level module or package outside the layers would be checked by nothing."""
    import re
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layered = {
        name
        for contract in config["contracts"]
        for layer in contract.get("layers", [])
        for name in re.split(r"[|:]", layer.split("#")[0])
        if name.strip()
    }
    layered = {name.strip() for name in layered}
    app = ROOT / "app"
    present = {
        path.stem
        for path in app.iterdir()
        if (path.suffix == ".py" and path.stem != "__init__") or (path / "__init__.py").exists()
    }
    assert present - layered == set()
