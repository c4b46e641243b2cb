"""Settings, read once from the environment and validated at start-up."""

from __future__ import annotations

import datetime as dt
import functools
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from app import settings_values as values
from app import sms_values
from app.core.hours import Hours, HoursError
from app.settings_sso import SingleSignOn, single_sign_on
from app.settings_values import DEFAULT_COMMENT_DAYS, DEFAULT_RETENTION_DAYS, SettingsError

ENGINES = ("gtts", "espeak")
# Seconds between retries: renders (network errors, throttling by the TTS service) and
# texts (network errors, Twilio's 5xx), each gap longer than the one before.
AUDIO_RETRY_INTERVALS = (10, 60, 300, 900)
SMS_RETRY_INTERVALS = (10, 30, 120, 600)
_REQUIRED_SECRETS = ("TWILIO_AUTH_TOKEN", "SECRET_KEY")


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
    environment: str = "production"
    trusted_proxies: int = 0
    session_max_hours: int = 12  # an admin sign-in lasts this long at most (app.accounts.sessions)
    reload_seconds: float = 2.0
    gtts_pace_seconds: float = 1.0
    audio_retry_intervals: tuple[int, ...] = AUDIO_RETRY_INTERVALS
    twilio_messaging_service_sid: str = ""
    department_phone: str = ""
    department_hours: str = ""
    bank_holidays: tuple[dt.date, ...] = ()
    text_countries: tuple[str, ...] = ("GB",)
    texts_per_number_daily: int = 5
    texts_daily: int = 1000
    text_replies_per_number_daily: int = 10  # replies to texts (app.texts.replies)
    text_replies_daily: int = 500
    sms_retry_intervals: tuple[int, ...] = SMS_RETRY_INTERVALS
    # Which service sends texts (app.sms_values); GOV.UK Notify's key, its API's address
    # (tests: a stand-in), its templates (kind[:lang] -> id) and its callbacks' bearer token.
    sms_provider: sms_values.Provider = sms_values.Provider.TWILIO
    notify_api_key: Secret = field(default=Secret(""), repr=False)
    notify_base_url: str = ""
    notify_templates: tuple[tuple[str, str], ...] = ()
    notify_callback_token: Secret = field(default=Secret(""), repr=False)
    metrics_token: Secret = field(default=Secret(""), repr=False)
    stats_flush_seconds: int = 1
    audio_base_url: str = ""
    # Unset: a SQLite file in data_dir (app.db.engine.database_url). Kept out of repr: a
    # PostgreSQL URL may carry a password.
    database_url: str = field(default="", repr=False)
    data_dir: Path = Path("data")
    audit_retention_days: int = DEFAULT_RETENTION_DAYS
    feedback_retention_days: int = DEFAULT_COMMENT_DAYS  # patients' comments (app.feedback.prune)
    # Call-back requests (app.callbacks): how many the line takes a day (0: none offered), and
    # how long one is kept after the desk marks it.
    callbacks_daily: int = 40
    callback_retention_days: int = 14
    # ADMIN_PASSWORD or ADMIN_PASSWORD_HASH is still set: they open nothing any more, and
    # start-up says how to make the first account instead.
    old_admin_password_set: bool = False
    # The daily review summary (app.editor.reminders): optional, by email and/or webhook.
    reminders_email: str = ""
    reminders_webhook_url: str = ""
    smtp_host: str = ""
    smtp_port: int = 587
    smtp_user: str = ""
    smtp_password: Secret = field(default=Secret(""), repr=False)
    smtp_from: str = ""
    smtp_starttls: bool = True
    smtp_ssl: bool = False  # SMTPS: TLS from the start (port 465), instead of STARTTLS
    smtp_ca_file: str = ""  # the mail server's certificate authorities (PEM); blank: the system's
    # Signing in to the admin through an OpenID Connect provider (app.settings_sso).
    sign_on: SingleSignOn = field(default_factory=SingleSignOn)

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
        the setting named, rather than breaking one menu for every caller later.
        A setting left unset takes the field's default above (`cls.x`): each written once."""
        env = {k: v.strip() for k, v in environ.items() if isinstance(v, str)}
        environment = env.get("APP_ENV", "").lower() or cls.environment
        development = environment == "development"
        missing = [name for name in _REQUIRED_SECRETS if not env.get(name)]
        if missing and not development:
            raise SettingsError(
                "Missing required setting(s): "
                + ", ".join(missing)
                + ". Set them in the environment (see .env.example)."
            )
        engine = env.get("TTS_ENGINE", "").lower() or cls.tts_engine
        if engine not in ENGINES:
            raise SettingsError(f"TTS_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}.")
        base_url = env.get("PUBLIC_BASE_URL", "").rstrip("/")
        if not base_url:
            if not development:
                raise SettingsError(
                    "PUBLIC_BASE_URL is required: Twilio signs requests against the public URL."
                )
            base_url = "http://127.0.0.1:5000"
        values.url(base_url, "PUBLIC_BASE_URL")
        if not development:
            values.outside_development(env.get("SECRET_KEY", ""), base_url)
        settings = cls(
            public_base_url=base_url,
            # Development only: a random per-process value, never a fixed fallback.
            twilio_auth_token=Secret(env.get("TWILIO_AUTH_TOKEN") or secrets.token_hex(16)),
            secret_key=Secret(env.get("SECRET_KEY") or secrets.token_hex(32)),
            twilio_account_sid=values.matching(
                env, "TWILIO_ACCOUNT_SID", values.ACCOUNT_SID, "AC + 32 hex"
            ),
            twilio_phone_number=values.phone(env, "TWILIO_PHONE_NUMBER"),
            twilio_api_base_url=values.url(
                env.get("TWILIO_API_BASE_URL", ""), "TWILIO_API_BASE_URL"
            ),
            redis_url=values.redis_url(env.get("REDIS_URL") or cls.redis_url),
            content_dir=Path(env.get("CONTENT_DIR") or cls.content_dir),
            audio_dir=Path(env.get("AUDIO_DIR") or cls.audio_dir),
            tts_engine=engine,
            environment=environment,
            trusted_proxies=values.whole(env, "TRUSTED_PROXIES", cls.trusted_proxies),
            session_max_hours=values.session_hours(env, cls.session_max_hours),
            reload_seconds=values.seconds(env, "RELOAD_SECONDS", cls.reload_seconds),
            audio_retry_intervals=values.intervals(
                env, "AUDIO_RETRY_INTERVALS", cls.audio_retry_intervals
            ),
            twilio_messaging_service_sid=values.matching(
                env, "TWILIO_MESSAGING_SERVICE_SID", values.SERVICE_SID, "MG + 32 hex"
            ),
            department_phone=values.phone(env, "DEPARTMENT_PHONE"),
            department_hours=env.get("DEPARTMENT_HOURS", ""),
            bank_holidays=values.dates(env.get("BANK_HOLIDAYS", "")),
            text_countries=values.countries(env.get("TEXT_COUNTRIES", ""), cls.text_countries),
            texts_per_number_daily=values.whole(
                env, "TEXTS_PER_NUMBER_DAILY", cls.texts_per_number_daily
            ),
            texts_daily=values.whole(env, "TEXTS_DAILY", cls.texts_daily),
            text_replies_per_number_daily=values.whole(
                env, "TEXT_REPLIES_PER_NUMBER_DAILY", cls.text_replies_per_number_daily
            ),
            text_replies_daily=values.whole(env, "TEXT_REPLIES_DAILY", cls.text_replies_daily),
            sms_retry_intervals=values.intervals(
                env, "SMS_RETRY_INTERVALS", cls.sms_retry_intervals
            ),
            sms_provider=sms_values.provider(env),
            notify_api_key=Secret(env.get("NOTIFY_API_KEY", "")),
            notify_base_url=values.url(env.get("NOTIFY_BASE_URL", ""), "NOTIFY_BASE_URL"),
            notify_templates=sms_values.templates(env),
            notify_callback_token=Secret(env.get("NOTIFY_CALLBACK_TOKEN", "")),
            metrics_token=Secret(env.get("METRICS_TOKEN", "")),
            stats_flush_seconds=values.whole(env, "STATS_FLUSH_SECONDS", cls.stats_flush_seconds),
            audio_base_url=values.url(env.get("AUDIO_BASE_URL", ""), "AUDIO_BASE_URL"),
            gtts_pace_seconds=values.seconds(env, "GTTS_PACE_SECONDS", cls.gtts_pace_seconds),
            database_url=values.database(env.get("DATABASE_URL", "")),
            data_dir=Path(env.get("DATA_DIR") or cls.data_dir),
            audit_retention_days=values.retention(
                env, "AUDIT_RETENTION_DAYS", cls.audit_retention_days
            ),
            feedback_retention_days=values.retention(
                env, "FEEDBACK_RETENTION_DAYS", cls.feedback_retention_days
            ),
            callbacks_daily=values.whole(env, "CALLBACKS_DAILY", cls.callbacks_daily),
            callback_retention_days=values.retention(
                env, "CALLBACK_RETENTION_DAYS", cls.callback_retention_days
            ),
            old_admin_password_set=bool(
                env.get("ADMIN_PASSWORD") or env.get("ADMIN_PASSWORD_HASH")
            ),
            reminders_email=values.email(env, "REMINDERS_EMAIL"),
            reminders_webhook_url=values.url(
                env.get("REMINDERS_WEBHOOK_URL", ""), "REMINDERS_WEBHOOK_URL"
            ),
            smtp_host=values.mail_server(env),
            smtp_port=values.whole(env, "SMTP_PORT", cls.smtp_port),
            smtp_user=env.get("SMTP_USER", ""),
            smtp_password=Secret(env.get("SMTP_PASSWORD", "")),
            smtp_from=values.email(env, "SMTP_FROM"),
            smtp_starttls=values.yes_no(env, "SMTP_STARTTLS", cls.smtp_starttls),
            smtp_ssl=values.mail_tls(env),
            smtp_ca_file=values.ca_file(env, "SMTP_CA_FILE"),
            sign_on=single_sign_on(env),
        )
        sms_values.ready(
            settings.sms_provider,
            settings.notify_api_key.value,
            settings.notify_templates,
            settings.notify_callback_token.value,
        )
        try:
            settings.hours  # noqa: B018 - read once now, so a typo stops start-up
        except HoursError as exc:
            raise SettingsError(f"DEPARTMENT_HOURS: {exc}") from exc
        return settings
