"""A diff as a reviewer reads it: paragraph by paragraph of the words people read (a topic's
fields by name, then its paragraphs; a YAML file's values), changed words marked, never the
raw file run together."""

from __future__ import annotations

import re

from app.editor.diff import paragraphs
from tests.support.editing import NEW_WORDS, TOPIC, change_body, old_words
from tests.support.shipped import library

TOPIC_FILE = """---
id: your-results
title: Getting your results
sms_summary: "Contact your hospital about your results."
keywords: [results, result]
---
This part is about your results.

Contact your hospital or your GP surgery.

Asking is normal.
"""


def shown(found) -> list[tuple[str, str, str]]:
    """Each paragraph as (how it changed, its label, its words with changes marked)."""
    marks = {"same": "{}", "added": "[+{}]", "removed": "[-{}]"}
    return [(p.change, p.label, "".join(marks[x.kind].format(x.text) for x in p.pieces))
            for p in found]  # fmt: skip


def test_a_changed_paragraph_shows_its_changed_words_and_the_others_as_they_are():
    new = TOPIC_FILE.replace("Contact your hospital or", "Phone your hospital or")
    assert shown(paragraphs(TOPIC_FILE, new)) == [
        ("same", "Short name", "your-results"),
        ("same", "Title", "Getting your results"),
        ("same", "The text message", "Contact your hospital about your results."),
        ("same", "Words callers may say", "results, result"),
        ("same", "", "This part is about your results."),
        ("changed", "", "[-Contact][+Phone] your hospital or your GP surgery."),
        ("same", "", "Asking is normal."),
    ]


def test_a_new_paragraph_and_a_changed_field_are_named_not_shown_as_yaml():
    new = TOPIC_FILE.replace("about your results.\n", "about your results.\n\nA new one.\n")
    new = new.replace("Contact your hospital about", "Ask your hospital about")
    found = shown(paragraphs(TOPIC_FILE, new))
    assert ("added", "", "[+A new one.]") in found
    assert ("changed", "The text message",
            "[-Contact][+Ask] your hospital about your results.") in found  # fmt: skip
    assert not any("---" in words or "sms_summary" in words for _, _, words in found)


def test_a_long_file_shows_the_changed_value_and_folds_the_rest():
    prompts = "".join(f"prompt_{n}: Words of prompt {n}.\n" for n in range(60))
    found = paragraphs(prompts, prompts.replace("Words of prompt 30.", "New words of prompt 30."))
    assert [p.change for p in found] == ["folded", "same", "same", "changed", "same", "same",
                                         "folded"]  # fmt: skip
    assert found[3].label == "Prompt 30" and found[0].label == "28"


def test_a_file_that_is_not_yaml_is_compared_line_by_line():
    found = shown(paragraphs("one: [\ntwo", "one: [\nthree"))
    assert found[-1] == ("changed", "", "[-two][+three]")


def test_the_review_page_shows_the_draft_paragraph_by_paragraph(editing, reviewing):
    change_body(editing, "submit")
    page = reviewing.get(TOPIC).get_data(as_text=True)
    diff = re.search(r'<div class="diff">(.*?)</div>', page, re.S)
    assert diff, "no diff on the review page"
    said = re.findall(r'<p class="diff-(\w+)">(.*?)</p>', diff.group(1), re.S)
    changed = [words for how, words in said if how == "changed"]
    assert len(changed) == 1 and f"<ins>{NEW_WORDS.split()[0]}" in changed[0]
    assert "<del>" in changed[0] and old_words().split()[-1] in changed[0]
    title = library().articles["your-results"].title
    assert ("same", f'<strong class="diff-label">Title:</strong> {title}') in said
    assert "---" not in diff.group(1) and "sms_summary" not in diff.group(1)
    assert len(said) > 5  # a paragraph each, not the file run together
