"""Time-based one-time codes (RFC 6238) from an authenticator app, each good only once."""

from __future__ import annotations

import hmac
import time

import pyotp
import segno

ISSUER = "NM info line"
STEP_SECONDS = 30
DIGITS = 6
# One step either side: a phone clock a little off, or a code typed as it turned over.
_DRIFT_STEPS = 1


def new_secret() -> str:
    """A new random secret (160 bits, base32), as authenticator apps expect."""
    return pyotp.random_base32(32)


def uri(secret: str, email: str, issuer: str = ISSUER) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=email, issuer_name=issuer
    )


def qr_svg(otpauth_uri: str) -> str:
    """The URI as a QR code, an inline <svg> element for the set-up page."""
    code = segno.make(otpauth_uri, error="m")
    # A label for screen readers; the page also shows the secret as text to type in.
    svg = code.svg_inline(scale=5, title="QR code for your authenticator app")
    # A picture with a name (its <title>) to assistive technology, not a group of paths.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def step_at(moment: float) -> int:
    """The 30-second step a moment (Unix time) falls in."""
    return int(moment // STEP_SECONDS)


def code_at(secret: str, step: int) -> str:
    """The code for `step`: for tests, and for nothing else."""
    return pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def verify(secret: str, code: str, last_step: int, now: float | None = None) -> int | None:
    """The step `code` is good for (now, or one either side), or None; never one <= last_step."""
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    current = step_at(time.time() if now is None else now)
    totp = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS)
    found = None
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        # Every step is compared, so the time taken does not tell which one matched.
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code) and found is None:
            found = step
    if found is None or found <= last_step:
        return None
    return found
