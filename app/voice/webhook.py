"""What every voice route reads from Twilio's request and how it answers: the caller's keys
and words, TwiML as XML, and where help may send the caller back to (the line's own pages)."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Response, current_app, request
from werkzeug.exceptions import HTTPException

from app.content.model import MAIN_MENU
from app.voice import moves
from app.voice.call import Call, Line


def said() -> moves.Said:
    """The keys pressed and the words heard, as Twilio posted them."""
    return moves.Said(request.form.get("Digits", ""), request.form.get("SpeechResult", ""))


def xml(body: str) -> Response:
    return Response(body, mimetype="text/xml")


def back_to(url: str | None, line: Line, call: Call) -> str:
    """Where help returns to: only one of the line's own voice pages, else the main menu."""
    if url and url.isascii() and url.isprintable():
        try:
            endpoint, _ = current_app.url_map.bind("").match(urlsplit(url).path, "POST")
        except HTTPException:
            endpoint = ""
        if endpoint.startswith("voice."):
            return url
    return line.url("voice.menu", call, menu_id=MAIN_MENU)
