"""The English files of a content subfolder (procedures/, answers/): each thing's own file,
whose translations sit beside it (bone-scan.yaml; bone-scan.cy.yaml)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path


def english_files(
    content_dir: Path,
    folder: str,
    split: Callable[[str], tuple[str, str | None] | None],
    overrides: Mapping[str, str | None] | None = None,
) -> list[str]:
    """Their names in the content folder ("procedures/x.yaml"), with the overrides' (a
    draft's new file counts; one the override takes away does not)."""
    given = overrides or {}
    names = {f"{folder}/{p.name}" for p in (content_dir / folder).glob("*.yaml")} | set(given)
    found = []
    for name in names:
        where, _, base = name.rpartition("/")
        parts = split(base) if where == folder else None
        if parts and parts[1] is None and given.get(name, "") is not None:
            found.append(name)
    return sorted(found)
