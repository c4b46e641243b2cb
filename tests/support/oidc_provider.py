"""A real OpenID Connect provider on loopback (oidc-provider-mock, from PyPI, in its own
process), and a person signing in at it as a browser would: the line's redirect followed,
the provider's form sent, its redirect back to the line's callback taken.

The provider signs its ID tokens with its own key and answers discovery, JWKS, the token
endpoint (each code once) and the end-session endpoint. It puts a person's claims into the
ID token as they are set, `exp` and `aud` too, so a provider-signed token that has expired
or names another client is made by setting those claims; a token signed with another key
(forged) is swapped into the token endpoint's real answer (`answering` with `forged`)."""

from __future__ import annotations

import base64
import contextlib
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import requests
import responses
from joserfc import jwt
from joserfc.jwk import RSAKey

from tests.support.live_server import free_port

CLIENT_ID = "nm-info-line"
CLIENT_SECRET = "a-client-secret-for-tests"


class Provider:
    """oidc-provider-mock listening on 127.0.0.1 on a free port, until `stop`."""

    def __init__(self) -> None:
        self.port = free_port()
        self.issuer = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1",
             "--port", str(self.port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.discovery}", timeout=1).status_code == 200:
                    return
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                raise RuntimeError("the OpenID provider did not start")
            time.sleep(0.05)

    @property
    def discovery(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(5)

    def person(self, sub: str, **claims: Any) -> str:
        """Set who `sub` is at the provider (their email, groups, amr...); returns `sub`."""
        answer = httpx.put(f"{self.issuer}/users/{sub}", json=claims, timeout=5)
        assert answer.status_code == 204, answer.text
        return sub

    def authorize(self, authorize_url: str, sub: str) -> str:
        """Sign `sub` in at the provider's page; the path and query it sends the browser back
        to (the line's callback, with the code and the state)."""
        assert authorize_url.startswith(f"{self.issuer}/"), authorize_url
        answer = httpx.post(authorize_url, data={"sub": sub}, timeout=5)
        assert answer.status_code == 302, answer.text
        back = urlsplit(answer.headers["location"])
        return f"{back.path}?{back.query}"

    def key_id(self) -> str:
        keys = httpx.get(f"{self.issuer}/jwks", timeout=5).json()["keys"]
        kid = keys[0]["kid"]
        assert isinstance(kid, str)
        return kid


def query(url: str) -> dict[str, str]:
    """A URL's query parameters, one value each."""
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def claims_of(id_token: str) -> dict[str, Any]:
    """An ID token's claims, read without checking it (to copy them into a forgery)."""
    payload = id_token.split(".")[1]
    found = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    assert isinstance(found, dict)
    return found


def forged(kid: str) -> Callable[[dict[str, Any]], None]:
    """The ID token re-signed with another key (under the provider's key id): the same
    claims, a signature the provider never made."""
    other_key = RSAKey.generate_key(2048)

    def change(body: dict[str, Any]) -> None:
        header = {"alg": "RS256", "kid": kid}
        body["id_token"] = jwt.encode(header, claims_of(body["id_token"]), other_key)

    return change


def without_id_token(body: dict[str, Any]) -> None:
    """An answer with an access token only (as OAuth without OpenID Connect gives)."""
    del body["id_token"]


@contextlib.contextmanager
def answering(provider: Provider, change: Callable[[dict[str, Any]], None]) -> Iterator[None]:
    """The provider's token endpoint answers as usual, then `change` alters its answer."""
    token_url = f"{provider.issuer}/oauth2/token"

    def swap(request: requests.PreparedRequest) -> tuple[int, dict[str, str], str]:
        real = httpx.post(token_url, content=request.body, headers=dict(request.headers), timeout=5)
        body = real.json()
        change(body)
        return real.status_code, {"Content-Type": "application/json"}, json.dumps(body)

    with responses.RequestsMock(assert_all_requests_are_fired=True) as mocked:
        mocked.add_passthru(provider.issuer)
        mocked.add_callback(responses.POST, token_url, callback=swap)
        yield
