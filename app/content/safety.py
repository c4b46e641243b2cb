"""Checks that keep callers safe and the line unambiguous: help says where urgent help
is, and no word a caller may say chooses two things at once."""

from __future__ import annotations

from collections.abc import Iterator

from app.content.model import Menu

Result = Iterator[tuple[str, str, str]]
# Where a caller, texter or reader who needs urgent help is told where to get it (hazard H07).
EMERGENCY_PROMPTS = ("urgent", "help", "sms_help", "page_footer", "ask_urgent", "sms_urgent")


def emergency(text: str, name: str) -> Result:
    missing = [number for number in ("999", "111") if number not in text]
    if missing:
        yield (
            "error",
            "emergency",
            f"The {name.replace('_', ' ')} must say what to do in an emergency (999) and for "
            f"urgent advice (NHS 111); it does not say {' or '.join(missing)}.",
        )


def clashes(menu: Menu) -> Result:
    """Words a caller may say that would choose two topics of one menu."""
    chosen: dict[str, list[str]] = {}
    for topic in menu.topics:
        for word in dict.fromkeys(topic.keywords):
            chosen.setdefault(word, []).append(topic.option)
    for word, options in chosen.items():
        if len(options) > 1:
            yield (
                "error",
                "keyword-clash",
                f'Callers who say "{word}" could mean more than one choice: '
                + "; ".join(f'"{o}"' for o in options)
                + ". Give the word to one of them only.",
            )
