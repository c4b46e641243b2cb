"""Where the department's scans go on the phone: the free keys of the menu that takes them
(menus.yaml: `procedures: true`), then, when they do not fit, pages of "other scans" behind
its last free key, so no menu ever has more than five choices and the keys mean the same
everywhere. With no scan switched on, a menu left with one topic gives way to it. Pure."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

from app.content.model import MAX_TOPICS, TOPIC_KEYS, Article, ContentError


def _host(menus: Mapping[str, Any]) -> str | None:
    hosts = [name for name, data in menus.items() if (data or {}).get("procedures")]
    if len(hosts) > 1:
        raise ContentError(f"menus.yaml: only one menu may take the scans ({', '.join(hosts)})")
    return hosts[0] if hosts else None


def _used(host: str, menus: Mapping[str, Any], articles: Sequence[Article]) -> set[str]:
    used = {a.key for a in articles if a.menu == host}
    return used | {
        str((d or {}).get("key")) for d in menus.values() if (d or {}).get("parent") == host
    }


def _collapse(
    host: str, menus: dict[str, Any], articles: list[Article]
) -> tuple[list[Article], dict[str, Any]]:
    """A scans menu with only its general topic left: that topic takes the menu's place;
    with nothing at all, the menu goes."""
    data = menus[host] or {}
    own = [a for a in articles if a.menu == host]
    if not own and not _used(host, menus, []):
        return articles, {name: d for name, d in menus.items() if name != host}
    if len(own) != 1 or _used(host, menus, []) or not data.get("parent"):
        return articles, menus
    only = own[0]
    keywords = tuple(dict.fromkeys((*(str(k).lower() for k in data.get("keywords") or ()),
                                    *only.keywords)))  # fmt: skip
    moved = dataclasses.replace(
        only, menu=str(data["parent"]), key=str(data["key"]), option=str(data["option"]),
        keywords=keywords,
    )  # fmt: skip
    rest = {name: d for name, d in menus.items() if name != host}
    return [moved if a is only else a for a in articles], rest


def place(
    scans: Sequence[Article], menus: Mapping[str, Any], articles: Sequence[Article]
) -> tuple[list[Article], dict[str, Any]]:
    """Every article, the scans (in the department's order) among them on their menu and
    key, and the menus with any pages of other scans they need."""
    menus_out, found = dict(menus), list(articles)
    host = _host(menus)
    if host is None:
        if scans:
            raise ContentError("menus.yaml: no menu has 'procedures: true' to take the scans")
        return found, menus_out
    if not scans:
        return _collapse(host, menus_out, found)
    data = menus[host] or {}
    waiting = list(scans)  # in the department's order
    menu, free, page = host, [k for k in TOPIC_KEYS if k not in _used(host, menus, articles)], 1
    while waiting:
        if not free:
            raise ContentError(f"menus.yaml: menu '{host}' has no free key for the scans")
        if len(waiting) > len(free):
            here, waiting, more = waiting[: len(free) - 1], waiting[len(free) - 1 :], free[-1]
        else:
            here, waiting, more = waiting, [], ""
        found += [
            dataclasses.replace(a, menu=menu, key=k) for a, k in zip(here, free, strict=False)
        ]
        if more:
            page += 1
            name = f"{host}-more" if page == 2 else f"{host}-more-{page - 1}"
            menus_out[name] = {
                "parent": menu, "key": more, "title": data.get("more_intro"),
                "intro": data.get("more_intro"), "option": data.get("more_option"),
                "keywords": data.get("more_keywords") or (),
            }  # fmt: skip
            menu, free = name, list(TOPIC_KEYS[:MAX_TOPICS])
    return found, menus_out
