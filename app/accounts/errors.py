"""The one error the accounts services raise on purpose."""

from __future__ import annotations

from app.errors import LineError


class AccountError(LineError):
    """A refusal, worded for the person to read; nothing was changed."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
