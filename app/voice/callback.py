"""Offered a call back: when the department is closed, or a transfer was not answered, a
caller whose number the desk can ring may ask to be called back on it, with a key (1) or in
words, and is told when to expect it. A withheld number is told politely why none is
offered; a number with a request open, or a line that has taken its day's requests, is told
so. The request is taken in Redis and queued (app.callbacks.intake): never the database.

Its two webhooks join the voice blueprint (app.voice.views), so help can come back here."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from flask import Response, request

from app.audio.speaker import Utterance
from app.callbacks.decide import Answer
from app.callbacks.intake import offer, take
from app.callbacks.models import Reason
from app.content.keys import CALL_BACK
from app.services import services
from app.signatures import validate_twilio_request
from app.voice import moves, steps, twiml
from app.voice.answers import request_line
from app.voice.call import Call, Line
from app.voice.flow import Do, Place, action
from app.voice.views import bp
from app.voice.webhook import back_to, said, xml

OFFER = "voice.callback_offer"  # the endpoint moves and views send a caller to


def told(line: Line, call: Call, answer: Answer) -> list[Utterance]:
    """What the caller hears for an answer (nothing when call-backs are off)."""
    return [line.prompt(answer.value, call)] if answer is not Answer.OFF else []


def offered(
    line: Line, call: Call, back: str, why: Reason, answer: Answer, before: Sequence[Utterance] = ()
) -> str:
    """The offer, inside a <Gather> (on silence: back to where the caller was); or, when none
    may be made, the reason said and back."""
    if answer is not Answer.OFFER:
        return twiml.go_to(told(line, call, answer), back)
    return steps.ask(
        line,
        call,
        Place.CALLBACK,
        before,
        told(line, call, answer),
        line.url("voice.choose_callback", call, back=back, why=why),
        steps.choices(Place.CALLBACK, line.library(call), _own(line, call)),
        back,
    )


def _own(line: Line, call: Call) -> dict[str, tuple[str, ...]]:
    return {CALL_BACK: line.library(call).words("words_callback")}


def in_offer(
    line: Line,
    call: Call,
    back: str,
    why: Reason,
    said: moves.Said,
    may: Callable[[], Answer],
    taking: Callable[[], Answer],
) -> str:
    """A key (or words) at the offer: 1 asks for the call back, 7 the offer again, star back."""
    do = action(Place.CALLBACK, moves._key(line, call, Place.CALLBACK, said, _own(line, call)))
    if do is Do.CALL_BACK:
        return twiml.go_to(told(line, call, taking()), back)
    if do is Do.RETURN:
        return twiml.go_to([], back)
    if do is Do.REPEAT:
        return offered(line, call, back, why, may())
    here: moves.Here = lambda c: line.url(OFFER, c, back=back, why=why)  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return moves._anywhere(line, call, do, here) or offered(line, call, back, why, may(), sorry)


def _why() -> Reason:
    try:
        return Reason(request.args.get("why", ""))
    except ValueError:
        return Reason.CLOSED


def _checks(line_call: tuple[Line, Call]) -> tuple[Callable[[], Answer], Callable[[], Answer]]:
    """Whether this caller may be offered one, and taking their request, as this request has
    them: the caller's own number (Twilio's From), never one from the URL or the form's
    other fields."""
    found, caller = services(), request.form.get("From", "")
    lang = line_call[1].lang
    return (
        lambda: offer(found.redis, found.settings, caller),
        lambda: take(found.redis, found.sms_queue, found.settings, caller, lang, _why()),
    )


@bp.post("/callback")
@validate_twilio_request
def callback_offer() -> Response:
    line, call = request_line()
    back = back_to(request.args.get("back"), line, call)
    may, _ = _checks((line, call))
    return xml(offered(line, call, back, _why(), may()))


@bp.post("/callback/choose")
@validate_twilio_request
def choose_callback() -> Response:
    line, call = request_line()
    back = back_to(request.args.get("back"), line, call)
    may, taking = _checks((line, call))
    return xml(in_offer(line, call, back, _why(), said(), may, taking))
