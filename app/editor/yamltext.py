"""YAML edited in place: a file's comments, order and quoting kept, as people wrote it.

Words for the ear are written one sentence to a line, as the shipped files are, so a
version's diff reads sentence by sentence."""

from __future__ import annotations

import io
import re
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import FoldedScalarString

from app.content.model import ContentError

_SENTENCE_GAP = re.compile(r"(?<=[.!?]) (?=\S)")
# Longer than this, words are folded one sentence to a line.
_FOLD_OVER = 80


class _Representer(RoundTripRepresenter):
    """Round-trip YAML that writes an empty value as `null`, as people write it."""


_Representer.add_representer(
    type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
)


def _yaml() -> YAML:
    yaml = YAML()
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = 4096  # no line breaks of YAML's own inside a sentence
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def load(text: str, where: str) -> Any:
    """The YAML, keeping what a person wrote around the data (comments, order)."""
    try:
        data = _yaml().load(text)
    except YAMLError as exc:
        raise ContentError(f"{where}: this is not valid YAML ({exc})") from exc
    return {} if data is None else data


def dump(data: Any) -> str:
    out = io.StringIO()
    _yaml().dump(data, out)
    return out.getvalue()


def spoken(text: str) -> str:
    """Words as one line each sentence (folded, so they read back as one paragraph)."""
    words = " ".join(text.split())
    if len(words) <= _FOLD_OVER:
        return words
    folded: str = FoldedScalarString(words)
    folded.fold_pos = [m.start() for m in _SENTENCE_GAP.finditer(words)]  # type: ignore[attr-defined]
    return folded
