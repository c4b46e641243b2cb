"""Pure functions that build voice TwiML from utterances and already-resolved URLs."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from twilio.twiml.voice_response import Gather, VoiceResponse

from app.audio.speaker import Utterance

F = TypeVar("F", bound=Callable[..., str])

# Callers who are older, hard of hearing or using Relay UK need time to answer.
GATHER_TIMEOUT = 8
# Twilio's speech model for free speech: questions in a caller's own words.
FREE_SPEECH = "experimental_conversations"
# Twilio takes at most 500 hints of at most 100 characters, words apart by spaces only
# (warning 13330): "v/q scan" is given as "v q scan". The first are kept: the place's own.
MOST_HINTS, LONGEST_HINT = 500, 100
_NOT_A_WORD = re.compile(r"[^\w']+")


def hint_list(hints: Iterable[str]) -> str | None:
    """Hints as Twilio takes them: words apart by spaces, each once, no more than it reads."""
    clean = (" ".join(_NOT_A_WORD.sub(" ", h).split()) for h in hints)
    kept = [h for h in dict.fromkeys(clean) if h and len(h) <= LONGEST_HINT]
    return ", ".join(kept[:MOST_HINTS]) or None


def _memo(build: F) -> F:
    """The same words, URLs and choices always make the same document: build it once.
    (The URLs carry the audio file names, so new audio makes a new document.)"""
    cached = functools.lru_cache(maxsize=4096)(build)

    def frozen(value: Any) -> Any:
        return tuple(value) if isinstance(value, list | tuple) else value

    @functools.wraps(build)
    def call(*args: Any, **kwargs: Any) -> str:
        return cached(*map(frozen, args), **{k: frozen(v) for k, v in kwargs.items()})

    return call  # type: ignore[return-value]


def _speak(node: VoiceResponse | Gather, utterance: Utterance) -> None:
    if utterance.url:
        node.play(utterance.url)
    else:
        node.say(utterance.text, language=utterance.language)


@_memo
def ask(
    before: Sequence[Utterance],
    prompt: Sequence[Utterance],
    action: str,
    hints: Iterable[str],
    on_silence: str,
    language: str = "en-GB",
    timeout: int = GATHER_TIMEOUT,
    speech: bool = True,
    questions: bool = False,
) -> str:
    """Speak `before`, then the prompt inside a <Gather> for keys (and words); on silence,
    go on to `on_silence`. Where a caller may ask a question in their own words, speech is
    heard by the model for free conversation (Twilio's `experimental_conversations`), with
    the content's words as hints, and a question may take longer to say."""
    response = VoiceResponse()
    for utterance in before:
        _speak(response, utterance)
    gather = Gather(
        input="dtmf speech" if speech else "dtmf",
        action=action,
        method="POST",
        language=language if speech else None,
        hints=hint_list(hints) if speech else None,
        timeout=timeout,
        speech_timeout="auto" if speech else None,
        speech_model=FREE_SPEECH if speech and questions else None,
        num_digits=1,
        # Every key is a choice (# included): none of them silently ends the input.
        finish_on_key="",
    )
    for utterance in prompt:
        _speak(gather, utterance)
    response.append(gather)
    response.redirect(on_silence, method="POST")
    return str(response)


@_memo
def goodbye(parts: Sequence[Utterance]) -> str:
    """Speak the parts, then end the call."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.hangup()
    return str(response)


@_memo
def go_to(parts: Sequence[Utterance], url: str) -> str:
    """Speak the parts, then continue at another URL."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.redirect(url, method="POST")
    return str(response)


@_memo
def connect(parts: Sequence[Utterance], number: str, after: str, timeout: int = 30) -> str:
    """Speak the parts, then ring the number; when that call ends, continue at `after`."""
    response = VoiceResponse()
    for utterance in parts:
        _speak(response, utterance)
    response.dial(number, action=after, method="POST", timeout=timeout)
    return str(response)
