from __future__ import annotations

import pytest

from app.content.wording import gsm7, is_gsm7, segments


@pytest.mark.parametrize(
    "raw,plain",
    [
        ("Don’t worry – it’s “fine”…", "Don't worry - it's \"fine\"..."),
        ("Ysbyty’r Waun: ŵ ŷ â", "Ysbyty'r Waun: w y a"),
        ("Café £5 €3", "Café £5 €3"),
        ("tab\there", "tab here"),
        ("emoji 🙂 gone", "emoji gone"),
    ],
)
def test_texts_are_made_gsm7(raw, plain):
    assert gsm7(raw) == plain
    assert is_gsm7(gsm7(raw))


@pytest.mark.parametrize(
    "body,count",
    [("a" * 160, 1), ("a" * 161, 2), ("a" * 306, 2), ("a" * 307, 3), ("€" * 80, 1),
     ("€" * 81, 2), ("ŵ" * 70, 1), ("ŵ" * 71, 2)],
)  # fmt: skip
def test_segments_are_counted_as_networks_count_them(body, count):
    assert segments(body) == count
