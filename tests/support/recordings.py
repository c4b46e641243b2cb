"""The recording page as a browser uses it: its CSRF token, the upload form, the takes it
lists and each take's review form (the hidden fields the page put there)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from flask.testing import FlaskClient
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import TestResponse, encode_multipart

WELCOME = "/admin/recordings/en/prompt:welcome"


def token(client: FlaskClient, url: str = WELCOME) -> str:
    found = re.search(
        r'name="csrf-token" content="([^"]+)"', client.get(url).get_data(as_text=True)
    )
    assert found
    return found.group(1)


def upload(
    client: FlaskClient, data: bytes, name: str = "welcome.wav", url: str = WELCOME
) -> TestResponse:
    """The upload form posted as a browser posts it (the body made here, in memory)."""
    fields = MultiDict([("csrf_token", token(client, url)), ("action", "upload"),
                        ("recording", FileStorage(io.BytesIO(data), name))])  # fmt: skip
    boundary, body = encode_multipart(fields)
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def takes(client: FlaskClient, url: str = WELCOME) -> list[str]:
    """The ids of the takes the page lists, newest first."""
    return re.findall(r'<tr data-take="(\d+)">', client.get(url).get_data(as_text=True))


class _Forms(HTMLParser):
    """Each take's review form: its hidden fields, by the take it is for."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: dict[str, dict[str, str]] = {}
        self._fields: dict[str, str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag == "form" and "enctype" not in named:
            self._fields = {}
        elif tag == "input" and self._fields is not None and named.get("type") == "hidden":
            self._fields[named.get("name", "")] = named.get("value", "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._fields is not None:
            if "take" in self._fields:
                self.forms[self._fields["take"]] = self._fields
            self._fields = None


def review_forms(client: FlaskClient, url: str = WELCOME) -> dict[str, dict[str, str]]:
    """The page's review forms as this person sees them now, by take id."""
    parser = _Forms()
    parser.feed(client.get(url).get_data(as_text=True))
    return parser.forms


def post_review(
    client: FlaskClient, form: dict[str, str], action: str = "approve", url: str = WELCOME
) -> TestResponse:
    """A review form sent as the page made it, with the button pressed."""
    return client.post(url, data={**form, "action": action})


def approve(client: FlaskClient, take: str, url: str = WELCOME) -> TestResponse:
    """Approve `take` from the page as it is now (without a form there, as one would forge)."""
    form = review_forms(client, url).get(take) or {"csrf_token": token(client, url), "take": take}
    return post_review(client, form, "approve", url)
