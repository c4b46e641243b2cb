"""A caller's journey through the line, driven the way Twilio drives it."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.audio.encode import synthesise
from app.audio.engines import Espeak
from app.audio.items import spoken_items
from app.audio.levels import mp3_duration
from app.content.keys import KEYPAD
from app.content.model import MAIN_MENU, Library
from app.content.spoken import menu_text
from app.queues import SMS
from app.voice.flow import Do, Place, action
from tests.support.edits import edit
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.numbers import MOBILE
from tests.support.phone import OPTIONS, key_path, menu_path, parts_of, to_end, word_path
from tests.support.queues import waiting
from tests.support.shipped import libraries, library, longest, main_heard, menu_heard
from tests.support.simulator import signed_post


def test_call_is_greeted_then_hears_the_main_menu_waiting_for_keys_or_speech(call):
    turn = call().start()
    assert turn.heard == ["prompt:welcome", *main_heard(), "prompt:urgent"]
    assert turn.gather is not None
    assert turn.gather["input"] == "dtmf speech"
    assert turn.gather["language"] == "en-GB"
    assert int(turn.gather["timeout"]) >= 8
    for article in library().articles.values():
        if article.menu == MAIN_MENU:
            assert article.keywords[0] in turn.gather["hints"]


def test_every_spoken_item_plays_real_audio_when_rendered(call):
    turn = call().start()
    assert len(turn.played) == 3  # the greeting, the main menu and where urgent help is
    # Only the offers of Welsh and Polish, which have no recordings in the tests, are spoken.
    offers = {lib.prompt("language_offer") for lang, lib in libraries().items() if lang != "en"}
    assert set(turn.said) == offers


@pytest.mark.shipped("article_id", "articles")
def test_every_topic_is_reached_by_its_keys(call, article_id):
    phone = call()
    phone.start()
    for key in key_path(library(), article_id):
        turn = phone.press(key)
    assert turn.heard == [f"intro:{article_id}", f"article:{article_id}:1"]
    heard, turn = to_end(phone, turn)
    assert heard == [f"intro:{article_id}", *parts_of(article_id), *OPTIONS]
    assert turn.said == []


@pytest.mark.shipped("article_id", "articles")
def test_every_topic_is_reached_by_saying_its_name(call, article_id):
    phone = call()
    phone.start()
    for words in word_path(library(), article_id):
        turn = phone.say(f"um, {words} please")
    assert turn.heard == [f"intro:{article_id}", f"article:{article_id}:1"]


@pytest.mark.parametrize(
    "said,article_id", [("results", "your-results"), ("the scan", "going-for-a-scan")]
)
def test_saying_results_or_scan_reaches_that_topic(call, said, article_id):
    phone = call()
    phone.start()
    assert phone.say(said).heard[:2] == [f"intro:{article_id}", f"article:{article_id}:1"]


@pytest.mark.shipped("article_id", "articles")
def test_after_an_article_seven_plays_it_again(call, article_id):
    phone = call()
    phone.start()
    for key in key_path(library(), article_id):
        turn = phone.press(key)
    to_end(phone, turn)
    assert phone.press("7").heard == [f"article:{article_id}:1"]


@pytest.mark.shipped("article_id", "articles")
def test_after_an_article_star_goes_back_to_its_menu(call, article_id):
    phone = call()
    phone.start()
    for key in key_path(library(), article_id):
        turn = phone.press(key)
    to_end(phone, turn)
    menu = library().articles[article_id].menu
    assert phone.press("*").heard == menu_heard(menu)


@pytest.mark.shipped("article_id", "articles")
def test_after_an_article_nine_goes_to_the_main_menu(call, article_id):
    phone = call()
    phone.start()
    for key in key_path(library(), article_id):
        turn = phone.press(key)
    to_end(phone, turn)
    assert phone.press("9").heard == main_heard()


@pytest.mark.shipped("menu_id", "menus")
def test_every_menu_says_how_to_go_back_and_star_does(call, menu_id):
    phone = call()
    turn = phone.start()
    for key in menu_path(library(), menu_id):
        turn = phone.press(key)
    heard = turn.heard[:-1] if turn.heard[-1] == "prompt:urgent" else turn.heard  # the first
    assert heard[-len(menu_heard(menu_id)) :] == menu_heard(menu_id)
    spoken = (
        library().prompt("menu_back") if menu_id != MAIN_MENU else library().prompt("menu_repeat")
    )
    assert spoken in spoken_items([library()])[f"en/normal/menu:{menu_id}"].text
    parent = library().menus[menu_id].parent or MAIN_MENU
    assert phone.press("*").heard == menu_heard(parent)
    assert phone.say("main menu").heard == main_heard()


@pytest.mark.shipped("menu_id", "menus")
def test_nine_and_the_word_menu_reach_the_main_menu_from_every_menu(call, menu_id):
    phone = call()
    phone.start()
    for key in menu_path(library(), menu_id):
        phone.press(key)
    assert phone.press("9").heard == main_heard()


def test_every_menu_offers_at_most_five_topics_each_option_before_its_key():
    for menu in library().menus.values():
        assert 1 <= len(menu.topics) <= 5
        for topic in menu.topics:
            assert topic.option.startswith("To ")


def test_zero_gives_help_then_the_same_menu(call):
    phone = call()
    phone.start()
    assert phone.press("0").heard == ["prompt:help"]
    assert phone.wait().heard == main_heard()
    assert phone.say("help").heard == ["prompt:help"]
    assert phone.press("7").heard == main_heard()


def test_silence_is_reprompted_twice_then_the_call_ends_saying_how_to_get_a_text(call):
    phone = call()
    turn = phone.start()
    reprompts = 0
    while not turn.hung_up:
        turn = phone.wait()
        if turn.gather:
            assert turn.heard == ["prompt:no_input", *main_heard()]
            reprompts += 1
    assert reprompts >= 2
    assert turn.heard == ["prompt:no_input", "prompt:goodbye"]
    assert "text" in library().prompt("goodbye") and "MENU" in library().prompt("goodbye")


def test_silence_after_an_article_reprompts_its_options_not_the_article(call):
    phone = call()
    phone.start()
    to_end(phone, phone.press("4"))
    assert phone.wait().heard == ["prompt:no_input", *OPTIONS]


@pytest.mark.parametrize("key", ["6"])
def test_an_unknown_key_says_sorry_then_the_menu_again(call, key):
    phone = call()
    phone.start()
    assert phone.press(key).heard == ["prompt:sorry", *main_heard()]


def test_an_unknown_phrase_is_a_question_the_line_is_not_sure_of_never_a_dead_end(call):
    phone = call()
    phone.start()
    turn = phone.say("banana sandwiches")
    assert turn.heard[0] == "prompt:ask_not_sure"
    assert turn.heard[-1] == "prompt:ask_not_sure_options" and turn.gather
    assert phone.press("9").heard == main_heard()


def test_missing_audio_file_is_spoken_with_say_instead(call, audio_dir: Path):
    manifest = json.loads((audio_dir / "manifest.json").read_text())
    (audio_dir / manifest["items"]["en/normal/menu:main"]["file"]).unlink()
    turn = call().start()
    assert turn.heard == ["prompt:welcome", *main_heard(), "prompt:urgent"]
    assert len(turn.played) == 2
    assert turn.said and library().menus["main"].intro in turn.said[0]


def test_empty_audio_file_is_never_played(call, audio_dir: Path):
    manifest = json.loads((audio_dir / "manifest.json").read_text())
    (audio_dir / manifest["items"]["en/normal/prompt:welcome"]["file"]).write_bytes(b"")
    turn = call().start()
    assert turn.said and turn.heard[0] == "prompt:welcome"


def test_changed_article_is_spoken_with_its_new_words_until_its_audio_is_rendered(
    call, content_dir: Path
):
    path = content_dir / "your-results.md"
    edit(path, "\n---\n", "\n---\nThis sentence is new.\n\n")  # the body's first words
    phone = call()
    phone.start()
    turn = phone.press("4")
    assert any("This sentence is new." in said for said in turn.said)
    assert turn.heard[0] == "intro:your-results"


def test_damaged_manifest_means_every_item_is_spoken(call, audio_dir: Path):
    (audio_dir / "manifest.json").write_text("{ not json")
    turn = call().start()
    assert turn.played == [] and len(turn.said) == len(turn.heard) == 5


def test_a_failure_inside_a_handler_still_speaks_and_returns_to_the_main_menu(call, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr("app.voice.moves.choose", broken)
    phone = call()
    phone.start()
    turn = phone.press("1")
    assert turn.heard == ["prompt:error", *main_heard()]


def test_a_failure_on_the_recovery_path_ends_the_call_politely(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("simulated fault")

    monkeypatch.setattr("app.voice.steps.menu", broken)
    response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice/menu/main?recovered=1", {})
    assert response.status_code == 200
    verbs = [el.tag for el in ET.fromstring(response.data)]
    assert verbs[-1] == "Hangup" and verbs[0] in ("Play", "Say")


def test_a_menu_or_article_that_no_longer_exists_says_sorry_and_goes_on(call, client):
    for path in ("/voice/menu/gone", "/voice/article/gone", "/voice/article/gone/choose"):
        response = signed_post(client, AUTH_TOKEN, f"{BASE_URL}{path}", {"Digits": "1"})
        assert response.status_code == 200
        assert b"<Gather" in response.data


FIRST_OPTION_WITHIN = 12.0  # seconds from the answer, at normal speed


def _seconds(text: str, lang: str, slow: bool, folder: Path) -> float:
    """How long the line's own pipeline takes to say `text` (espeak, as the tests render)."""
    out = folder / "measured.mp3"
    out.write_bytes(synthesise(Espeak(), text, lang, slow))
    return mp3_duration(out)


def before_first_option(library: Library) -> str:
    """The main menu's words before its first option is said."""
    menu = library.menus[MAIN_MENU]
    spoken = menu_text(library, menu)
    first = library.prompt("option", option=menu.topics[0].option, key=menu.topics[0].key)
    return spoken[: spoken.index(first)].strip()


@pytest.mark.shipped("lang", "languages")
def test_a_caller_can_choose_from_the_first_second_and_hears_the_first_option_soon(
    call, lang, tmp_path
):
    library = libraries()[lang]
    phone = call()
    phone.start()
    first = ET.fromstring(phone.documents[0])[0]
    assert first.tag == "Gather", "something is said before the caller can choose"
    normal = {}
    for slow in (False, True):
        lead = _seconds(library.prompt("welcome"), lang, slow, tmp_path)
        lead += _seconds(before_first_option(library), lang, slow, tmp_path)
        normal[slow] = lead
        print(f"{lang} {'slow' if slow else 'normal'}: first option after {lead:.1f} s")
    assert normal[False] <= FIRST_OPTION_WITHIN


@pytest.mark.shipped("lang", "languages")
def test_every_caller_hears_where_urgent_help_is_in_their_language_after_the_options(call, lang):
    phone = call()
    first = phone.start()
    assert first.heard[0] == "prompt:welcome" and first.heard[-1] == "prompt:urgent"
    if lang != "en":
        phone.press("#")
        chosen = phone.press(str(list(libraries()).index(lang) + 1))
        assert chosen.heard[-1] == "prompt:urgent"
        assert chosen.heard.count("prompt:urgent") == 1
    urgent = libraries()[lang].prompts["urgent"]
    assert "999" in urgent and "111" in urgent


def _at(call, where: int | None):
    """A call inside the longest topic: playing part `where`, or after it (None)."""
    phone = call()
    phone.start()
    turn = phone.press(key_path(library(), longest())[0])
    for _ in range(1, where or len(parts_of(longest())) + 1):
        turn = phone.press("6")
    return phone, turn


def _expected(key: str, where: int | None) -> list[str]:
    """What a caller hears after pressing `key` in part `where` of the topic, or after it:
    what the call flow's table says the key does there, as a caller hears it."""
    names = parts_of(longest())
    here = [names[where - 1]] if where else OPTIONS
    do = action(Place.PART if where else Place.AFTER, key)
    heard = {
        Do.TEXT_LINK: ["text confirmation", *here],
        Do.PART_BACK: [names[max(0, (where or 1) - 2)]],
        Do.LAST_PART: [names[-1]],
        Do.PART_FORWARD: [names[where]] if where and where < len(names) else OPTIONS,
        Do.REPEAT: here,
        Do.FROM_START: [names[0]],
        Do.HELPFUL: ["prompt:feedback_thanks", "prompt:after_article"],
        Do.UNHELPFUL: ["prompt:feedback_thanks", "prompt:after_article"],
        Do.UP: menu_heard(library().articles[longest()].menu),
        Do.MAIN: main_heard(),
        Do.HELP: ["prompt:help"],
        Do.SLOWER: ["prompt:slower", *here],
        Do.LANGUAGES: ["prompt:language_menu", *["prompt:language_option"] * len(libraries())],
    }
    return heard[do] if do else ["prompt:sorry", *here]


@pytest.mark.parametrize("key", KEYPAD)
@pytest.mark.shipped("where", "positions")
def test_every_key_means_the_same_in_every_part_of_a_topic_and_after_it(call, redis, key, where):
    phone, _ = _at(call, where)
    turn = phone.press(key)
    sending = library().prompt("text_sending", digits=", ".join(MOBILE[-3:]))
    heard = ["text confirmation" if h == sending else h for h in turn.heard]
    assert heard == _expected(key, where)
    if key == "1":
        assert waiting(redis, SMS) == 1  # the text is on its way
    if key == "0":  # help returns to where the caller was
        assert phone.wait().heard == ([parts_of(longest())[where - 1]] if where else
                                      OPTIONS)  # fmt: skip
