"""Remembered answers: the second caller in a place hears and is counted as the first was,
and a file gone, emptied or back since is noticed at once."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from prometheus_client import REGISTRY

from app.core import counts
from app.voice.answers import Answer, Answers, Recording
from tests.support.edits import edit
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.phone import OPTIONS, to_end
from tests.support.shipped import main_heard
from tests.support.simulator import signed_post

WELCOME = "en/normal/prompt:welcome"


def _file(audio_dir: Path, item: str) -> Path:
    manifest = json.loads((audio_dir / "manifest.json").read_text())
    return audio_dir / manifest["items"][item]["file"]


def test_the_second_caller_hears_what_the_first_heard(call):
    first, second = call().start(), call().start()
    assert second.heard == first.heard == ["prompt:welcome", *main_heard(), "prompt:urgent"]
    assert second.played == first.played and second.said == first.said


def test_a_file_deleted_after_it_was_played_is_spoken_to_the_next_caller(call, audio_dir):
    assert call().start().played
    _file(audio_dir, WELCOME).unlink()
    turn = call().start()
    assert turn.heard[0] == "prompt:welcome"
    assert not any("welcome" in url for url in turn.played) and turn.said


def test_a_file_emptied_after_it_was_played_is_never_played_again(call, audio_dir):
    played = call().start().played
    _file(audio_dir, WELCOME).write_bytes(b"")
    assert call().start().played == played[1:]


def test_a_file_back_after_it_was_missing_is_played_again(call, audio_dir, tmp_path):
    welcome = _file(audio_dir, WELCOME)
    kept = Path(shutil.move(welcome, tmp_path / welcome.name))
    spoken = call().start()
    shutil.move(kept, welcome)
    assert len(call().start().played) == len(spoken.played) + 1


def test_every_call_and_finished_topic_is_counted_however_its_answer_was_made(call, redis):
    for _ in range(3):
        phone = call()
        phone.start()
        heard, _ = to_end(phone, phone.press("4"))  # the topic's later parts are remembered
        assert heard[-2:] == OPTIONS
    day = counts.day_counts(redis)
    assert day["calls"] == 3
    assert [n for name, n in day.items() if name.startswith("finished:")] == [3]


def test_every_say_fallback_is_counted_however_its_answer_was_made(call):
    def welsh() -> float:
        return REGISTRY.get_sample_value("nmline_say_fallbacks_total", {"lang": "cy"}) or 0.0

    before = welsh()
    for _ in range(3):
        call().start()  # the Welsh offer has no recording in the tests: always <Say>
    assert welsh() - before == 3


def test_new_words_are_heard_at_once_by_the_next_caller(call, content_dir):
    phone = call()
    phone.start()
    phone.press("4")
    path = content_dir / "your-results.md"
    edit(path, "\n---\n", "\n---\nThis sentence is new.\n\n")  # the body's first words
    phone = call()
    phone.start()
    assert any("This sentence is new." in said for said in phone.press("4").said)


def test_an_answer_that_texted_the_caller_or_asked_the_hours_is_never_kept():
    assert Recording(personal=True).answer("<Response/>") is None
    assert Recording().answer("<Response/>") == Answer("<Response/>")


def test_answers_of_an_older_generation_are_never_given():
    answers, old, new = Answers(), object(), object()
    answers.put(old, "key", Answer("<Response/>"))
    assert answers.get(old, "key") == Answer("<Response/>")
    assert answers.get(new, "key") is None
    answers.put(new, "other", Answer("<Response><Hangup/></Response>"))
    assert answers.get(old, "key") is None


def test_only_the_admins_test_phone_goes_uncounted_and_no_form_field_can_claim_to_be_it(
    client, redis
):
    params = {"CallSid": "CA1", "From": "anonymous", "AdminTest": "1"}
    assert signed_post(client, AUTH_TOKEN, f"{BASE_URL}/voice", params).status_code == 200
    assert counts.day_counts(redis).get("calls") == 1  # a caller, whatever its form says
