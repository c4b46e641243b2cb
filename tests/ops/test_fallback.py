from __future__ import annotations

import datetime as dt
from pathlib import Path
from xml.etree import ElementTree

import pytest

from app import create_app
from app.content.wording import is_gsm7, segments
from app.db.session import own_session
from app.department.store import save
from app.department.values import Department, Opening
from app.ops.fallback import FallbackError, sms_fallback, spoken_number, voice_fallback
from app.settings import Settings, SettingsError
from tests.support.line import AUTH_TOKEN, BASE_URL, CONTENT, SECRET_KEY
from tests.support.simulator import voice_schema

# Ofcom's drama range for Leeds: never a real line, and not one of the tests' callers.
DEPARTMENT = "+441134960000"
SPOKEN = "zero one one three, four nine six, zero zero zero zero"


def _said(document: str) -> list[str]:
    return [say.text or "" for say in ElementTree.fromstring(document).iter("Say")]


@pytest.fixture
def fallback_runner(tmp_path: Path, sqlite_url: str):
    """A CLI runner for an app built from settings alone: no Redis or audio is needed (the
    database holds the department's values changed in the browser: none here)."""

    def run(*args: str, **settings: str):
        app = create_app(
            {
                "PUBLIC_BASE_URL": BASE_URL,
                "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
                "SECRET_KEY": SECRET_KEY,
                "CONTENT_DIR": str(CONTENT),
                "AUDIO_DIR": str(tmp_path / "audio"),
                "TTS_ENGINE": "espeak",
                "DATABASE_URL": sqlite_url,
                **settings,
            }
        )
        return app.test_cli_runner().invoke(args=["twilio", "fallback", *args])

    return run


def test_voice_fallback_is_valid_twiml_that_apologises_and_hangs_up():
    document = voice_fallback(DEPARTMENT, "Monday to Friday, 09:00 to 17:00")
    voice_schema().validate(document)
    root = ElementTree.fromstring(document)
    said = _said(document)
    assert said[0].startswith("Sorry, this information line is not working right now.")
    assert all(say.get("language") == "en-GB" for say in root.iter("Say"))
    assert "open Monday to Friday, 09:00 to 17:00" in " ".join(said)
    assert said[-1] == "Thank you for calling. Goodbye."
    assert root[-1].tag == "Hangup"


def test_voice_fallback_reads_the_number_digit_by_digit_twice():
    said = " ".join(_said(voice_fallback(DEPARTMENT)))
    assert said.count(SPOKEN) == 2
    assert "0113" not in said and "+44" not in said


def test_voice_fallback_without_hours_does_not_mention_them():
    assert "open" not in " ".join(_said(voice_fallback(DEPARTMENT)))


@pytest.mark.parametrize(
    ("phone", "spoken"),
    [
        ("+441234567890", "zero one two three four, five six seven, eight nine zero"),
        ("020 7946 0000", "zero two zero, seven nine four six, zero zero zero zero"),
        ("+12025550123", "plus, one, two zero two, five five five, zero one two three"),
    ],
    ids=["international", "national", "abroad"],  # never a number in the test's output
)
def test_numbers_are_read_in_the_groups_people_write_them_in(phone: str, spoken: str):
    assert spoken_number(phone) == spoken


def test_sms_fallback_is_one_gsm7_segment_with_the_number():
    root = ElementTree.fromstring(sms_fallback(DEPARTMENT))
    [message] = root.findall("./Message")
    text = message.text or ""
    assert text.startswith("Sorry, this information line is not working right now.")
    assert "0113 496 0000" in text
    assert is_gsm7(text)
    assert segments(text) == 1


@pytest.mark.parametrize("phone", ["", "  ", "not a number", "+4411"])
def test_a_missing_or_unusable_number_is_an_error(phone: str):
    with pytest.raises(FallbackError, match="DEPARTMENT_PHONE"):
        voice_fallback(phone)
    with pytest.raises(FallbackError, match="DEPARTMENT_PHONE"):
        sms_fallback(phone)


def test_cli_prints_both_documents_with_where_they_go(fallback_runner):
    result = fallback_runner(DEPARTMENT_PHONE=DEPARTMENT, DEPARTMENT_HOURS="Mon-Fri 09:00-17:00")
    assert result.exit_code == 0, result.output
    assert result.output.count("<?xml") == 2
    assert 'Voice "Primary handler fails"' in result.output
    assert "<Hangup />" in result.output and "<Message>" in result.output


@pytest.mark.parametrize("only", ["voice", "sms"])
def test_cli_prints_one_document_alone(fallback_runner, only: str):
    result = fallback_runner("--only", only, DEPARTMENT_PHONE=DEPARTMENT)
    assert result.exit_code == 0, result.output
    document = result.output.strip()
    assert document == (voice_fallback(DEPARTMENT) if only == "voice" else sms_fallback(DEPARTMENT))


def test_cli_without_department_phone_says_so_and_fails(fallback_runner):
    result = fallback_runner()
    assert result.exit_code != 0
    assert "DEPARTMENT_PHONE is not set" in result.output
    assert "<?xml" not in result.output


def test_unreadable_hours_stop_start_up_naming_the_setting(fallback_runner):
    with pytest.raises(SettingsError, match="DEPARTMENT_HOURS.*opening hours"):
        fallback_runner(DEPARTMENT_PHONE=DEPARTMENT, DEPARTMENT_HOURS="weekdays")


def test_the_number_and_hours_set_in_the_browser_are_the_fallbacks(
    fallback_runner, sqlite_url: str, tmp_path: Path, redis
):
    set_in_browser = Department(
        week=(Opening(5, dt.time(10), dt.time(12)),), transfer_to="+442920747747",
        phone="+442920747000",
    )  # fmt: skip
    env = {"PUBLIC_BASE_URL": BASE_URL, "APP_ENV": "development"}
    with own_session(sqlite_url, tmp_path) as session:
        save(session, redis, Settings.from_env(env), set_in_browser, actor_name="test")
    result = fallback_runner("--only", "voice", DEPARTMENT_PHONE=DEPARTMENT)
    said = " ".join(_said(result.output))
    assert "zero two nine, two zero seven four, seven zero zero zero" in said
    assert "open on Saturday, 10:00 to 12:00" in said and SPOKEN not in said
