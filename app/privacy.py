"""Phone numbers: never kept in clear. Keyed hashes to count and remember; sealed (encrypted)
tokens to carry a number to the worker that sends one text."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken

# A sealed number is only good for as long as a text may wait for its retries.
SEAL_SECONDS = 24 * 3600


def keyed_hash(secret: str, purpose: str, value: str) -> str:
    """The line's one keyed hash: HMAC-SHA256 of `purpose:value` under the app's secret. The
    same value for one purpose always gives the same key, the same value for two purposes
    two unrelated keys, and nobody without the secret can tell what it was."""
    message = f"{purpose}:{value}".encode("utf-8", "replace")
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


# A caller's number, as the STOP list, texts' daily counts and chosen languages know it.
# Never change this purpose or the length: every opt-out already stored would be forgotten
# (hazard H15).
NUMBER = "number"


def number_key(secret: str, number: str) -> str:
    return keyed_hash(secret, NUMBER, number)[:32]


def last_digits(number: str, count: int = 3) -> str:
    return "".join(ch for ch in number if ch.isdigit())[-count:]


def _fernet(secret: str, purpose: str = "sealed-number") -> Fernet:
    key = hashlib.sha256(f"{purpose}:".encode() + secret.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def seal(secret: str, number: str) -> str:
    return _fernet(secret).encrypt(number.encode()).decode()


def unseal(secret: str, token: str) -> str | None:
    """The number, or None if the token is not ours or too old."""
    try:
        return _fernet(secret).decrypt(token.encode(), ttl=SEAL_SECONDS).decode()
    except (InvalidToken, ValueError):
        return None


# A call-back request's number (app.callbacks), under a key of its own: kept in the database
# until the desk has called and the request's retention has passed, so its seal has no age
# limit of its own; a keyed hash of its own purpose finds a number's open request.
KEPT_NUMBER = "callback-number"


def seal_kept(secret: str, number: str) -> str:
    return _fernet(secret, KEPT_NUMBER).encrypt(number.encode()).decode()


def unseal_kept(secret: str, token: str) -> str | None:
    """The number of a call-back request, or None if the token is not ours."""
    try:
        return _fernet(secret, KEPT_NUMBER).decrypt(token.encode()).decode()
    except (InvalidToken, ValueError):
        return None


def kept_number_key(secret: str, number: str) -> str:
    return keyed_hash(secret, KEPT_NUMBER, number)[:32]
