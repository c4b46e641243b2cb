"""The text suite's line texts through Twilio's stand-in, or Notify's with
`SMS_PROVIDER=notify` in the environment (`SMS_PROVIDER=notify bin/test tests/texts`): the
same tests, so what the line promises about texts is checked on both."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from app.sms_values import Provider
from tests.support.sms_api import SmsApi, chosen


@pytest.fixture
def provider() -> Provider:
    return chosen()


@pytest.fixture
def sms_api(provider: Provider) -> Iterator[SmsApi]:
    api = SmsApi.start(provider)
    yield api
    api.stop()


@pytest.fixture
def config(
    config: dict[str, str], sms_api: SmsApi, monkeypatch: pytest.MonkeyPatch
) -> dict[str, str]:
    """The line's settings, texting through the chosen service. Also in this process's
    environment: jobs read their settings from it, as a worker's do (tests/support/texts.py
    runs Notify's replies' jobs here)."""
    settings = {**config, **sms_api.settings}
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return settings


@pytest.fixture
def texting(config: dict[str, str]) -> dict[str, str]:
    """The line's settings, with retries at once."""
    return {**config, "SMS_RETRY_INTERVALS": "0,0"}
