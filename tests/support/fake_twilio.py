"""A local HTTP server that answers like Twilio's Messages API (2010-04-01).

The real twilio client, with `client.api.base_url` pointed here, sends its requests to it.
It records each accepted message; `fail_next` makes the next requests fail as Twilio would.
"""

from __future__ import annotations

import base64
import itertools
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from tests.support.loopback import JsonHandler, Loopback

MESSAGES = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-f]{32})/Messages\.json$")
_SIDS = itertools.count(1)


@dataclass
class FakeTwilio(Loopback):
    account_sid: str
    auth_token: str
    messages: list[dict[str, str]] = field(default_factory=list)
    requests: int = 0
    _failures: list[tuple[int, int]] = field(default_factory=list)

    def start(self) -> FakeTwilio:
        fake = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:
                fake.requests += 1
                length = int(self.headers.get("Content-Length", 0))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                expected = base64.b64encode(f"{fake.account_sid}:{fake.auth_token}".encode())
                match = MESSAGES.match(self.path)
                if self.headers.get("Authorization") != f"Basic {expected.decode()}":
                    return self._send(
                        401, {"code": 20003, "message": "Authenticate", "status": 401}
                    )
                if not match or match.group(1) != fake.account_sid:
                    return self._send(404, {"code": 20404, "message": "Not found", "status": 404})
                if fake._failures:
                    status, code = fake._failures.pop(0)
                    return self._send(
                        status, {"code": code, "message": "refused", "status": status}
                    )
                if (
                    "To" not in form
                    or "Body" not in form
                    or not ("From" in form or "MessagingServiceSid" in form)
                ):
                    return self._send(400, {"code": 21604, "message": "missing", "status": 400})
                fake.messages.append(form)
                sid = f"SM{next(_SIDS):032x}"
                self._send(201, {
                    "sid": sid, "account_sid": fake.account_sid, "to": form["To"],
                    "from": form.get("From"), "body": form["Body"], "status": "queued",
                    "messaging_service_sid": form.get("MessagingServiceSid"),
                    "num_segments": "1", "direction": "outbound-api", "api_version": "2010-04-01",
                    "uri": f"/2010-04-01/Accounts/{fake.account_sid}/Messages/{sid}.json",
                })  # fmt: skip

        self.serve(Handler)
        return self

    def fail_next(self, status: int, code: int, times: int = 1) -> None:
        self._failures += [(status, code)] * times
