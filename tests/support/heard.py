"""What a caller would notice of the audio: every item the line says now, which changed,
and what the very next request for a topic's title or part plays (<Play>, its file there to
fetch) or speaks (<Say>). Signed as Twilio signs, schema-checked."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from flask import Flask
from flask.testing import FlaskClient

from app.audio.items import Item
from app.audio.names import file_name, item_digest
from app.content.item_keys import ItemKey, ItemKind
from app.content.languages import DEFAULT_LANGUAGE
from app.services import services
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.simulator import signed_post, voice_schema

CALL = {"CallSid": "CA" + "7" * 32, "AccountSid": "AC" + "0" * 32, "From": MOBILE,
        "To": "+441234567890", "CallStatus": "in-progress", "Direction": "inbound"}  # fmt: skip


def spoken(app: Flask) -> dict[str, Item]:
    """Every item the line says now, by id."""
    return dict(services(app).speaker.items())


def changed(before: dict[str, Item], after: dict[str, Item]) -> list[Item]:
    """The items whose words are new or different."""
    return [i for k, i in after.items() if k not in before or before[k].text != i.text]


def route(item: Item) -> str | None:
    """The webhook whose answer starts with this item: a topic's first part comes with its
    title, every other part on its own."""
    key = ItemKey.parse(item.key)
    if key.kind is ItemKind.INTRO:
        path = f"/voice/article/{key.name}"
    elif key.kind is ItemKind.ARTICLE and key.part is not None:
        path = f"/voice/article/{key.name}/part/{key.part}"
    else:
        return None
    query = [f"lang={item.lang}"] if item.lang != DEFAULT_LANGUAGE else []
    query += ["slow=1"] if item.slow else []
    return path + ("?" + "&".join(query) if query else "")


def answer(client: FlaskClient, item: Item) -> tuple[list[str], list[str]]:
    """What a caller's next request for `item` plays (URLs) and says (<Say> words)."""
    path = route(item)
    assert path is not None, item.id
    response = signed_post(client, AUTH_TOKEN, BASE_URL + path, CALL)
    assert response.status_code == 200, response.status_code
    body = response.get_data(as_text=True)
    voice_schema().validate(body)
    root = ET.fromstring(body)
    plays = [(e.text or "").strip() for e in root.iter("Play")]
    return plays, [e.text or "" for e in root.iter("Say")]


def assert_played_at_once(app: Flask, client: FlaskClient, items: list[Item]) -> None:
    """Each topic title and part among `items` is played by the very next request for it,
    its file there to fetch; every other item is played too."""
    asked = 0
    for item in items:
        if route(item) is None:
            assert services(app).speaker.say(item.key, item.lang, item.slow).url, item.id
            continue
        plays, says = answer(client, item)
        name = file_name(item_digest(item, services(app).settings.tts_engine))
        assert f"{BASE_URL}/audio/{name}" in plays, f"{item.id} was spoken with <Say>"
        assert not any(item.text in s for s in says), item.id
        with client.get(f"/audio/{name}") as audio:
            assert audio.status_code == 200 and audio.mimetype == "audio/mpeg"
        asked += 1
    assert asked, "no title or part changed: nothing was asked"
