"""Which numbers can get a text: only the caller's own mobile, in an allowed country."""

from __future__ import annotations

from collections.abc import Collection

import phonenumbers
from phonenumbers import PhoneNumberType

MOBILE_TYPES = {PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
# What Twilio sends in From when the caller withholds their number.
WITHHELD = {"", "anonymous", "restricted", "unknown", "private", "+266696687", "+7378742833"}


def classify(number: str, allowed_regions: Collection[str]) -> tuple[str, str | None]:
    """(verdict, E.164 number): verdict is mobile, withheld, abroad or landline."""
    raw = (number or "").strip()
    if raw.lower() in WITHHELD:
        return "withheld", None
    try:
        parsed = phonenumbers.parse(raw, None)
    except phonenumbers.NumberParseException:
        return "withheld", None
    if not phonenumbers.is_valid_number(parsed):
        return "withheld", None
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if phonenumbers.region_code_for_number(parsed) not in allowed_regions:
        return "abroad", e164
    if phonenumbers.number_type(parsed) not in MOBILE_TYPES:
        return "landline", e164
    return "mobile", e164
