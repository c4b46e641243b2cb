"""Reading one setting's value: each checked, with a message naming the setting if unusable."""

from __future__ import annotations

import datetime as dt
import ipaddress
import re
import ssl
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers

from app.db.engine import database_url
from app.errors import LineError

# What app.audit.prune removes entries older than, unless AUDIT_RETENTION_DAYS says otherwise,
# and app.feedback.prune patients' comments, unless FEEDBACK_RETENTION_DAYS does.
DEFAULT_RETENTION_DAYS = 730
DEFAULT_COMMENT_DAYS = 365


class SettingsError(LineError, RuntimeError):
    """Raised when the environment cannot run the line."""


ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
SERVICE_SID = re.compile(r"MG[0-9a-f]{32}")


def url(value: str, name: str) -> str:
    """An absolute http(s) URL without its trailing slash, or empty."""
    if value and not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://.")
    return value.rstrip("/")


SECRET_KEY_BYTES = 32  # what signs sessions, links and feedback, and keys the number hashes


def outside_development(secret_key: str, public_base_url: str) -> None:
    """A long SECRET_KEY, and an https PUBLIC_BASE_URL unless it is this machine (loopback:
    a local run or a test): session cookies are marked secure only over https."""
    if len(secret_key.encode()) < SECRET_KEY_BYTES:
        raise SettingsError(
            f"SECRET_KEY must be at least {SECRET_KEY_BYTES} bytes long: make one with "
            '`python3 -c "import secrets; print(secrets.token_hex(32))"`.'
        )
    parts = urlsplit(public_base_url)
    if parts.scheme != "https" and not _loopback(parts.hostname or ""):
        raise SettingsError(
            "PUBLIC_BASE_URL must start with https:// (only an address on this machine, "
            "such as http://127.0.0.1:8000, may use http)."
        )


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def loopback(host: str) -> bool:
    """Whether `host` names this machine (localhost, 127.0.0.0/8, ::1)."""
    return _loopback(host)


def database(value: str) -> str:
    """DATABASE_URL checked now (app.db.engine), or empty: the SQLite file in DATA_DIR."""
    if not value:
        return ""
    try:
        return database_url(value, Path("data"))
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def retention(env: Mapping[str, str], name: str, default: int) -> int:
    """Days something is kept: at least one (0 would remove it all at the next prune)."""
    days = whole(env, name, default)
    if days < 1:
        raise SettingsError(f"{name} must be at least 1: what it keeps is kept a day.")
    return days


def redis_url(value: str) -> str:
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://.")
    return value


def matching(env: Mapping[str, str], name: str, pattern: re.Pattern[str], shape: str) -> str:
    value = env.get(name, "")
    if value and not pattern.fullmatch(value):
        raise SettingsError(f"{name} does not look right: it should be {shape} characters.")
    return value


def phone(env: Mapping[str, str], name: str) -> str:
    """A phone number in international form (+44...), or empty."""
    value = env.get(name, "")
    if not value:
        return ""
    try:
        parsed = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is None or not phonenumbers.is_valid_number(parsed):
        raise SettingsError(f"{name} is not a phone number we can use: {value!r}.")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def countries(value: str, default: tuple[str, ...]) -> tuple[str, ...]:
    """ISO country codes of mobiles that may get a text; blank: the default (GB)."""
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip()) or default
    unknown = [c for c in codes if c not in phonenumbers.SUPPORTED_REGIONS]
    if unknown:
        raise SettingsError(
            f"TEXT_COUNTRIES must be two-letter country codes such as GB; not {', '.join(unknown)}."
        )
    return codes


def intervals(env: Mapping[str, str], name: str, default: tuple[int, ...]) -> tuple[int, ...]:
    """Seconds between retries, like '10,60,300'; blank: the default."""
    value = env.get(name, "")
    if not value:
        return default
    try:
        intervals = tuple(int(part) for part in value.split(","))
    except ValueError:
        intervals = (-1,)
    if any(i < 0 for i in intervals):
        raise SettingsError(f"{name} must be whole seconds like 10,60,300, not {value!r}.")
    return intervals


def dates(value: str) -> tuple[dt.date, ...]:
    try:
        return tuple(dt.date.fromisoformat(d.strip()) for d in value.split(",") if d.strip())
    except ValueError as exc:
        raise SettingsError("BANK_HOLIDAYS must be dates like 2026-12-25,2026-12-28") from exc


def whole(env: Mapping[str, str], name: str, default: int) -> int:
    """A whole number, zero or more; blank: the default (never a silent 0)."""
    value = env.get(name, "")
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise SettingsError(f"{name} must be a whole number, 0 or more, not {value!r}.")
    return number


def seconds(env: Mapping[str, str], name: str, default: float) -> float:
    """A number of seconds, zero or more; blank: the default."""
    value = env.get(name, "")
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        number = -1.0
    if not number >= 0 or number == float("inf"):
        raise SettingsError(f"{name} must be a number of seconds, 0 or more, not {value!r}.")
    return number


EMAIL = re.compile(r"[^@\s,]+@[^@\s,]+\.[^@\s,]+")


def email(env: Mapping[str, str], name: str) -> str:
    """One email address, or empty."""
    value = env.get(name, "")
    if value and not EMAIL.fullmatch(value):
        raise SettingsError(f"{name} must be one email address such as team@example.nhs.uk.")
    return value


def mail_server(env: Mapping[str, str]) -> str:
    """SMTP_HOST, required when REMINDERS_EMAIL is set: the summary has to go somewhere."""
    host = env.get("SMTP_HOST", "")
    if env.get("REMINDERS_EMAIL") and not host:
        raise SettingsError("REMINDERS_EMAIL is set but SMTP_HOST is not: say which mail server.")
    return host


def mail_tls(env: Mapping[str, str]) -> bool:
    """SMTP_SSL (on by default on port 465): TLS from the start. With neither it nor
    SMTP_STARTTLS, no SMTP_USER: its password would cross the network as it is typed."""
    implicit = yes_no(env, "SMTP_SSL", whole(env, "SMTP_PORT", 587) == 465)
    clear = not implicit and not yes_no(env, "SMTP_STARTTLS", True)
    if clear and env.get("SMTP_USER") and not _loopback(env.get("SMTP_HOST", "")):
        raise SettingsError(
            "SMTP_USER is set but SMTP_STARTTLS and SMTP_SSL are off: the password would be "
            "sent unencrypted. Set SMTP_STARTTLS=true (or SMTP_SSL=true on port 465)."
        )
    return implicit


def ca_file(env: Mapping[str, str], name: str) -> str:
    """Certificate authorities (a PEM file) to trust instead of the system's, read now."""
    path = env.get(name, "")
    if path:
        try:
            ssl.create_default_context(cafile=path)
        except OSError as exc:  # a missing file, or no certificates in it (ssl.SSLError)
            raise SettingsError(f"{name}: {path!r} is not a readable PEM file of certificates "
                                f"({exc.strerror or exc}).") from None  # fmt: skip
    return path


def yes_no(env: Mapping[str, str], name: str, default: bool) -> bool:
    value = env.get(name, "").lower()
    if not value:
        return default
    if value not in ("1", "0", "true", "false", "yes", "no"):
        raise SettingsError(f"{name} must be true or false, not {value!r}.")
    return value in ("1", "true", "yes")


def session_hours(env: Mapping[str, str], default: int) -> int:
    """SESSION_MAX_HOURS: an admin sign-in ends this long after it began, however busy."""
    hours = whole(env, "SESSION_MAX_HOURS", default)
    if not 1 <= hours <= 24:
        raise SettingsError("SESSION_MAX_HOURS must be a whole number of hours from 1 to 24.")
    return hours
