"""Prompt names across languages: the content check refuses a translation that lacks a prompt
English has (a page's own words among them), and checks the pages' words as read, not heard."""

from __future__ import annotations

import dataclasses

import pytest

from app.content.checks import check_libraries, check_library
from app.content.item_keys import ItemKey
from app.content.prompt_names import PAGE_PROMPTS
from tests.support.articles import TODAY, library_with, make_article
from tests.support.line import BASE_URL
from tests.support.shipped import libraries, library


def page_names(lang: str) -> list[str]:
    return [name for name in library(lang).prompts if name.startswith(PAGE_PROMPTS)]


@pytest.mark.shipped("lang", "translations")
def test_a_translation_without_its_pages_words_is_refused_naming_each(lang):
    assert sorted(page_names(lang)) == sorted(page_names("en"))  # every page word, everywhere
    shipped = libraries()
    kept = {n: t for n, t in shipped[lang].prompts.items() if not n.startswith(PAGE_PROMPTS)}
    cut = {**shipped, lang: dataclasses.replace(shipped[lang], prompts=kept)}
    found = check_libraries(cut.values(), BASE_URL, TODAY)
    refused = {f.item for f in found if f.level == "error" and f.check == "untranslated"}
    missing = {str(ItemKey.prompt(name)) for name in page_names("en")}
    assert missing <= refused
    assert all(f.lang == lang for f in found if f.item in missing and f.check == "untranslated")


def test_a_prompt_english_lacks_is_no_translations_fault():
    shipped = libraries()
    english = shipped["en"]
    kept = {n: t for n, t in english.prompts.items() if n != "page_yes"}
    found = check_libraries(
        {**shipped, "en": dataclasses.replace(english, prompts=kept)}.values(), BASE_URL, TODAY
    )
    assert not [f for f in found if f.item == "prompt:page_yes"]


def test_a_pages_words_may_point_at_the_page_but_a_spoken_prompt_may_not():
    words = "The rest is below. It is also at www.example.com for now."
    base = library_with(make_article())
    prompts = {**base.prompts, "page_english_only": words, "sorry": words}
    found = check_library(dataclasses.replace(base, prompts=prompts), BASE_URL, TODAY)
    by_item = {(f.item, f.check) for f in found if f.level == "error"}
    assert {("prompt:sorry", "phone-phrase"), ("prompt:sorry", "raw-url")} <= by_item
    assert not [f for f in found if f.item == "prompt:page_english_only"]


@pytest.mark.shipped("lang", "languages")
def test_a_pages_footer_that_drops_urgent_help_is_refused(lang):
    base = library(lang)
    footer = base.prompt("page_footer").replace("999", "").replace("111", "")
    prompts = {**base.prompts, "page_footer": footer}
    found = check_library(dataclasses.replace(base, prompts=prompts), BASE_URL, TODAY)
    assert ("error", "emergency") in {
        (f.level, f.check) for f in found if f.item == "prompt:page_footer"
    }
