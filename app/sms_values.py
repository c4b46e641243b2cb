"""Which service sends the line's texts (SMS_PROVIDER), and GOV.UK Notify's settings, each
checked with a message naming the setting. Voice is always Twilio's."""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum

from app.settings_values import SettingsError


class Provider(StrEnum):
    """The services that can send texts: Twilio (with its TwiML replies), or GOV.UK Notify
    (replies sent through its API, texts to the line by its received-text callback)."""

    TWILIO = "twilio"
    NOTIFY = "notify"


class TextKind(StrEnum):
    """The kinds of text the line sends; Notify has a template for each (and language)."""

    LINK = "link"  # a topic's link, asked for in a call
    REPLY = "reply"  # an answer to a text


# The one field each Notify template has: the line's own words (GSM-7, already in the
# sender's language), so the wording is the same whichever service sends it.
PERSONALISATION = "body"
# Notify's key: `{key name}-{service id}-{secret}`, the last two UUIDs.
UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
API_KEY = re.compile(rf".+-({UUID})-({UUID})")
TEMPLATE = re.compile(rf"({'|'.join(TextKind)})(?::([a-z]{{2}}))?=({UUID})")
# Notify asks a callback's bearer token to be at least this long.
CALLBACK_TOKEN_LEAST = 10


def provider(env: Mapping[str, str]) -> Provider:
    value = env.get("SMS_PROVIDER", "").lower() or Provider.TWILIO
    try:
        return Provider(value)
    except ValueError:
        raise SettingsError(
            f"SMS_PROVIDER must be one of {', '.join(Provider)}, not {value!r}."
        ) from None


def templates(env: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """NOTIFY_TEMPLATES, like `link=<uuid>,reply=<uuid>,link:cy=<uuid>`: each kind's template
    (`kind:lang` for one language's own; plain `kind` for every other), as (key, id) pairs."""
    value = env.get("NOTIFY_TEMPLATES", "")
    pairs = []
    for part in (p.strip().lower() for p in value.split(",") if p.strip()):
        found = TEMPLATE.fullmatch(part.replace(" ", ""))
        if found is None:
            raise SettingsError(
                "NOTIFY_TEMPLATES must be kind=template id pairs such as "
                f"link=<uuid>,reply=<uuid>,link:cy=<uuid> (kinds: {', '.join(TextKind)}); "
                f"{part.split('=')[0]!r} is not one."
            )
        kind, lang, template = found.groups()
        pairs.append((f"{kind}:{lang}" if lang else kind, template))
    return tuple(pairs)


def template_for(pairs: tuple[tuple[str, str], ...], kind: str, lang: str) -> str:
    """The template id for a kind of text in a language: its own, else the kind's."""
    chosen = dict(pairs)
    return chosen.get(f"{kind}:{lang}") or chosen[kind]


def ready(
    chosen: Provider, api_key: str, pairs: tuple[tuple[str, str], ...], callback_token: str
) -> None:
    """With Notify chosen: a well-formed key, a template for every kind, and a callback token
    long enough (Notify's received texts and receipts are refused without it)."""
    if chosen != Provider.NOTIFY:
        return
    if not API_KEY.fullmatch(api_key):
        raise SettingsError(
            "SMS_PROVIDER=notify needs NOTIFY_API_KEY: the key Notify shows once, "
            "`{name}-{service id}-{secret}` (GOV.UK Notify > API integration > API keys)."
        )
    missing = [k for k in TextKind if k not in dict(pairs)]
    if missing:
        raise SettingsError(
            f"SMS_PROVIDER=notify needs NOTIFY_TEMPLATES with a template for {', '.join(missing)}"
            f" (each a text template of just (({PERSONALISATION}))): link=<uuid>,reply=<uuid>."
        )
    if len(callback_token) < CALLBACK_TOKEN_LEAST:
        raise SettingsError(
            "SMS_PROVIDER=notify needs NOTIFY_CALLBACK_TOKEN, at least "
            f"{CALLBACK_TOKEN_LEAST} characters: the bearer token Notify's callbacks send."
        )
