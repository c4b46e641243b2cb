"""Audio files as a phone network or a browser fetches them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app import create_app
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.simulator import signed_post


def some_file(audio_dir: Path) -> str:
    manifest = json.loads((audio_dir / "manifest.json").read_text())
    return manifest["items"]["en/normal/menu:main"]["file"]


def test_audio_is_served_as_mpeg_and_cached_for_good(client, audio_dir):
    name = some_file(audio_dir)
    response = client.get(f"/audio/{name}", buffered=True)
    assert response.status_code == 200
    assert response.mimetype == "audio/mpeg"
    assert response.data == (audio_dir / name).read_bytes()
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["ETag"]


def test_a_repeat_fetch_with_the_etag_gets_304_and_no_body(client, audio_dir):
    name = some_file(audio_dir)
    etag = client.get(f"/audio/{name}", buffered=True).headers["ETag"]
    again = client.get(f"/audio/{name}", buffered=True, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.data == b""


def test_a_range_request_gets_206_with_just_those_bytes(client, audio_dir):
    name = some_file(audio_dir)
    whole = (audio_dir / name).read_bytes()
    response = client.get(f"/audio/{name}", buffered=True, headers={"Range": "bytes=100-199"})
    assert response.status_code == 206
    assert response.data == whole[100:200]
    assert response.headers["Content-Range"] == f"bytes 100-199/{len(whole)}"


@pytest.mark.parametrize(
    "path",
    [
        "/audio/../pyproject.toml",
        "/audio/%2e%2e%2fpyproject.toml",
        "/audio/..%2F..%2Fetc%2Fpasswd",
        "/audio/manifest.json",
        "/audio/.manifest.lock",
        "/audio/" + "0" * 24 + ".mp3",
        "/audio/ABC.mp3",
    ],
)
def test_nothing_outside_the_generated_audio_can_be_fetched(client, path):
    assert client.get(path, buffered=True).status_code == 404


def test_calls_can_fetch_audio_from_shared_storage_instead(config):
    """Several web instances behind one bucket or CDN: <Play> points there, same file names."""
    app = create_app({**config, "AUDIO_BASE_URL": "https://audio.example.org/line/"})
    answer = signed_post(app.test_client(), AUTH_TOKEN, f"{BASE_URL}/voice", {"CallSid": "CA1"})
    plays = [p.text for p in ET.fromstring(answer.data).iter("Play")]
    names = {e["file"] for e in json.loads((Path(config["AUDIO_DIR"]) / "manifest.json")
             .read_text())["items"].values()}  # fmt: skip
    assert plays and all(p.startswith("https://audio.example.org/line/") for p in plays)
    assert {p.rsplit("/", 1)[1] for p in plays} <= names
