"""Review reminders as a test arranges them: which topics it makes due (in the content's
copy), the dashboard's list of them, and a mail server that takes the daily summary."""

from __future__ import annotations

import datetime as dt
import html
import re
from contextlib import AbstractContextManager
from pathlib import Path

from tests.support import first_sign_in

EMAIL = "nm-reviews@hospital.example"


def planned(folder: Path, today: dt.date) -> list[tuple[str, str, dt.date]]:
    """The (lang, slug, review date) of the topics a test makes due, in the summary's order:
    one overdue, then two due within 30 days, soonest first."""
    first, second = sorted(p.stem for p in folder.glob("*.md") if "." not in p.stem)[:2]
    days = dt.timedelta(days=1)
    return [("en", first, today - 3 * days), ("en", second, today + 10 * days),
            ("cy", first, today + 20 * days)]  # fmt: skip


def date_reviews(folder: Path, today: dt.date) -> None:
    """Every topic's review date a year away, but for the planned ones."""
    dates = {(lang, slug): when for lang, slug, when in planned(folder, today)}
    for path in folder.glob("*.md"):
        slug, _, lang = path.stem.partition(".")
        when = dates.get((lang or "en", slug), today + dt.timedelta(days=365))
        text, changed = re.subn(r"(?m)^review_due: .*$", f"review_due: {when}", path.read_text())
        assert changed == 1, path
        path.write_text(text)


def listed(page: str) -> list[tuple[str, str, str]]:
    """The dashboard's reminders: (link, text of the link, why) of each."""
    found = re.search(r'<ul id="reminder-list">(.*?)</ul>', page, re.S)
    assert found, "no list of reminders on the dashboard"
    items = re.findall(r'<a href="([^"]+)">([^<]+)</a>:\s*<span[^>]*>([^<]+)</span>', found[1])
    return [(href, html.unescape(text), why) for href, text, why in items]


class Mailbox(first_sign_in.Mailbox):
    """A mail server of the test's own, and the settings that send the summary to EMAIL
    there: what it was sent, as (to, message)."""

    def settings(self) -> dict[str, str]:
        return {**super().settings(), "REMINDERS_EMAIL": EMAIL}


def mailbox() -> AbstractContextManager[Mailbox]:
    return first_sign_in.serving(Mailbox())
