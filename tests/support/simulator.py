"""A phone call as Twilio makes it: signed webhooks, <Gather>, <Redirect>, <Play> fetched.

Every TwiML document is validated against Twilio's published voice schema. A call talks to
Flask's test client, or to a real server over HTTP through `HttpClient` (the load test).
"""

from __future__ import annotations

import itertools
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
import xmlschema
from flask.testing import FlaskClient
from twilio.request_validator import RequestValidator

# Twilio's voice TwiML schema, vendored: tests/twilio/README.md says where it comes from.
XSD = Path(__file__).resolve().parents[1] / "twilio" / "twiml-xsd"
_SCHEMA: xmlschema.XMLSchema | None = None
_SIDS = itertools.count(1)


def voice_schema() -> xmlschema.XMLSchema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = xmlschema.XMLSchema(str(XSD / "twiml_v20100401_twilioRealtimeCallSchema.xsd"))
    return _SCHEMA


class HttpResponse:
    """What the simulator reads of a Flask test response, from a real HTTP response."""

    def __init__(self, status_code: int, content_type: str, data: bytes) -> None:
        self.status_code, self.data = status_code, data
        self.mimetype = content_type.split(";", 1)[0].strip().lower()

    def get_data(self, as_text: bool = False) -> bytes | str:
        return self.data.decode() if as_text else self.data


class HttpClient:
    """A server over real HTTP, shaped like Flask's test client for `Call`: one keep-alive
    connection, a timeout on every request, and each request's latency kept."""

    def __init__(self, base_url: str, timeout: float = 10.0) -> None:
        self.base, self.timeout = base_url.rstrip("/"), timeout
        self.session = requests.Session()
        self.latencies: list[tuple[str, str, float]] = []  # method, path, seconds

    def post(self, path: str, data: dict[str, str], headers: dict[str, str]) -> HttpResponse:
        return self._send("POST", path, data=data, headers=headers)

    def get(self, path: str, buffered: bool = True) -> HttpResponse:
        return self._send("GET", path)

    def _send(self, method: str, path: str, **kwargs: object) -> HttpResponse:
        started = time.perf_counter()
        with self.session.request(
            method, self.base + path, timeout=self.timeout, allow_redirects=False, **kwargs
        ) as response:
            body = response.content
        self.latencies.append((method, path, time.perf_counter() - started))
        return HttpResponse(response.status_code, response.headers.get("Content-Type", ""), body)

    def close(self) -> None:
        self.session.close()

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def signed_post(
    client: FlaskClient | HttpClient,
    token: str,
    url: str,
    params: dict[str, str],
    signature: str | None = None,
):
    """POST form params to an absolute public URL, signed as Twilio signs it."""
    sig = RequestValidator(token).compute_signature(url, params) if signature is None else signature
    parts = urlsplit(url)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return client.post(path, data=params, headers={"X-Twilio-Signature": sig})


@dataclass
class Turn:
    """What the caller heard until the line waited for them, or hung up."""

    heard: list[str] = field(default_factory=list)  # item keys, or raw text if unknown
    played: list[str] = field(default_factory=list)  # audio URLs fetched
    said: list[str] = field(default_factory=list)  # <Say> texts
    gather: dict[str, str] | None = None
    hung_up: bool = False
    dialled: str | None = None  # the number a <Dial> connected the caller to


class Call:
    def __init__(
        self,
        client: FlaskClient | HttpClient,
        token: str,
        base_url: str,
        caller: str = "+447400123456",
        describe: Callable[[str], str] = lambda s: s,
    ) -> None:
        self.client, self.token, self.base = client, token, base_url.rstrip("/")
        self.describe = describe
        self.params = {
            "CallSid": f"CA{next(_SIDS):032d}",
            "AccountSid": "AC" + "0" * 32,
            "From": caller,
            "To": "+441234567890",
            "CallStatus": "in-progress",
            "Direction": "inbound",
        }
        self.url = f"{self.base}/voice"
        self._after_gather: list[ET.Element] = []
        self._gather: ET.Element | None = None
        self.documents: list[str] = []

    def start(self) -> Turn:
        return self._fetch(f"{self.base}/voice", {})

    def press(self, digits: str) -> Turn:
        assert self._gather is not None, "the line was not waiting for input"
        finish = self._gather.get("finishOnKey", "#")
        if finish and digits.startswith(finish):
            return self.wait()  # Twilio treats it as no input at all
        return self._answer({"Digits": digits})

    def say(self, words: str) -> Turn:
        assert self._gather is not None, "the line was not waiting for input"
        assert "speech" in self._gather.get("input", "dtmf"), "the line was not listening for words"
        return self._answer({"SpeechResult": words, "Confidence": "0.9"})

    def dial_ends(self, status: str) -> Turn:
        """The <Dial> the line made ended (DialCallStatus: completed, no-answer, busy,
        failed): Twilio asks its action what next, as it does."""
        dial = ET.fromstring(self.documents[-1]).find("Dial")
        assert dial is not None, "the line did not dial"
        action = urljoin(self.url, dial.get("action") or self.url)
        return self._fetch(action, {"DialCallStatus": status})

    def post_to(self, url: str, extra: dict[str, str]) -> Turn:
        """Ask the line at an address it did not give (as someone who changed one would),
        signed as Twilio signs it."""
        self._gather = None
        return self._fetch(urljoin(self.url, url), extra)

    def wait(self) -> Turn:
        """Stay silent: Twilio carries on with the verbs after <Gather>."""
        assert self._gather is not None, "the line was not waiting for input"
        self._gather = None
        return self._run(self._after_gather, Turn())

    def _answer(self, extra: dict[str, str]) -> Turn:
        assert self._gather is not None, "the line was not waiting for input"
        action = urljoin(self.url, self._gather.get("action") or self.url)
        self._gather = None
        return self._fetch(action, extra)

    def _fetch(self, url: str, extra: dict[str, str], turn: Turn | None = None) -> Turn:
        turn = turn or Turn()
        response = signed_post(self.client, self.token, url, {**self.params, **extra})
        assert response.status_code == 200, (url, response.status_code, response.data[:300])
        assert response.mimetype in ("text/xml", "application/xml")
        body = response.get_data(as_text=True)
        voice_schema().validate(body)
        self.documents.append(body)
        self.url = url
        return self._run(list(ET.fromstring(body)), turn)

    def _run(self, verbs: list[ET.Element], turn: Turn) -> Turn:
        for i, verb in enumerate(verbs):
            if verb.tag == "Gather":
                for inner in verb:
                    self._hear(inner, turn)
                self._gather, self._after_gather = verb, verbs[i + 1 :]
                turn.gather = dict(verb.attrib)
                return turn
            if verb.tag == "Redirect":
                return self._fetch(urljoin(self.url, verb.text or ""), {}, turn)
            if verb.tag == "Hangup":
                turn.hung_up = True
                return turn
            if verb.tag == "Dial":
                turn.dialled = (verb.text or "").strip()
                return turn
            self._hear(verb, turn)
        turn.hung_up = True  # Twilio ends the call when the document runs out
        return turn

    def _hear(self, verb: ET.Element, turn: Turn) -> None:
        if verb.tag == "Play":
            url = (verb.text or "").strip()
            audio = self.client.get(urlsplit(url).path, buffered=True)
            assert audio.status_code == 200, f"Twilio could not fetch {url}"
            assert audio.mimetype == "audio/mpeg"
            data = audio.get_data()
            assert data[:3] == b"ID3" or data[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xe3")
            turn.played.append(url)
            turn.heard.append(self.describe(url))
        elif verb.tag == "Say":
            assert verb.get("language") in ("en-GB", "cy-GB", "pl-PL")
            turn.said.append(verb.text or "")
            turn.heard.append(self.describe(verb.text or ""))
        else:
            raise AssertionError(f"unexpected verb <{verb.tag}>")
