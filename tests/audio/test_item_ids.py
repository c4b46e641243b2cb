"""An item's name in the manifest is written in one place and read back in the same one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app.audio.items import item_id, parse_item_id


@given(
    key=st.text(min_size=1).filter(lambda k: k.strip()),
    lang=st.sampled_from(["en", "cy", "pl"]),
    slow=st.booleans(),
)
def test_an_item_id_reads_back_as_the_item_it_names(key: str, lang: str, slow: bool):
    assert parse_item_id(item_id(key, lang, slow)) == (key, lang, slow)
