"""One table of languages (app.content.languages): the content found, the language menu's
keys, the voice's tag and the words a text names a language by all come from it."""

from __future__ import annotations

import shutil

import pytest

from app.content.languages import MENU_KEYS, Language, language_tag
from app.content.loader import languages
from app.content.model import ContentError
from app.voice.flow import FLOW, Do, Place
from tests.support.line import AUTH_TOKEN, BASE_URL, CONTENT
from tests.support.numbers import MOBILE
from tests.support.simulator import signed_post


@pytest.mark.parametrize("position,lang", list(enumerate(Language, start=1)), ids=str)
def test_each_language_of_the_table_is_chosen_by_its_number_on_the_language_menu(
    call, position, lang
):
    phone = call()
    phone.start()
    phone.press("#")
    chosen = phone.press(str(position))
    assert chosen.gather is not None and chosen.gather["language"] == lang.tag
    assert chosen.heard[-1] == "prompt:urgent"


def test_the_language_menu_has_a_key_for_every_language_and_no_key_means_two_things():
    menu = FLOW[Place.LANGUAGES]
    assert [k for k, do in menu.items() if do is Do.LANGUAGE] == list(MENU_KEYS)
    assert len(MENU_KEYS) == len(Language)


@pytest.mark.parametrize("lang", list(Language), ids=str)
def test_texting_a_languages_name_switches_to_it(client, lang):
    for name in lang.names:
        reply = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": MOBILE, "Body": name})
        assert reply.status_code == 200
        topics = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/sms", {"From": MOBILE, "Body": "4"})
        link = "?lang=" + lang if lang != "en" else "/articles/"
        assert link in topics.get_data(as_text=True)


def test_content_languages_come_in_the_tables_order(tmp_path):
    assert languages(CONTENT) == list(Language)
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    (folder / "prompts.cy.yaml").unlink()
    assert languages(folder) == [Language.EN, Language.PL]


def test_a_prompts_file_in_a_language_the_table_lacks_stops_the_line_by_name(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    shutil.copy(folder / "prompts.cy.yaml", folder / "prompts.fr.yaml")
    with pytest.raises(ContentError, match="prompts.fr.yaml"):
        languages(folder)


def test_a_language_not_in_the_table_keeps_its_own_code_as_its_tag():
    assert language_tag("cy") == "cy-GB" and language_tag("xx") == "xx"
