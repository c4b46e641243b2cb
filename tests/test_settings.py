from __future__ import annotations

import pytest

from app import create_app
from app.settings import Settings, SettingsError

GOOD = {
    "PUBLIC_BASE_URL": "https://line.example.org/",
    "TWILIO_AUTH_TOKEN": "token-value",
    "SECRET_KEY": "secret-value",
}


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
    assert "token-value" not in shown and "secret-value" not in shown
    assert settings.twilio_auth_token.value == "token-value"
    assert settings.public_base_url == "https://line.example.org"


@pytest.mark.parametrize(
    "name,value",
    [
        ("TTS_ENGINE", "festival"),
        ("PUBLIC_BASE_URL", "line.example.org"),
        ("TRUSTED_PROXIES", "two"),
        ("AUDIO_BASE_URL", "audio.example.org/line"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({**GOOD, name: value})


def test_defaults_follow_the_contract():
    settings = Settings.from_env(GOOD)
    assert settings.tts_engine == "gtts"
    assert str(settings.content_dir) == "content" and str(settings.audio_dir) == "audio"
