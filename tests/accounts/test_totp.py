from __future__ import annotations

import pytest

from app.accounts import totp

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
NOW = 1_800_000_015.0  # in the middle of a step
STEP = totp.step_at(NOW)


def test_the_current_code_works_and_says_which_step_it_was_for() -> None:
    assert totp.verify(SECRET, totp.code_at(SECRET, STEP), last_step=0, now=NOW) == STEP


def test_a_code_already_used_is_refused() -> None:
    code = totp.code_at(SECRET, STEP)
    assert totp.verify(SECRET, code, last_step=STEP, now=NOW) is None
    # Nor an older one, once a newer code has been used.
    assert totp.verify(SECRET, totp.code_at(SECRET, STEP - 1), last_step=STEP, now=NOW) is None


@pytest.mark.parametrize("offset", [-1, 1])
def test_a_code_one_step_either_side_is_accepted_for_clock_drift(offset: int) -> None:
    code = totp.code_at(SECRET, STEP + offset)
    assert totp.verify(SECRET, code, last_step=0, now=NOW) == STEP + offset


@pytest.mark.parametrize("offset", [-2, 2, -10])
def test_a_code_two_steps_away_is_refused(offset: int) -> None:
    assert totp.verify(SECRET, totp.code_at(SECRET, STEP + offset), last_step=0, now=NOW) is None


@pytest.mark.parametrize("typed", ["", "12345", "1234567", "abcdef", "١٢٣٤٥٦"])
def test_anything_but_six_digits_is_refused(typed: str) -> None:
    assert totp.verify(SECRET, typed, last_step=0, now=NOW) is None


def test_a_code_typed_with_a_space_in_the_middle_works() -> None:
    code = totp.code_at(SECRET, STEP)
    assert totp.verify(SECRET, f"{code[:3]} {code[3:]}", last_step=0, now=NOW) == STEP


def test_new_secrets_are_random_and_160_bits() -> None:
    first, second = totp.new_secret(), totp.new_secret()
    assert first != second
    assert len(first) == 32  # base32: 5 bits a character


def test_the_set_up_uri_names_the_line_and_the_person() -> None:
    uri = totp.uri(SECRET, "jane@hospital.example")
    assert uri.startswith("otpauth://totp/NM%20info%20line:jane%40hospital.example?")
    assert f"secret={SECRET}" in uri
    assert "issuer=NM%20info%20line" in uri
    assert "issuer=Velindre" in totp.uri(SECRET, "jane@hospital.example", issuer="Velindre")


def test_the_qr_code_is_an_inline_svg_with_a_title() -> None:
    svg = totp.qr_svg(totp.uri(SECRET, "jane@hospital.example"))
    assert svg.startswith("<svg")
    assert "<title>QR code for your authenticator app</title>" in svg
    assert "<?xml" not in svg
