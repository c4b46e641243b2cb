"""The service a test's line texts through: Twilio's stand-in or Notify's, as the text tests
see either. `SMS_PROVIDER=notify` in the test run's environment switches the text suite
(tests/texts/conftest.py) to Notify; unset, it is Twilio."""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

from app.sms_values import PERSONALISATION, Provider, TextKind
from tests.support.fake_notify import FakeNotify
from tests.support.fake_twilio import FakeTwilio
from tests.support.line import AUTH_TOKEN

TWILIO_SID = "AC" + "0" * 32
# One template for each kind of text, and Welsh links their own: each just ((body)).
TEMPLATES = {f"{kind}": str(uuid.uuid5(uuid.NAMESPACE_URL, f"nmline:{kind}")) for kind in TextKind}
TEMPLATES["link:cy"] = str(uuid.uuid5(uuid.NAMESPACE_URL, "nmline:link:cy"))
# Notify's running stand-ins by address, so a helper with only the line's settings finds it.
RUNNING: dict[str, FakeNotify] = {}


def chosen() -> Provider:
    """The provider this test run's text suite uses."""
    return Provider(os.environ.get("SMS_PROVIDER", "") or Provider.TWILIO)


@dataclass
class SmsApi:
    provider: Provider
    twilio: FakeTwilio
    notify: FakeNotify

    @classmethod
    def start(cls, provider: Provider) -> SmsApi:
        content = f"(({PERSONALISATION}))"
        notify = FakeNotify({t: content for t in TEMPLATES.values()}).start()
        RUNNING[notify.url] = notify
        return cls(provider, FakeTwilio(TWILIO_SID, AUTH_TOKEN).start(), notify)

    def stop(self) -> None:
        RUNNING.pop(self.notify.url, None)
        self.twilio.stop()
        self.notify.stop()

    @property
    def settings(self) -> dict[str, str]:
        """What the line's settings say about texting through it."""
        both = {"SMS_PROVIDER": str(self.provider), "TWILIO_API_BASE_URL": self.twilio.url}
        if self.provider == Provider.TWILIO:
            return both
        return {
            **both,
            "NOTIFY_API_KEY": self.notify.api_key,
            "NOTIFY_BASE_URL": self.notify.url,
            "NOTIFY_TEMPLATES": ",".join(f"{k}={v}" for k, v in TEMPLATES.items()),
            "NOTIFY_CALLBACK_TOKEN": self.notify.callback_token,
        }

    @property
    def sent(self) -> list[tuple[str, str]]:
        """Each text the service took: (to, words)."""
        if self.provider == Provider.TWILIO:
            return [(m["To"], m["Body"]) for m in self.twilio.messages]
        return [(m["phone_number"], m["body"]) for m in self.notify.messages]

    @property
    def requests(self) -> int:
        return self.twilio.requests if self.provider == Provider.TWILIO else self.notify.requests

    def fail_next(self, times: int = 1) -> None:
        """The next requests fail on the service's side (Twilio 503, Notify 500)."""
        if self.provider == Provider.TWILIO:
            self.twilio.fail_next(503, 20500, times)
        else:
            self.notify.fail_next(500, times)

    def refuse_next(self, times: int = 1) -> str:
        """The next requests are refused (Twilio 400 21610, Notify 400 ValidationError);
        what the job keeps as the reason."""
        if self.provider == Provider.TWILIO:
            self.twilio.fail_next(400, 21610, times)
            return "HTTP 400, error 21610"
        self.notify.refuse_next(times)
        return "HTTP 400 ValidationError"
