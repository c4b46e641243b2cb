"""A particular scan as callers hear and read it: its numbers said in the language's own
words, inside the sentences its prompts give, part by part. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from babel import Locale

from app.content.languages import written_date
from app.content.model import SECTIONS, Article, ContentError, Section, sentence
from app.content.procedures import NUMBERS, Procedure, Unit, Wording


class _Prompts:
    """A language's prompts, with the name of any one that is missing in the error."""

    def __init__(self, prompts: Mapping[str, str], lang: str) -> None:
        self.prompts, self.lang = prompts, lang

    def __call__(self, prompt: str, /, **values: str) -> str:
        try:
            return self.prompts[prompt].format(**values)
        except KeyError as exc:
            raise ContentError(f"prompts ({self.lang}): '{exc.args[0]}' is missing") from exc

    def amount(self, unit: Unit, n: int) -> str:
        """ "6 hours", "1 godzina", "5 godzin": the unit by CLDR's plural rule for the language,
        falling back to the `other` form where the language needs no more."""
        form = Locale.parse(self.lang).plural_form(n)
        name = f"unit_{unit}_{form}"
        return self(name if name in self.prompts else f"unit_{unit}_other", n=str(n))

    def duration(self, minutes: int) -> str:
        """Minutes, or whole hours from two hours up: "45 minutes", "3 hours"."""
        if minutes >= 120 and minutes % 60 == 0:
            return self.amount(Unit.HOUR, minutes // 60)
        return self.amount(Unit.MINUTE, minutes)


def _yes_no(say: _Prompts, name: str, value: bool | None) -> str:
    return say(f"procedure_{name}_" + ("ask" if value is None else "yes" if value else "no"))


def _sentences(procedure: Procedure, wording: Wording, say: _Prompts) -> dict[str, list[str]]:
    n, words = procedure.numbers, wording.words

    def amount(field: str) -> str:
        value = n[field]
        assert value is not None
        unit = NUMBERS[field].unit
        return say.duration(value) if unit is Unit.MINUTE else say.amount(unit, value)

    before = [
        say("procedure_fasting", hours=amount("fasting_hours"))
        if n["fasting_hours"]
        else say("procedure_eat_normal"),
        *(words.get(k, "") for k in ("eating", "medicines", "wear", "bring")),
    ]
    day = [
        words["injection"],
        say("procedure_injection_minutes", minutes=amount("injection_minutes"))
        if n["injection_minutes"]
        else "",
        words.get("wait", ""),
        "" if n["wait_minutes"] is None else say("procedure_no_wait") if n["wait_minutes"] == 0
        else say("procedure_wait_minutes", minutes=amount("wait_minutes")),
        words["scan"],
        say("procedure_scan_minutes", minutes=amount("scan_minutes")) if n["scan_minutes"] else "",
        _yes_no(say, "companion", procedure.switches["companion"]),
        _yes_no(say, "children", procedure.switches["children"]),
    ]  # fmt: skip
    contact = n["contact_hours"]
    after = [
        words.get("after", ""),
        say("procedure_contact_ask") if contact is None else say("procedure_contact_none")
        if contact == 0 else say("procedure_contact_hours", hours=amount("contact_hours")),
        words.get("driving_work", ""),
    ]  # fmt: skip
    pause = n["breastfeeding_pause_hours"]
    pregnancy = [
        say("procedure_pregnancy_tell"),
        say("procedure_breastfeeding_ask") if pause is None else say("procedure_breastfeeding_none")
        if pause == 0 else say("procedure_breastfeeding_pause",
                               hours=amount("breastfeeding_pause_hours")),
    ]  # fmt: skip
    results = [
        words["results"],
        say("procedure_results_days", days=amount("results_days")) if n["results_days"] else "",
    ]
    return dict(zip(SECTIONS, (before, day, after, pregnancy, results), strict=True))


def sections(
    procedure: Procedure, wording: Wording, prompts: Mapping[str, str], lang: str
) -> tuple[Section, ...]:
    """The scan's parts in one language: each its heading and its sentences."""
    say = _Prompts(prompts, lang)
    found = _sentences(procedure, wording, say)
    return tuple(
        Section(
            name,
            say(f"procedure_{name}"),
            " ".join(s for s in found[name] if s),
            wording.asks.get(name, ()),
        )  # fmt: skip
        for name in SECTIONS
    )


def article(
    procedure: Procedure, wording: Wording, prompts: Mapping[str, str], lang: str
) -> Article:
    """The scan as an article of the line (not yet on a menu: app.content.placing puts it)."""
    say = _Prompts(prompts, lang)
    parts = sections(procedure, wording, prompts, lang)
    if procedure.development:
        confirmation = say("procedure_development")
    elif not procedure.confirmed:  # only ever previewed or checked: never on the line
        confirmation = say("procedure_to_confirm")
    else:
        on = written_date(procedure.confirmed_on, lang) if procedure.confirmed_on else ""
        confirmation = say("procedure_confirmed", name=procedure.confirmed_by, date=on)
    english = procedure.english
    return Article(
        id=procedure.id,
        title=wording.name,
        menu="",
        key="",
        option=wording.option,
        keywords=wording.keywords,
        sms_summary=wording.sms_summary,
        links=procedure.sources,
        last_reviewed=wording.last_reviewed or english.last_reviewed,
        review_due=wording.review_due or english.review_due,
        body="\n\n".join(f"{sentence(s.heading)} {s.text}" for s in parts),
        sections=parts,
        lead=say("procedure_letter_first"),
        confirmation=confirmation,
    )
