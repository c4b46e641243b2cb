"""Settings, read once from the environment and validated at start-up."""

from __future__ import annotations

import datetime as dt
import functools
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers

from app.voice.hours import Hours, HoursError

ENGINES = ("gtts", "espeak")
# Seconds between retries: renders (network errors, throttling by the TTS service) and
# texts (network errors, Twilio's 5xx), each gap longer than the one before.
AUDIO_RETRY_INTERVALS = (10, 60, 300, 900)
SMS_RETRY_INTERVALS = (10, 30, 120, 600)
_REQUIRED_SECRETS = ("TWILIO_AUTH_TOKEN", "SECRET_KEY")


class SettingsError(RuntimeError):
    """Raised when the environment cannot run the line."""


class Secret(str):
    """A string that never shows its value when printed or logged."""

    def __repr__(self) -> str:
        return "<secret>"

    __str__ = __repr__

    @property
    def value(self) -> str:
        return str.__str__(self)


@dataclass(frozen=True)
class Settings:
    public_base_url: str
    twilio_auth_token: Secret = field(repr=False)
    secret_key: Secret = field(repr=False)
    twilio_account_sid: str = ""
    twilio_phone_number: str = ""
    twilio_api_base_url: str = ""
    redis_url: str = "redis://127.0.0.1:6379/0"
    content_dir: Path = Path("content")
    audio_dir: Path = Path("audio")
    tts_engine: str = "gtts"
    admin_password: Secret = field(default=Secret(""), repr=False)
    environment: str = "production"
    trusted_proxies: int = 0
    reload_seconds: float = 2.0
    gtts_pace_seconds: float = 1.0
    audio_retry_intervals: tuple[int, ...] = AUDIO_RETRY_INTERVALS
    twilio_messaging_service_sid: str = ""
    admin_password_hash: str = ""
    department_phone: str = ""
    department_hours: str = ""
    bank_holidays: tuple[dt.date, ...] = ()
    text_countries: tuple[str, ...] = ("GB",)
    texts_per_number_daily: int = 5
    texts_daily: int = 1000
    sms_retry_intervals: tuple[int, ...] = SMS_RETRY_INTERVALS
    metrics_token: Secret = field(default=Secret(""), repr=False)
    stats_flush_seconds: int = 1
    audio_base_url: str = ""

    @functools.cached_property
    def hours(self) -> Hours | None:
        """The department's opening hours, read (and checked) at start-up; None if unset."""
        if not self.department_hours:
            return None
        return Hours.parse(self.department_hours, self.bank_holidays)

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from environment variables; stop with a clear message if unusable.

        Every setting is checked here, at start-up, so a typo stops the line starting, with
        the setting named, rather than breaking one menu for every caller later."""
        env = {k: v.strip() for k, v in environ.items() if isinstance(v, str)}
        environment = env.get("APP_ENV", "production").lower() or "production"
        development = environment == "development"
        missing = [name for name in _REQUIRED_SECRETS if not env.get(name)]
        if missing and not development:
            raise SettingsError(
                "Missing required setting(s): "
                + ", ".join(missing)
                + ". Set them in the environment (see .env.example)."
            )
        engine = env.get("TTS_ENGINE", "gtts").lower() or "gtts"
        if engine not in ENGINES:
            raise SettingsError(f"TTS_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}.")
        base_url = env.get("PUBLIC_BASE_URL", "").rstrip("/")
        if not base_url:
            if not development:
                raise SettingsError(
                    "PUBLIC_BASE_URL is required: Twilio signs requests against the public URL."
                )
            base_url = "http://127.0.0.1:5000"
        _url(base_url, "PUBLIC_BASE_URL")
        settings = cls(
            public_base_url=base_url,
            # Development only: a random per-process value, never a fixed fallback.
            twilio_auth_token=Secret(env.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(16)),
            secret_key=Secret(env.get("SECRET_KEY") or secrets.token_hex(32)),
            twilio_account_sid=_matching(env, "TWILIO_ACCOUNT_SID", _ACCOUNT_SID, "AC + 32 hex"),
            twilio_phone_number=_phone(env, "TWILIO_PHONE_NUMBER"),
            twilio_api_base_url=_url(env.get("TWILIO_API_BASE_URL", ""), "TWILIO_API_BASE_URL"),
            redis_url=_redis_url(env.get("REDIS_URL") or "redis://127.0.0.1:6379/0"),
            content_dir=Path(env.get("CONTENT_DIR") or "content"),
            audio_dir=Path(env.get("AUDIO_DIR") or "audio"),
            tts_engine=engine,
            admin_password=Secret(env.get("ADMIN_PASSWORD", "")),
            environment=environment,
            trusted_proxies=_int(env, "TRUSTED_PROXIES", 0),
            reload_seconds=_number(env, "RELOAD_SECONDS", 2.0),
            audio_retry_intervals=_intervals(env, "AUDIO_RETRY_INTERVALS", AUDIO_RETRY_INTERVALS),
            twilio_messaging_service_sid=_matching(
                env, "TWILIO_MESSAGING_SERVICE_SID", _SERVICE_SID, "MG + 32 hex"
            ),
            admin_password_hash=env.get("ADMIN_PASSWORD_HASH", ""),
            department_phone=_phone(env, "DEPARTMENT_PHONE"),
            department_hours=env.get("DEPARTMENT_HOURS", ""),
            bank_holidays=_dates(env.get("BANK_HOLIDAYS", "")),
            text_countries=_countries(env.get("TEXT_COUNTRIES", "")),
            texts_per_number_daily=_int(env, "TEXTS_PER_NUMBER_DAILY", 5),
            texts_daily=_int(env, "TEXTS_DAILY", 1000),
            sms_retry_intervals=_intervals(env, "SMS_RETRY_INTERVALS", SMS_RETRY_INTERVALS),
            metrics_token=Secret(env.get("METRICS_TOKEN", "")),
            stats_flush_seconds=_int(env, "STATS_FLUSH_SECONDS", 1),
            audio_base_url=_url(env.get("AUDIO_BASE_URL", ""), "AUDIO_BASE_URL"),
            gtts_pace_seconds=_number(env, "GTTS_PACE_SECONDS", 1.0),
        )
        try:
            settings.hours  # noqa: B018 - read once now, so a typo stops start-up
        except HoursError as exc:
            raise SettingsError(f"DEPARTMENT_HOURS: {exc}") from exc
        return settings


_ACCOUNT_SID = re.compile(r"AC[0-9a-f]{32}")
_SERVICE_SID = re.compile(r"MG[0-9a-f]{32}")


def _url(value: str, name: str) -> str:
    """An absolute http(s) URL without its trailing slash, or empty."""
    if value and not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://.")
    return value.rstrip("/")


def _redis_url(value: str) -> str:
    if not value.startswith(("redis://", "rediss://", "unix://")):
        raise SettingsError("REDIS_URL must start with redis://, rediss:// or unix://.")
    return value


def _matching(env: Mapping[str, str], name: str, pattern: re.Pattern[str], shape: str) -> str:
    value = env.get(name, "")
    if value and not pattern.fullmatch(value):
        raise SettingsError(f"{name} does not look right: it should be {shape} characters.")
    return value


def _phone(env: Mapping[str, str], name: str) -> str:
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


def _countries(value: str) -> tuple[str, ...]:
    """ISO country codes of mobiles that may get a text; blank: the United Kingdom."""
    codes = tuple(c.strip().upper() for c in value.split(",") if c.strip()) or ("GB",)
    unknown = [c for c in codes if c not in phonenumbers.SUPPORTED_REGIONS]
    if unknown:
        raise SettingsError(
            f"TEXT_COUNTRIES must be two-letter country codes such as GB; not {', '.join(unknown)}."
        )
    return codes


def _intervals(env: Mapping[str, str], name: str, default: tuple[int, ...]) -> tuple[int, ...]:
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


def _dates(value: str) -> tuple[dt.date, ...]:
    try:
        return tuple(dt.date.fromisoformat(d.strip()) for d in value.split(",") if d.strip())
    except ValueError as exc:
        raise SettingsError("BANK_HOLIDAYS must be dates like 2026-12-25,2026-12-28") from exc


def _int(env: Mapping[str, str], name: str, default: int) -> int:
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


def _number(env: Mapping[str, str], name: str, default: float) -> float:
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
