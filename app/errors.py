"""The one base of the line's own errors: a refusal the line means (bad content, a setting
that cannot be read, an editor's step out of turn), as against a bug or a library's failure.

Each package's error derives from `LineError` and keeps its own name, and its older built-in
base (`ValueError`, `RuntimeError`) where callers catch that, so a handler may catch one
package's errors, or every error the line raises on purpose."""

from __future__ import annotations


class LineError(Exception):
    """An error the line raises on purpose, with a message meant for the person concerned."""
