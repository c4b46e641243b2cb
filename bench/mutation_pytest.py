"""A pytest plugin for bench/mutation.py, loaded into mutmut's test runs with
`-p bench.mutation_pytest`: mutmut runs pytest once per mutant, in a process forked from one
that has already run the tests, and each run would render the shipped English again with
espeak (`rendered_audio`, about 10 s). Here the first run's folder is kept, in
$MUTATION_KEEP, and every later run in the process or its forks is handed that folder.

Without $MUTATION_KEEP (a plain `pytest -p bench.mutation_pytest`) it does nothing."""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator
from pathlib import Path
from typing import Any

import pytest

# Session fixtures that make a folder no test changes (tests copy it): kept across runs.
KEPT = ("rendered_audio",)
_kept: dict[str, Path] = {}


class _Handout:
    """Answers a kept fixture before its own function runs (tryfirst, first result wins)."""

    @pytest.hookimpl(tryfirst=True)
    def pytest_fixture_setup(self, fixturedef: Any, request: Any) -> object | None:
        kept = _kept.get(fixturedef.argname)
        if kept is None:
            return None
        fixturedef.cached_result = (kept, fixturedef.cache_key(request), None)
        return kept


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """mutmut 3.7 reads `item._nodeid`, which pytest 9 no longer has (mutmut 3.8.1 reads
    `nodeid`, but needs click 8.4, and Flask's command line here is tested on click 8.1)."""
    for item in items:
        if not hasattr(item, "_nodeid"):
            item._nodeid = item.nodeid  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("MUTATION_KEEP") and not config.pluginmanager.has_plugin("kept-folders"):
        config.pluginmanager.register(_Handout(), "kept-folders")


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef: Any, request: Any) -> Generator[None, object, object]:
    result = yield
    folder = os.environ.get("MUTATION_KEEP")
    name = fixturedef.argname
    if folder and name in KEPT and name not in _kept and isinstance(result, Path):
        kept = Path(folder) / name
        if not kept.exists():
            shutil.copytree(result, kept)
        _kept[name] = kept
    return result
