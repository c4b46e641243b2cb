"""A file edited through the form stays as people wrote it: its comments, order, quoting and
anything the form does not show; and what the form shows is exactly what the file says."""

from __future__ import annotations

import pytest

from app.content.parse import parse_article
from app.editor.fields import TopicFields, fields_of, text_of
from app.editor.yamlforms import menu_fields, menus_text, prompt_fields, prompts_text
from tests.support.line import CONTENT


@pytest.mark.shipped("article_id", "articles")
def test_every_shipped_topic_goes_through_the_form_unchanged(article_id: str):
    text = (CONTENT / f"{article_id}.md").read_text()
    again = text_of(fields_of(text, article_id), text)
    assert parse_article(again, article_id) == parse_article(text, article_id)
    assert again == text  # byte for byte: the form changes nothing it was not asked to


def test_what_the_form_does_not_show_is_kept():
    text = (
        "---\nid: x\ntitle: X\nmenu: main\nkey: 1\noption: To hear X\n# a note\nowner: Ann\n"
        "---\nWords.\n"
    )
    fields = fields_of(text, "x")
    fields.title = "A new title"
    again = text_of(fields, text)
    assert "owner: Ann" in again and "# a note" in again and "title: A new title" in again


def test_a_form_with_a_broken_link_is_still_kept_for_the_check_to_name():
    fields = TopicFields(id="x", title="X", key="1", option="To hear X", body="Words.",
                         sms_summary="A summary.", links="just a title, no address")  # fmt: skip
    text = text_of(fields)
    with pytest.raises(ValueError, match="'url' is required"):
        parse_article(text, "x")


def test_prompts_and_menus_change_in_place_with_their_comments():
    prompts = (CONTENT / "prompts.yaml").read_text()
    changed = prompts_text(prompts, {"prompt-sorry": "Sorry, I did not catch that."})
    assert [line for line in changed.splitlines() if line.startswith("#")] == [
        line for line in prompts.splitlines() if line.startswith("#")
    ]
    assert {f.name: f.value for f in prompt_fields(changed)}["prompt-sorry"] == (
        "Sorry, I did not catch that."
    )
    menus = (CONTENT / "menus.yaml").read_text()
    renamed = menus_text(menus, {"menu-main-title": "The main menu"})
    titles = {name: fields[0].value for name, fields in menu_fields(renamed)}
    assert titles["main"] == "The main menu"
