from __future__ import annotations

import unicodedata

import pytest
from argon2 import PasswordHasher
from hypothesis import given
from hypothesis import strategies as st

from app.accounts import passwords
from app.accounts.passwords import (
    COMMON,
    PATTERN,
    PERSONAL,
    SERVICE,
    TOO_LONG,
    TOO_SHORT,
    common_passwords,
    hash_password,
    password_problem,
    verify_password,
)

EMAIL = "jane.doe@cardiffhospital.example"
NAME = "Jane Doe"
MESSAGES = {TOO_SHORT, TOO_LONG, COMMON, PERSONAL, PATTERN, SERVICE}


def problem(password: str) -> str | None:
    return password_problem(password, EMAIL, NAME)


@pytest.mark.parametrize(
    "passphrase",
    [
        "tulip lantern orbit marmalade",
        "correct-violin-sunrise-42",
        "Myfanwy's dog ate 3 pasties on Tuesday",
        "zażółć gęślą jaźń kwiatek",
        "x" * 3 + "q7Vd!mZp2Lr#",
        "when the kettle sings at dawn the heron lifts off the grey river and the "
        "allotment gates creak open for old Mr Pritchard and his wheelbarrow of leeks",
    ],
)
def test_a_long_passphrase_is_welcome_without_any_composition_rules(passphrase: str) -> None:
    assert problem(passphrase) is None


def test_fewer_than_twelve_characters_are_too_short_and_the_message_says_how_many() -> None:
    assert problem("q7Vd!mZp2Lr") == TOO_SHORT
    assert "12 characters" in TOO_SHORT
    assert problem("q7Vd!mZp2Lr#") is None


def test_more_than_256_characters_are_too_long() -> None:
    assert problem("tulip lantern " * 18 + "abcd") is None  # 256
    assert problem("tulip lantern " * 18 + "abcde") == TOO_LONG


@pytest.mark.parametrize(
    "password",
    ["qwerty123456", "1qaz2wsx3edc", "leavemealone", "LeaveMeAlone", "leave me alone"],
)
def test_a_password_on_the_deny_list_is_refused_in_any_case(password: str) -> None:
    assert problem(password) == COMMON


@pytest.mark.parametrize("password", ["P@ssw0rd2024!", "Sunshine123456", "2024!!monkey!!"])
def test_a_common_word_dressed_up_with_digits_or_look_alikes_is_refused(password: str) -> None:
    assert problem(password) == COMMON


@pytest.mark.parametrize(
    "password",
    ["janedoe-rocks-2024", "JANE.DOE gardening", "my name is doe, jane", "cardiffhospital1"],
)
def test_a_password_with_the_persons_name_or_email_is_refused(password: str) -> None:
    assert problem(password) == PERSONAL


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaa", "123456789012", "abcdefghijklmnop", "zyxwvutsrqpo", "ab12ab12ab12"]
)
def test_runs_and_repeats_are_refused(password: str) -> None:
    assert problem(password) == PATTERN


def test_a_phrase_said_over_and_over_is_a_pattern() -> None:
    assert problem("tulip lantern " * 4) == PATTERN


@pytest.mark.parametrize(
    "password", ["nuclear-power-station", "Medicine cabinet key", "myNMinfo line"]
)
def test_the_lines_own_name_is_refused(password: str) -> None:
    assert problem(password) == SERVICE


def test_the_hospitals_name_can_be_refused_too() -> None:
    assert password_problem("llandough for ever", EMAIL, NAME, extra_words=("Llandough",))


def test_the_deny_list_ships_with_the_package_lower_cased_and_long_enough() -> None:
    common = common_passwords()
    assert len(common) >= 10_000
    assert all(entry == entry.lower() for entry in common)
    assert {"password", "123456", "qwerty123456"} <= common


@given(password=st.text(max_size=300), email=st.emails(), name=st.text(max_size=80))
def test_any_password_gets_an_answer_and_the_answer_never_repeats_it(
    password: str, email: str, name: str
) -> None:
    found = password_problem(password, email, name)
    assert found is None or found in MESSAGES
    if len(unicodedata.normalize("NFKC", password)) < passwords.MIN_LENGTH:
        assert found == TOO_SHORT
    if found is None:
        assert passwords.MIN_LENGTH <= len(unicodedata.normalize("NFKC", password))


@given(entry=st.sampled_from(sorted(common_passwords())), email=st.emails(), name=st.text())
def test_nothing_on_the_deny_list_is_ever_accepted(entry: str, email: str, name: str) -> None:
    assert password_problem(entry, email, name) is not None
    assert password_problem(entry.upper(), email, name) is not None


def test_a_hash_verifies_its_password_and_no_other() -> None:
    hashed = hash_password("tulip lantern orbit marmalade")
    assert hashed.startswith("$argon2id$")
    assert "tulip" not in hashed
    assert verify_password(hashed, "tulip lantern orbit marmalade")
    assert not verify_password(hashed, "tulip lantern orbit marmalad")
    assert not verify_password(hashed, "Tulip lantern orbit marmalade")
    assert not verify_password("not a hash", "tulip lantern orbit marmalade")


def test_the_same_password_typed_in_another_unicode_form_verifies() -> None:
    composed = unicodedata.normalize("NFC", "café crème brûlée jour")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    assert verify_password(hash_password(composed), decomposed)


def test_the_shipped_hashing_parameters_are_argon2ids_recommended_ones() -> None:
    previous = passwords.use_hasher(PasswordHasher())
    try:
        hashed = hash_password("tulip lantern orbit marmalade")
        assert "$m=65536,t=3,p=4$" in hashed
        assert not passwords.needs_rehash(hashed)
    finally:
        passwords.use_hasher(previous)
