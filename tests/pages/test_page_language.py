"""Every public page in its reader's language: the headings, buttons, links, footer and error
pages a page puts around its topic are the `page_*` prompts of that language, never English
on a Welsh or Polish page; and every link between the pages keeps the reader's language.

The words expected are read from the loaded prompts, never written here."""

from __future__ import annotations

import re
import string
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from app.audio.items import item_id, spoken_items
from app.audio.names import item_digest
from app.audio.render import AudioConfig, render_item
from app.content.item_keys import ItemKey
from app.content.languages import Language
from app.content.loader import load_libraries
from app.content.model import Library
from app.content.prompt_names import PAGE_PROMPTS
from app.content.spoken import parts
from tests.support.shipped import libraries

ENGLISH_BODY = "en-GB"  # how the privacy notice and statement mark their English words
# The attributes a reader meets as words (a screen reader says them).
SAID_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")
VOID = {"meta", "link", "input", "br", "img", "hr", "source", "wbr"}


class Reading(HTMLParser):
    """A page's words as a reader meets them: each piece of text, with its language."""

    def __init__(self, page_lang: str) -> None:
        super().__init__()
        self.open: list[tuple[str, str]] = [("", page_lang)]
        self.found: list[tuple[str, str]] = []  # (text, language)
        self.links: list[str] = []

    def _add(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.found.append((text, self.open[-1][1]))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "a" or tag == "form":
            self.links.append(values.get("href", values.get("action", "")))
        for name in SAID_ATTRIBUTES:
            if name in values:
                self._add(values[name])
        if tag not in VOID:
            self.open.append((tag, values.get("lang", self.open[-1][1])))

    def handle_endtag(self, tag: str) -> None:
        while len(self.open) > 1 and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data: str) -> None:
        if self.open[-1][0] == "title":  # base.html: "<the page> - <the line's name>"
            for piece in data.split(" - "):
                self._add(piece)
        else:
            self._add(data)


def pattern(prompt: str) -> re.Pattern[str]:
    """The prompt as the page shows it: each {gap} filled with something."""
    pieces = string.Formatter().parse(prompt)
    return re.compile("".join(re.escape(text) + (".+" if gap is not None else "")
                              for text, gap, _, _ in pieces))  # fmt: skip


def page_words(library: Library) -> dict[str, re.Pattern[str]]:
    return {n: pattern(t) for n, t in library.prompts.items() if n.startswith(PAGE_PROMPTS)}


def topic(lang: str) -> str:
    """A topic whose page has every part in both languages: players, parts, links, dates."""
    english, other = libraries()["en"], libraries()[lang]
    fitting = [
        a
        for a in sorted(english.articles)
        if a in other.articles
        and all(
            len(parts(lib.articles[a])) > 1
            and lib.articles[a].links
            and lib.articles[a].last_reviewed
            and lib.articles[a].review_due
            for lib in (english, other)
        )
    ]
    assert fitting, f"no topic has two parts or more, links and dates in English and {lang}"
    return fitting[0]


def pages(lang: str) -> list[tuple[str, str]]:
    """Every kind of public page: (method, path), in English."""
    article = f"/articles/{topic(lang)}"
    return [("GET", "/"), ("GET", article), ("GET", article + "?thanks=1"),
            ("GET", "/privacy"), ("GET", "/accessibility"), ("GET", "/no-such-page"),
            ("GET", "/articles/no-such-topic"), ("POST", "/privacy")]  # fmt: skip


def in_language(path: str, lang: str) -> str:
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


def read(client, method: str, path: str) -> tuple[Reading, str]:
    html = client.open(path, method=method).get_data(as_text=True)
    tag = re.search(r'<html lang="([^"]+)"', html)
    assert tag, path
    words = Reading(tag.group(1))
    words.feed(html)
    return words, tag.group(1)


@pytest.fixture
def spoken_in(content_dir: Path, audio_dir: Path):
    """Renders a topic's parts in a language (the run's audio has English only), so its page
    has players and parts in that language too."""

    def render(lang: str, article_id: str) -> None:
        items = spoken_items(load_libraries(content_dir).values())
        config = AudioConfig(content_dir, audio_dir, "espeak")
        for n in range(1, len(parts(libraries()[lang].articles[article_id])) + 1):
            item = items[item_id(str(ItemKey.article(article_id, n)), lang)]
            assert render_item(config, item.id, item_digest(item, "espeak")) == "rendered"

    return render


@pytest.mark.shipped("lang", "translations")
def test_a_page_read_in_a_translation_has_its_page_words_and_none_of_the_english(
    client, spoken_in, lang
):
    spoken_in(lang, topic(lang))
    english, other = page_words(libraries()["en"]), page_words(libraries()[lang])
    for method, path in pages(lang):
        shown_en, tag_en = read(client, method, path)
        shown, tag = read(client, method, in_language(path, lang))
        assert (tag_en, tag) == (Language.EN.tag, Language(lang).tag), path
        used = {n for n, p in english.items() if any(p.fullmatch(t) for t, _ in shown_en.found)}
        assert used, path
        said = [t for t, in_lang in shown.found if in_lang != ENGLISH_BODY]
        for name in sorted(used):
            where = f"{path} in {lang}: {name}"
            assert not any(english[name].fullmatch(t) for t in said), where
            assert any(other[name].fullmatch(t) for t in said), where


def own_words(library: Library) -> str:
    """Everything a language's content says on its pages (a link's title may be the same
    in both languages: the name of a society, say)."""
    found = [a.title + "\n" + a.body + "\n" + "\n".join(k.title for k in a.links)
             for a in library.articles.values()]  # fmt: skip
    found += [m.title for m in library.menus.values()]
    return " ".join("\n".join(found).split())


@pytest.mark.shipped("lang", "translations")
def test_nothing_on_a_translated_page_is_the_english_pages_unless_marked_english_or_content(
    client, spoken_in, lang
):
    """Catches words a template writes itself, that no prompt holds."""
    spoken_in(lang, topic(lang))
    content = own_words(libraries()[lang])
    for method, path in pages(lang):
        english = {t for t, _ in read(client, method, path)[0].found}
        shown = read(client, method, in_language(path, lang))[0].found
        same = [t for t, in_lang in shown if t in english and in_lang != ENGLISH_BODY]
        assert [t for t in same if re.search(r"[^\W\d_]", t) and t not in content] == [], path


@pytest.mark.shipped("lang", "translations")
def test_the_notice_and_statement_say_in_the_readers_language_that_the_rest_is_english(
    client, lang
):
    notice = libraries()[lang].prompt("page_english_only")
    for path in ("/privacy", "/accessibility"):
        shown = read(client, "GET", in_language(path, lang))[0].found
        assert (notice, Language(lang).tag) in shown
        assert any(in_lang == ENGLISH_BODY for _, in_lang in shown)
        english = read(client, "GET", path)[0].found
        assert (libraries()["en"].prompt("page_english_only"), ENGLISH_BODY) not in english


@pytest.mark.shipped("lang", "translations")
def test_every_link_between_the_pages_keeps_the_readers_language(client, spoken_in, lang):
    spoken_in(lang, topic(lang))
    for method, path in pages(lang):
        links = read(client, method, in_language(path, lang))[0].links
        own = [u for u in links if u.startswith("/") and not u.startswith(("/static/", "/audio/"))]
        assert own, path
        for link in own:
            assert parse_qs(urlsplit(link).query).get("lang") == [lang], (path, link)


@pytest.mark.shipped("lang", "translations")
def test_feedback_sent_from_a_translated_page_is_thanked_in_that_language(client, lang):
    article = topic(lang)
    page = client.get(f"/articles/{article}?lang={lang}").get_data(as_text=True)
    token = re.search(r'name="token" value="([^"]+)"', page)
    assert token
    sent = client.post(f"/articles/{article}/feedback?lang={lang}",
                       data={"token": token.group(1), "helpful": "yes"})  # fmt: skip
    assert sent.status_code == 303
    assert parse_qs(urlsplit(sent.headers["Location"]).query)["lang"] == [lang]
    thanked = read(client, "GET", sent.headers["Location"])[0].found
    assert (libraries()[lang].prompt("page_thanks"), Language(lang).tag) in thanked
    assert not any(t == libraries()["en"].prompt("page_thanks") for t, _ in thanked)


@pytest.mark.shipped("lang", "translations")
def test_a_translation_that_lacks_a_page_word_still_shows_the_page(client, content_dir, lang):
    """`flask content check` refuses such a file (tests/content/test_prompt_names.py); were
    one served anyway, the page shows the English word rather than failing."""
    prompts = content_dir / f"prompts.{lang}.yaml"
    text = prompts.read_text(encoding="utf-8")
    line = re.search(r"^page_yes:.*\n", text, re.M)
    assert line
    prompts.write_text(text.replace(line.group(0), ""), encoding="utf-8")
    response = client.get(f"/articles/{topic(lang)}?lang={lang}")
    assert response.status_code == 200
    said = [t for t, _ in read(client, "GET", f"/articles/{topic(lang)}?lang={lang}")[0].found]
    assert libraries()["en"].prompt("page_yes") in said


@pytest.mark.parametrize(
    "method,path,status",
    [("GET", "/no-such-page", 404), ("GET", "/articles/no-such-topic", 404),
     ("POST", "/privacy", 405), ("GET", "/articles/x/feedback", 405)],
)  # fmt: skip
def test_a_public_address_that_is_wrong_answers_with_a_page_of_the_line(
    client, method, path, status
):
    response = client.open(path, method=method)
    assert response.status_code == status
    heading = "page_not_found_title" if status == 404 else "page_not_allowed_title"
    shown = [t for t, _ in read(client, method, path)[0].found]
    assert libraries()["en"].prompt(heading) in shown
    assert libraries()["en"].prompt("page_footer") in shown
    if status == 405:
        assert response.headers["Allow"]  # what the address does answer


@pytest.mark.parametrize(
    "method,path", [("GET", "/admin/no-such-page"), ("GET", "/voice"), ("GET", "/audio/none.mp3")]
)
def test_the_admin_the_phone_and_the_audio_keep_their_plain_errors(client, method, path):
    page = client.open(path, method=method).get_data(as_text=True)
    assert libraries()["en"].prompt("page_footer") not in " ".join(page.split())
