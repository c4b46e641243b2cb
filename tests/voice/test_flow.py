"""The call flow's table: what the README promises callers is what the line does."""

from __future__ import annotations

import re

from app.voice.flow import EVERYWHERE, FLOW, LISTENS, Place, keys_table
from tests.support.line import ROOT


def test_the_readme_shows_the_key_table_the_line_follows():
    readme = (ROOT / "README.md").read_text()
    shown = re.search(r"<!-- keys: [^>]*-->\n(.*?)<!-- /keys -->", readme, re.S)
    assert shown, "the README has no key table between its markers"
    assert shown.group(1) == keys_table()


def test_the_keys_that_work_everywhere_work_in_every_place():
    for place, keys in FLOW.items():
        for key, do in EVERYWHERE.items():
            assert keys[key] is do, (place, key)


def test_the_line_listens_for_words_everywhere_but_while_a_topic_plays():
    assert [p for p in Place if not LISTENS[p]] == [Place.PART]
