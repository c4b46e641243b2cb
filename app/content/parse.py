"""Pure parsers: the text of content files into the model, checked as the phone needs it."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from app.content.languages import DEFAULT_LANGUAGE
from app.content.model import (
    MAIN_MENU,
    MAX_TOPICS,
    PARSED_KEPT,
    TOPIC_KEYS,
    Article,
    ContentError,
    Library,
    Link,
    Menu,
    Topic,
)
from app.content.placing import place

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", re.DOTALL)
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
# The menus and prompts files have these names, in the editor's addresses too.
RESERVED_IDS = frozenset({"menus", "prompts"})
# libyaml when it is there: a library of thousands of articles loads in well under a second.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str, where: str) -> Any:
    """YAML text as data; a ContentError naming the file if it is not valid YAML."""
    try:
        return yaml.load(text, Loader=_Loader) or {}
    except yaml.YAMLError as exc:
        raise ContentError(f"{where}: {exc}") from exc


def text_of(data: Mapping[str, Any], name: str, where: str) -> str:
    value = data.get(name)
    if value is None or not str(value).strip():
        raise ContentError(f"{where}: '{name}' is required")
    return " ".join(str(value).split())


def when(value: Any, name: str, where: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError as exc:
        raise ContentError(f"{where}: '{name}' must be a date like 2027-01-31") from exc


def keywords_of(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    return tuple(" ".join(str(k).lower().split()) for k in value or () if str(k).strip())


def phrasings_of(value: Any, where: str, name: str = "asks") -> tuple[str, ...]:
    """A list of phrasings as callers say them, each on its own; anything else stops the file."""
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise ContentError(f"{where}: {name} must be a list of phrasings")
    return tuple(" ".join(p.split()) for p in value if p.strip())


@functools.lru_cache(maxsize=PARSED_KEPT)
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
    article_id = text_of(meta, "id", where)
    if not _ID.match(article_id):
        raise ContentError(f"{where}: id must be lower-case letters, digits and hyphens")
    if article_id in RESERVED_IDS:
        raise ContentError(f"{where}: '{article_id}' is the name of a file of its own")
    body = match.group(2).strip()
    if not body:
        raise ContentError(f"{where}: the article has no text to read out")
    links = tuple(
        Link(title=text_of(link, "title", where), url=text_of(link, "url", where))
        for link in meta.get("links") or ()
    )
    return Article(
        id=article_id,
        title=text_of(meta, "title", where),
        menu=text_of(meta, "menu", where),
        key=text_of(meta, "key", where),
        option=text_of(meta, "option", where),
        keywords=keywords_of(meta.get("keywords")),
        sms_summary=text_of(meta, "sms_summary", where),
        links=links,
        last_reviewed=when(meta.get("last_reviewed"), "last_reviewed", where),
        review_due=when(meta.get("review_due"), "review_due", where),
        body=body,
        needs_review=bool(meta.get("needs_review", False)),
        asks=phrasings_of(meta.get("asks"), where),
    )


def build_library(
    articles: list[Article],
    menus_data: Mapping[str, Any],
    prompts: Mapping[str, Any],
    lang: str = DEFAULT_LANGUAGE,
    scans: Sequence[Article] = (),
) -> Library:
    """Join articles (and the department's scans, in its order) to the menus they name and
    check every menu is usable by phone."""
    articles, menus_data = place(scans, menus_data, articles)
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
                key=text_of(data, "key", where),
                option=text_of(data, "option", where),
                keywords=keywords_of(data.get("keywords")),
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
            title=text_of(data, "title", where),
            intro=text_of(data, "intro", where),
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
