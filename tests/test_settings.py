from __future__ import annotations

import pytest

from app import create_app
from app.settings import Settings, SettingsError
from tests.support.line import CONTENT, GOOD, ROOT


@pytest.mark.parametrize("missing", ["TWILIO_AUTH_TOKEN", "SECRET_KEY", "PUBLIC_BASE_URL"])
def test_start_up_stops_with_a_clear_message_when_a_required_setting_is_missing(missing):
    env = {k: v for k, v in GOOD.items() if k != missing}
    with pytest.raises(SettingsError, match=missing):
        create_app(env)


def test_development_starts_without_secrets_but_never_with_a_fixed_one():
    one = Settings.from_env({"APP_ENV": "development"})
    two = Settings.from_env({"APP_ENV": "development"})
    assert one.secret_key.value and one.secret_key.value != two.secret_key.value


def test_secrets_never_show_when_printed():
    settings = Settings.from_env(GOOD)
    shown = f"{settings!r} {settings.twilio_auth_token} {settings.secret_key!r}"
    assert "token-value" not in shown and "secret-value" not in shown and "0" * 20 not in shown
    assert settings.twilio_auth_token.value == "token-value"
    assert settings.public_base_url == "https://line.example.org"


@pytest.mark.parametrize(
    "name,value",
    [
        ("TTS_ENGINE", "festival"),
        ("PUBLIC_BASE_URL", "line.example.org"),
        ("TRUSTED_PROXIES", "two"),
        ("AUDIO_BASE_URL", "audio.example.org/line"),
        ("DEPARTMENT_HOURS", "weekdays 9 to 5"),
        ("DEPARTMENT_HOURS", "Mon-Fri 09:00-17:00; Sun 9-12"),
        ("DEPARTMENT_PHONE", "0113 496"),
        ("BANK_HOLIDAYS", "25/12/2026"),
        ("TEXT_COUNTRIES", "GB,UK"),
        ("TEXTS_DAILY", "-5"),
        ("TEXTS_PER_NUMBER_DAILY", "five"),
        ("STATS_FLUSH_SECONDS", "-1"),
        ("TRUSTED_PROXIES", "-1"),
        ("GTTS_PACE_SECONDS", "soon"),
        ("RELOAD_SECONDS", "nan"),
        ("SMS_RETRY_INTERVALS", "10,30,later"),
        ("SMS_RETRY_INTERVALS", "10,-30"),
        ("AUDIO_RETRY_INTERVALS", "ten"),
        ("REDIS_URL", "127.0.0.1:6379"),
        ("TWILIO_ACCOUNT_SID", "ACnot-a-sid"),
        ("TWILIO_MESSAGING_SERVICE_SID", "service"),
        ("TWILIO_PHONE_NUMBER", "line"),
        ("TWILIO_API_BASE_URL", "localhost:4010"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**GOOD, name: value})


@pytest.mark.parametrize("name", ["SMS_RETRY_INTERVALS", "AUDIO_RETRY_INTERVALS"])
def test_a_bad_retry_setting_is_reported_under_its_own_name_only(name):
    other = ({"SMS_RETRY_INTERVALS", "AUDIO_RETRY_INTERVALS"} - {name}).pop()
    with pytest.raises(SettingsError) as refused:
        Settings.from_env({**GOOD, name: "soon"})
    assert name in str(refused.value) and other not in str(refused.value)


@pytest.mark.parametrize(
    "name,default",
    [("TEXTS_DAILY", 1000), ("TEXTS_PER_NUMBER_DAILY", 5), ("STATS_FLUSH_SECONDS", 1)],
)
def test_a_blank_number_means_its_default_never_zero(name, default):
    settings = Settings.from_env({**GOOD, name: ""})
    assert getattr(settings, name.lower()) == default


def test_opening_hours_are_read_once_at_start_up():
    settings = Settings.from_env({**GOOD, "DEPARTMENT_HOURS": "Mon-Fri 09:00-17:00"})
    assert settings.hours is settings.hours and settings.hours.periods


def test_defaults_follow_the_contract():
    settings = Settings.from_env(GOOD)
    assert settings.tts_engine == "gtts"
    assert str(settings.content_dir) == "content" and str(settings.audio_dir) == "audio"


@pytest.mark.parametrize(
    "name,value",
    [
        ("DATABASE_URL", "mysql://line@db/line"),
        ("DATABASE_URL", "sqlite:///:memory:"),
        ("DATABASE_URL", "not a url at all"),
        ("AUDIT_RETENTION_DAYS", "0"),
        ("AUDIT_RETENTION_DAYS", "two years"),
        ("FEEDBACK_RETENTION_DAYS", "0"),
    ],
)
def test_a_database_setting_that_cannot_work_stops_start_up_naming_it(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**GOOD, name: value})


def test_the_database_defaults_to_a_sqlite_file_in_the_data_folder(tmp_path, monkeypatch):
    from app.db.session import database

    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env(GOOD)
    assert (settings.database_url, str(settings.data_dir)) == ("", "data")
    assert settings.audit_retention_days == 730
    app = create_app(
        {**GOOD, "DATA_DIR": str(tmp_path / "here" / "data"), "CONTENT_DIR": str(CONTENT)}
    )
    assert database(app).engine.url.database == str(tmp_path / "here" / "data" / "line.sqlite3")
    assert (tmp_path / "here" / "data").is_dir()
    assert app.config["AUDIT_RETENTION_DAYS"] == 730


def test_a_database_password_never_shows_when_the_settings_are_printed():
    settings = Settings.from_env({**GOOD, "DATABASE_URL": "postgres://line:hunter22@db/line"})
    assert settings.database_url == "postgresql+psycopg://line:hunter22@db/line"
    assert "hunter22" not in repr(settings)


def test_the_old_admin_password_settings_are_gone_but_noticed():
    assert not hasattr(Settings, "admin_password") and not hasattr(Settings, "admin_password_hash")
    assert Settings.from_env({**GOOD, "ADMIN_PASSWORD_HASH": "scrypt:..."}).old_admin_password_set
    assert not Settings.from_env(GOOD).old_admin_password_set


@pytest.mark.parametrize("key", ["x", "test-secret-key", "a" * 31, "\u00e9" * 15 + "a"])
def test_outside_development_a_short_secret_key_stops_start_up(key):
    with pytest.raises(SettingsError, match="SECRET_KEY"):
        create_app({**GOOD, "SECRET_KEY": key})
    assert Settings.from_env({**GOOD, "SECRET_KEY": key, "APP_ENV": "development"})


def test_a_secret_key_of_32_bytes_is_long_enough():
    assert Settings.from_env({**GOOD, "SECRET_KEY": "\u00e9" * 16}).secret_key.value


@pytest.mark.parametrize(
    "url",
    ["http://line.example.org", "http://10.0.0.5:8000", "http://127.0.0.1.evil.example",
     "http://localhost.evil.example", "http://0.0.0.0:8000", "ftp://line.example.org"],
)  # fmt: skip
def test_outside_development_a_public_address_must_be_https(url):
    with pytest.raises(SettingsError, match="PUBLIC_BASE_URL"):
        create_app({**GOOD, "PUBLIC_BASE_URL": url})
    if url.startswith("http://"):
        assert Settings.from_env({**GOOD, "PUBLIC_BASE_URL": url, "APP_ENV": "development"})


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8000", "http://localhost:5000", "http://[::1]:8000",
            "http://127.0.0.2", "https://line.example.org"]
)  # fmt: skip
def test_an_address_on_this_machine_may_use_http_for_local_runs_and_tests(url):
    assert Settings.from_env({**GOOD, "PUBLIC_BASE_URL": url}).public_base_url == url


def test_the_example_settings_start_once_filled_in():
    """.env.example, as its comments say to use it: fill in the secrets and the account."""
    lines = (ROOT / ".env.example").read_text().splitlines()
    pairs = [line.split("=", 1) for line in lines if "=" in line and not line.startswith("#")]
    env = {name: value.strip().strip('"') for name, value in pairs}
    assert env["SECRET_KEY"] == "" and env["APP_ENV"] == "production"
    assert env["TWILIO_ACCOUNT_SID"] == "AC" + "x" * 32  # a placeholder
    env.update(
        SECRET_KEY="f" * 64, TWILIO_AUTH_TOKEN="token-value", TWILIO_ACCOUNT_SID="AC" + "0" * 32
    )
    assert Settings.from_env(env).public_base_url == "https://line.example.org"
