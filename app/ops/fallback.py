"""Static TwiML for when the line itself is down: Twilio's fallback for calls and texts.

These documents are hosted apart from the app (a TwiML Bin), so they are built once from
settings and must make sense on their own: an apology and the department's number.
"""

from __future__ import annotations

import re

from twilio.twiml.messaging_response import MessagingResponse
from twilio.twiml.voice_response import VoiceResponse

from app.content.keys import DIGIT_WORDS
from app.content.wording import gsm7
from app.department.values import written_phone
from app.errors import LineError

APOLOGY = "Sorry, this information line is not working right now. Please try again later."


class FallbackError(LineError, ValueError):
    """Settings that cannot make a useful fallback document."""


def written_number(phone: str) -> str:
    """The number as people in the UK write it: '0113 496 0000' (international if abroad)."""
    if not phone.strip():
        raise FallbackError(
            "DEPARTMENT_PHONE is not set: the fallback needs a number callers can phone "
            "instead. Set it (e.g. DEPARTMENT_PHONE=+441134960000) and run this again."
        )
    try:
        return written_phone(phone)
    except ValueError as exc:
        raise FallbackError(f"DEPARTMENT_PHONE {phone!r} is not a valid phone number.") from exc


def _chunks(group: str) -> list[str]:
    # Nobody holds six digits in their head at once: a long group is said in two halves.
    if len(group) <= 5:
        return [group]
    half = len(group) // 2
    return [group[:half], group[half:]]


def spoken_number(phone: str) -> str:
    """The number for the ear: each digit as a word, a pause between groups:
    'zero one one three, four nine six, zero zero zero zero'."""
    written = written_number(phone)
    groups = [c for g in re.findall(r"\+|\d+", written) for c in _chunks(g)]
    return ", ".join(
        "plus" if g == "+" else " ".join(DIGIT_WORDS[int(d)] for d in g) for g in groups
    )


def voice_fallback(phone: str, hours: str = "") -> str:
    """Apologise, give the department's number twice and its hours, then hang up."""
    number = spoken_number(phone)
    response = VoiceResponse()
    response.say(APOLOGY, language="en-GB")
    response.pause(length=1)
    response.say(
        f"To talk to someone, please phone the nuclear medicine department on {number}.",
        language="en-GB",
    )
    response.pause(length=1)
    response.say(f"Again, that number is {number}.", language="en-GB")
    if hours:
        response.say(f"The department is open {hours}.", language="en-GB")
    response.say("Thank you for calling. Goodbye.", language="en-GB")
    response.hangup()
    return str(response)


def sms_fallback(phone: str) -> str:
    """A one-segment apology with the department's number."""
    response = MessagingResponse()
    response.message(
        gsm7(
            "Sorry, this information line is not working right now. Please try again later, "
            f"or phone the nuclear medicine department on {written_number(phone)}."
        )
    )
    return str(response)
