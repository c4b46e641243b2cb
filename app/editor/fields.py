"""A topic's edit form as the file's text, and back: Markdown with YAML front matter.

The form has one field for each thing a caller hears or reads; the file keeps whatever
else its front matter held, in its own order, with its comments."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.content.model import ContentError
from app.editor import yamltext

_FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*\n?(.*)\Z", re.DOTALL)
_LINK = re.compile(r"^(?P<title>.+?)\s*\|\s*(?P<url>\S+)\s*$")


@dataclass
class TopicFields:
    """What the edit form shows, each as the person types it."""

    id: str = ""
    title: str = ""
    menu: str = "main"
    key: str = ""
    option: str = ""
    keywords: str = ""  # comma-separated
    asks: str = ""  # how callers ask about it, one a line (never spoken)
    sms_summary: str = ""
    links: str = ""  # one a line: title | https://...
    sources: str = ""  # one a line
    review_due: str = ""  # YYYY-MM-DD
    needs_review: bool = False
    body: str = ""
    extra: dict[str, Any] = field(default_factory=dict, repr=False)

    @classmethod
    def from_form(cls, form: Mapping[str, str], topic_id: str) -> TopicFields:
        names = [n for n in cls.__dataclass_fields__ if n not in ("id", "extra", "needs_review")]
        values: dict[str, Any] = {n: str(form.get(n, "")).replace("\r\n", "\n") for n in names}
        return cls(id=topic_id, needs_review=bool(form.get("needs_review")), **values)

    def form(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if k != "extra"}


def split(text: str, where: str) -> tuple[Any, str]:
    """A topic file's front matter (kept as written) and its body."""
    match = _FRONT_MATTER.match(text.replace("\r\n", "\n"))
    if not match:
        raise ContentError(f"{where}: missing YAML front matter between '---' lines")
    meta = yamltext.load(match.group(1), where)
    if not isinstance(meta, dict):
        raise ContentError(f"{where}: the front matter must be a mapping")
    return meta, match.group(2).strip()


def _lines(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else ([] if value is None else [value])


def fields_of(text: str, where: str) -> TopicFields:
    """The form's fields for a topic file."""
    meta, body = split(text, where)
    links = "\n".join(
        f"{link.get('title', '')} | {link.get('url', '')}"
        for link in _lines(meta.get("links"))
        if isinstance(link, dict)
    )
    due = meta.get("review_due")
    return TopicFields(
        id=str(meta.get("id", "")),
        title=str(meta.get("title", "")),
        menu=str(meta.get("menu", "main")),
        key=str(meta.get("key", "")),
        option=str(meta.get("option", "")),
        keywords=", ".join(str(k) for k in _lines(meta.get("keywords"))),
        asks="\n".join(str(a) for a in _lines(meta.get("asks"))),
        sms_summary=str(meta.get("sms_summary", "")),
        links=links,
        sources="\n".join(str(s) for s in _lines(meta.get("sources"))),
        review_due=due.isoformat() if isinstance(due, dt.date) else str(due or ""),
        needs_review=bool(meta.get("needs_review", False)),
        body=body,
        extra={k: v for k, v in meta.items() if k not in _OWN},
    )


_OWN = ("id", "title", "menu", "key", "option", "keywords", "asks", "sms_summary", "links",
        "sources", "review_due", "needs_review", "last_reviewed")  # fmt: skip


def _links(text: str) -> CommentedSeq:
    """Links as written, "title | https://...". A line that is not kept as its title with
    no address, so the draft is saved and the check says what is missing."""
    links = CommentedSeq()
    for line in filter(None, (raw.strip() for raw in text.splitlines())):
        match = _LINK.match(line)
        link = CommentedMap()
        link["title"] = match.group("title") if match else line
        link["url"] = match.group("url") if match else ""
        links.append(link)
    return links


def _flow(items: list[str]) -> CommentedSeq:
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def text_of(
    fields: TopicFields, previous: str | None = None, reviewed: dt.date | None = None
) -> str:
    """The topic file for these fields, keeping what else `previous` had. `reviewed`: the day
    it is published (its last_reviewed); otherwise the file's own date stays."""
    meta: Any = CommentedMap()
    if previous:
        try:
            meta, _ = split(previous, fields.id)
        except ContentError:
            meta = CommentedMap()
    keywords = [k.strip() for k in fields.keywords.split(",") if k.strip()]
    sources = [s.strip() for s in fields.sources.splitlines() if s.strip()]
    values: dict[str, Any] = {
        "id": fields.id,
        "title": " ".join(fields.title.split()),
        "menu": fields.menu.strip(),
        "key": _number(fields.key),
        "option": " ".join(fields.option.split()),
        "keywords": _flow(keywords),
        "sms_summary": " ".join(fields.sms_summary.split()),
        "links": _links(fields.links),
    }
    for name, value in values.items():
        if _plain(meta.get(name)) != _plain(value):  # unchanged: kept as written, quotes too
            meta[name] = value
    asks = [" ".join(a.split()) for a in fields.asks.splitlines() if a.strip()]
    _set_or_drop(meta, "asks", CommentedSeq(asks) if asks else None)
    _set_or_drop(meta, "sources", CommentedSeq(sources) if sources else None)
    if reviewed is not None:
        meta["last_reviewed"] = reviewed
    due = fields.review_due.strip()
    _set_or_drop(meta, "review_due", _date(due) if due else None)
    _set_or_drop(meta, "needs_review", True if fields.needs_review else None)
    body = "\n\n".join(p.strip() for p in re.split(r"\n\s*\n", fields.body.strip()) if p.strip())
    return f"---\n{yamltext.dump(meta)}---\n{body}\n"


def _number(text: str) -> int | str:
    """A key as a number when it is one (1 to 5), else as typed, for the check to name."""
    text = text.strip()
    return int(text) if re.fullmatch(r"[0-9]{1,3}", text) else text


def _set_or_drop(meta: Any, name: str, value: Any) -> None:
    if value is None:
        meta.pop(name, None)
    elif _plain(meta.get(name)) != _plain(value):
        meta[name] = value


def _plain(value: Any) -> Any:
    """A value as data alone, so "the same words, written alike" compares equal."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _date(text: str) -> dt.date | str:
    """A date; anything else as typed, for the check to name."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text
