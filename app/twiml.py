"""Pure functions that build voice TwiML from utterances and already-resolved URLs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from twilio.twiml.voice_response import Gather, VoiceResponse

from app.speaker import Utterance

# Callers who are older, hard of hearing or using Relay UK need time to answer.
GATHER_TIMEOUT = 8


def _speak(node: VoiceResponse | Gather, utterance: Utterance) -> None:
    if utterance.url:
        node.play(utterance.url)
    else:
        node.say(utterance.text, language=utterance.language)


def ask(
    before: Sequence[Utterance],
    prompt: Sequence[Utterance],
    action: str,
    hints: Iterable[str],
    on_silence: str,
    language: str = "en-GB",
    timeout: int = GATHER_TIMEOUT,
    speech: bool = True,
) -> str:
    """Speak `before`, then the prompt inside a <Gather> for keys (and words); on silence,
    go on to `on_silence`."""
    response = VoiceResponse()
    for utterance in before:
        _speak(response, utterance)
    gather = Gather(
        input="dtmf speech" if speech else "dtmf",
        action=action,
        method="POST",
        language=language if speech else None,
        hints=(", ".join(dict.fromkeys(hints)) or None) if speech else None,
        timeout=timeout,
        speech_timeout="auto" if speech else None,
        num_digits=1,
        # Every key is a choice (# included): none of them silently ends the input.
        finish_on_key="",
    )
    for utterance in prompt:
        _speak(gather, utterance)
    response.append(gather)
    response.redirect(on_silence, method="POST")
    return str(response)


def goodbye(parts: Sequence[Utterance]) -> str:
    """Speak the parts, then end the call."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.hangup()
    return str(response)


def go_to(parts: Sequence[Utterance], url: str) -> str:
    """Speak the parts, then continue at another URL."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.redirect(url, method="POST")
    return str(response)


def connect(parts: Sequence[Utterance], number: str, after: str, timeout: int = 30) -> str:
    """Speak the parts, then ring the number; when that call ends, continue at `after`."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.dial(number, action=after, method="POST", timeout=timeout)
    return str(response)
