"""The phone numbers the tests use. None of them may ever appear in a log line."""

from __future__ import annotations

MOBILE = "+447400123456"
OTHER_MOBILE = "+447400654321"
LANDLINE = "+441234567890"
ABROAD = "+12025550123"
TEST_NUMBERS = (MOBILE, OTHER_MOBILE, LANDLINE, ABROAD)


def assert_no_phone_numbers(text: str) -> None:
    """No full number, in any format we might print it (+44..., 07..., 7400...)."""
    for number in TEST_NUMBERS:
        national = number[-10:]
        assert national not in text.replace(" ", ""), f"a full phone number was logged: {number}"
