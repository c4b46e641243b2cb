"""A character a browser drops or reads past, anywhere in an https address, makes it no
link: a control character, an invisible format mark, a private or unassigned code point, a
space of any kind, a backslash. Written for the mutation run (bench/mutation.py): in the
other tests most such characters come before "https://", where the prefix refuses them."""

from __future__ import annotations

import pytest

from app.content.links import safe_href

HIDDEN_INSIDE = [
    "https://x.example/a b",  # a space
    "https://x.example/\u3000",  # an ideographic space
    "https://x.example/\x01",  # a control character (Cc), not a space
    "https://x.example/\x7f",  # delete (Cc)
    "https://x.example/\u200b",  # a zero-width space (Cf)
    "https://x.example/\u00ad",  # a soft hyphen (Cf)
    "https://x.example/\u202e",  # right-to-left override (Cf)
    "https://x.example/\ue000",  # private use (Co)
    "https://x.example/\u0378",  # unassigned (Cn)
    "https://x.example/a\\b",  # a backslash
]


@pytest.mark.parametrize("url", HIDDEN_INSIDE)
def test_a_hidden_character_inside_an_https_address_makes_it_no_link(url: str):
    assert safe_href(url) is None


@pytest.mark.parametrize("visible", ["https://x.example/a-b", "https://x.example/caf\u00e9"])
def test_letters_and_marks_a_reader_sees_are_kept(visible: str):
    assert safe_href(visible) == visible
