"""Every error the line defines on purpose derives from the one base, app.errors.LineError,
so one handler can tell the line's own refusals from a bug."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import app
from app.errors import LineError


def test_every_error_class_the_line_defines_is_a_line_error():
    found = {}
    for module_info in pkgutil.walk_packages(app.__path__, "app."):
        if ".migrations" in module_info.name:
            continue
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and issubclass(value, Exception)
                and value.__module__ == module.__name__
            ):
                found[f"{module.__name__}.{name}"] = issubclass(value, LineError)
    assert len(found) >= 10
    assert [name for name, ok in found.items() if not ok] == []
