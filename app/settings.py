"""Settings, read once from the environment and validated at start-up."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app.rendering import RETRY_INTERVALS, retry_intervals
from app.texting import SMS_RETRY_INTERVALS

ENGINES = ("gtts", "espeak")
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
    audio_retry_intervals: tuple[int, ...] = RETRY_INTERVALS
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

    @classmethod
    def from_env(cls, environ: Mapping[str, str]) -> Settings:
        """Build settings from environment variables; stop with a clear message if unusable."""
        env = {k: v.strip() for k, v in environ.items() if isinstance(v, str)}
        environment = env.get("APP_ENV", "production").lower()
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
        return cls(
            public_base_url=base_url,
            # Development only: a random per-process value, never a fixed fallback.
            twilio_auth_token=Secret(env.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(16)),
            secret_key=Secret(env.get("SECRET_KEY") or secrets.token_hex(32)),
            twilio_account_sid=env.get("TWILIO_ACCOUNT_SID", ""),
            twilio_phone_number=env.get("TWILIO_PHONE_NUMBER", ""),
            twilio_api_base_url=env.get("TWILIO_API_BASE_URL", "").rstrip("/"),
            redis_url=env.get("REDIS_URL") or "redis://127.0.0.1:6379/0",
            content_dir=Path(env.get("CONTENT_DIR") or "content"),
            audio_dir=Path(env.get("AUDIO_DIR") or "audio"),
            tts_engine=engine,
            admin_password=Secret(env.get("ADMIN_PASSWORD", "")),
            environment=environment,
            trusted_proxies=_int(env.get("TRUSTED_PROXIES", "0"), "TRUSTED_PROXIES"),
            reload_seconds=_int(env.get("RELOAD_SECONDS", "2"), "RELOAD_SECONDS"),
            audio_retry_intervals=_intervals(env.get("AUDIO_RETRY_INTERVALS"), RETRY_INTERVALS),
            twilio_messaging_service_sid=env.get("TWILIO_MESSAGING_SERVICE_SID", ""),
            admin_password_hash=env.get("ADMIN_PASSWORD_HASH", ""),
            department_phone=env.get("DEPARTMENT_PHONE", ""),
            department_hours=env.get("DEPARTMENT_HOURS", ""),
            bank_holidays=_dates(env.get("BANK_HOLIDAYS", "")),
            text_countries=tuple(
                c.strip().upper() for c in env.get("TEXT_COUNTRIES", "GB").split(",") if c.strip()
            ),
            texts_per_number_daily=_int(
                env.get("TEXTS_PER_NUMBER_DAILY", "5"), "TEXTS_PER_NUMBER_DAILY"
            ),
            texts_daily=_int(env.get("TEXTS_DAILY", "1000"), "TEXTS_DAILY"),
            sms_retry_intervals=_intervals(env.get("SMS_RETRY_INTERVALS"), SMS_RETRY_INTERVALS),
            metrics_token=Secret(env.get("METRICS_TOKEN", "")),
            stats_flush_seconds=_int(env.get("STATS_FLUSH_SECONDS", "1"), "STATS_FLUSH_SECONDS"),
            audio_base_url=_url(env.get("AUDIO_BASE_URL", ""), "AUDIO_BASE_URL"),
        )


def _url(value: str, name: str) -> str:
    """An absolute http(s) URL without its trailing slash, or empty."""
    if value and not value.startswith(("http://", "https://")):
        raise SettingsError(f"{name} must start with http:// or https://.")
    return value.rstrip("/")


def _intervals(value: str | None, default: tuple[int, ...]) -> tuple[int, ...]:
    try:
        return retry_intervals(value) if value and value.strip() else default
    except ValueError as exc:
        raise SettingsError(str(exc)) from exc


def _dates(value: str) -> tuple[dt.date, ...]:
    try:
        return tuple(dt.date.fromisoformat(d.strip()) for d in value.split(",") if d.strip())
    except ValueError as exc:
        raise SettingsError("BANK_HOLIDAYS must be dates like 2026-12-25,2026-12-28") from exc


def _int(value: str, name: str) -> int:
    try:
        return int(value or 0)
    except ValueError as exc:
        raise SettingsError(f"{name} must be a whole number, not {value!r}.") from exc
