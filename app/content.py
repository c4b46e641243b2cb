"""Articles, menus and prompts: frozen dataclasses, pure parsers, one loader."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

DEFAULT_LANGUAGE = "en"
MAIN_MENU = "main"
MAX_TOPICS = 5
TOPIC_KEYS = tuple(str(n) for n in range(1, MAX_TOPICS + 1))
_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2,3}$")
# libyaml when it is there: a library of thousands of articles loads in well under a second.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ContentError(ValueError):
    """Content that the line cannot serve, with the file and the reason."""


@dataclass(frozen=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    menu: str
    key: str
    option: str
    keywords: tuple[str, ...]
    sms_summary: str
    links: tuple[Link, ...]
    last_reviewed: dt.date | None
    review_due: dt.date | None
    body: str
    needs_review: bool = False

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(p.strip() for p in re.split(r"\n\s*\n", self.body) if p.strip())

    @property
    def title_sentence(self) -> str:
        return _sentence(self.title)

    @property
    def spoken(self) -> str:
        """What a caller hears: the title, then the body as running sentences."""
        return " ".join((self.title_sentence, *(" ".join(p.split()) for p in self.paragraphs)))


@dataclass(frozen=True)
class Topic:
    """One choice on a menu: an article or another menu."""

    key: str
    option: str
    keywords: tuple[str, ...]
    article: str | None = None
    menu: str | None = None


@dataclass(frozen=True)
class Menu:
    id: str
    title: str
    intro: str
    parent: str | None
    topics: tuple[Topic, ...]

    def topic(self, key: str) -> Topic | None:
        return next((t for t in self.topics if t.key == key), None)


@dataclass(frozen=True)
class Library:
    """Everything the line says in one language."""

    articles: Mapping[str, Article]
    menus: Mapping[str, Menu]
    prompts: Mapping[str, str]
    lang: str = DEFAULT_LANGUAGE
    _words: dict[str, tuple[str, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def prompt(self, name: str, **values: str) -> str:
        return self.prompts[name].format(**values)

    def words(self, name: str) -> tuple[str, ...]:
        """Words callers may say, from a comma-separated prompt such as words_back."""
        if name not in self._words:
            text = self.prompts.get(name, "")
            self._words[name] = tuple(w.strip().lower() for w in text.split(",") if w.strip())
        return self._words[name]


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "?", "!")) else text + "."


def _str(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if value is None or not str(value).strip():
        raise ContentError(f"{where}: '{name}' is required")
    return " ".join(str(value).split())


def _date(value: Any, name: str, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{where}: '{name}' must be a date like 2027-01-31") from exc


def _keywords(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(" ".join(str(k).lower().split()) for k in value or () if str(k).strip())


def parse_article(text: str, where: str) -> Article:
    """Parse one Markdown file with YAML front matter into an Article."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError(f"{where}: missing YAML front matter between '---' lines")
    try:
        meta = yaml.load(match.group(1), Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{where}: front matter is not valid YAML ({exc})") from exc
    if not isinstance(meta, dict):
        raise ContentError(f"{where}: front matter must be a mapping")
    article_id = _str(meta, "id", where)
    if not _ID.match(article_id):
        raise ContentError(f"{where}: id must be lower-case letters, digits and hyphens")
    body = match.group(2).strip()
    if not body:
        raise ContentError(f"{where}: the article has no text to read out")
    links = tuple(
        Link(title=_str(link, "title", where), url=_str(link, "url", where))
        for link in meta.get("links") or ()
    )
    return Article(
        id=article_id,
        title=_str(meta, "title", where),
        menu=_str(meta, "menu", where),
        key=_str(meta, "key", where),
        option=_str(meta, "option", where),
        keywords=_keywords(meta.get("keywords")),
        sms_summary=_str(meta, "sms_summary", where),
        links=links,
        last_reviewed=_date(meta.get("last_reviewed"), "last_reviewed", where),
        review_due=_date(meta.get("review_due"), "review_due", where),
        body=body,
        needs_review=bool(meta.get("needs_review", False)),
    )


def build_library(
    articles: list[Article],
    menus_data: Mapping[str, Any],
    prompts: Mapping[str, Any],
    lang: str = DEFAULT_LANGUAGE,
) -> Library:
    """Join articles to the menus they name and check every menu is usable by phone."""
    if MAIN_MENU not in menus_data:
        raise ContentError(f"menus.yaml: there must be a '{MAIN_MENU}' menu")
    topics: dict[str, list[Topic]] = {name: [] for name in menus_data}
    for name, data in menus_data.items():
        parent = (data or {}).get("parent")
        if parent is None:
            continue
        if parent not in menus_data:
            raise ContentError(f"menus.yaml: menu '{name}' names unknown parent '{parent}'")
        where = f"menus.yaml: menu '{name}'"
        topics[parent].append(
            Topic(
                key=_str(data, "key", where),
                option=_str(data, "option", where),
                keywords=_keywords(data.get("keywords")),
                menu=name,
            )
        )
    for article in articles:
        if article.menu not in topics:
            raise ContentError(f"{article.id}.md: unknown menu '{article.menu}'")
        topics[article.menu].append(
            Topic(article.key, article.option, article.keywords, article=article.id)
        )
    menus = {}
    for name, data in menus_data.items():
        where = f"menus.yaml: menu '{name}'"
        found = sorted(topics[name], key=lambda t: t.key)
        _check_topics(name, found)
        menus[name] = Menu(
            id=name,
            title=_str(data, "title", where),
            intro=_str(data, "intro", where),
            parent=data.get("parent"),
            topics=tuple(found),
        )
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        raise ContentError("two articles share an id")
    clean_prompts = {str(k): " ".join(str(v).split()) for k, v in prompts.items()}
    return Library({a.id: a for a in articles}, menus, clean_prompts, lang)


def _check_topics(menu: str, topics: list[Topic]) -> None:
    if not topics:
        raise ContentError(f"menu '{menu}' has no topics")
    if len(topics) > MAX_TOPICS:
        raise ContentError(f"menu '{menu}' has {len(topics)} topics; at most {MAX_TOPICS}")
    keys = [t.key for t in topics]
    if len(set(keys)) != len(keys) or not set(keys) <= set(TOPIC_KEYS):
        raise ContentError(f"menu '{menu}': topic keys must be distinct, from 1 to {MAX_TOPICS}")


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ContentError(f"{path.name}: {exc}") from exc


def _suffix(lang: str) -> str:
    """English files have no language in their name: menus.yaml; Welsh: menus.cy.yaml."""
    return "" if lang == DEFAULT_LANGUAGE else f".{lang}"


def languages(content_dir: Path) -> list[str]:
    """English, then every language that has its own prompts file (prompts.cy.yaml)."""
    found = (p.name.split(".")[1] for p in content_dir.glob("prompts.*.yaml"))
    return [DEFAULT_LANGUAGE, *sorted(lang for lang in found if _LANG.match(lang))]


def load_library(content_dir: Path, lang: str = DEFAULT_LANGUAGE) -> Library:
    """Read one language's articles, menus and prompts from the content folder."""
    suffix = _suffix(lang)
    articles = [
        parse_article(path.read_text(encoding="utf-8"), path.name)
        for path in sorted(content_dir.glob(f"*{suffix}.md"))
        if not path.name.startswith(("_", "README"))
        and path.name.count(".") == (1 if lang == DEFAULT_LANGUAGE else 2)
    ]
    return build_library(
        articles,
        _read_yaml(content_dir / f"menus{suffix}.yaml"),
        _read_yaml(content_dir / f"prompts{suffix}.yaml"),
        lang,
    )


def load_libraries(content_dir: Path) -> dict[str, Library]:
    """Every language's library, English first."""
    return {lang: load_library(content_dir, lang) for lang in languages(content_dir)}
