"""The rules of a text conversation with the line, as pure functions: what a text asks for,
and the words of the reply."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass

from app.ask import Verdict, ask
from app.content.choices import choose
from app.content.languages import BY_NAME
from app.content.links import article_link
from app.content.model import Library
from app.content.spoken import guess_name
from app.content.wording import (
    MOST_SEGMENTS,
    gsm7,
    help_text,
    menu_text,
    segments,
    sms_scans,
    sms_topics,
    topic_text,
)

# Twilio answers these itself on long codes and still forwards them: we record, not reply.
# Twilio's list, then Welsh (stopio, diwedd, canslo, dad-danysgrifio) and Polish (koniec,
# anuluj, wypisz, rezygnuję). A text whose first word is one of them opts out: the safe way
# to be wrong, told in a reply when the word was not alone ("stop eating?"), so nobody is
# opted out without knowing how to start again. Opting back in takes the word alone (START,
# YES, UNSTOP, dechrau, wznów).
STOP_WORDS = frozenset({
    "STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT",
    "STOPIO", "DIWEDD", "CANSLO", "DADDANYSGRIFIO",
    "KONIEC", "ANULUJ", "WYPISZ", "REZYGNUJE",
})  # fmt: skip
START_WORDS = frozenset({"START", "UNSTOP", "YES", "DECHRAU", "WZNOW"})
HELP_WORDS = frozenset({"HELP", "INFO"})
MENU_WORDS = frozenset({"MENU", "TOPICS", "LIST"})
# Up to this many words, a text that is a topic's or scan's words asks for it ("bone scan");
# longer, it is a question in the sender's own words (app.ask).
CHOICE_WORDS = 4
# Texting a language's name switches the conversation to it (for 90 days): BY_NAME, from
# the table of languages (app.content.languages).


@dataclass(frozen=True)
class Asked:
    """What a text asks for: stop, start, language (with `lang`), or an answer."""

    kind: str
    lang: str = ""
    alone: bool = False  # the word on its own, as Twilio's own opt-out matches it


def words(body: str, joiner: str = "") -> list[str]:
    """The words of a text as keywords are matched: NFKC, case folded, accents dropped,
    punctuation, symbols and invisible characters taken out (or, with joiner=" ", made gaps):
    "STOP.", "stop!", " Stop " and "ＳＴＯＰ" are all STOP."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", body).casefold())
    kept = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif unicodedata.category(ch)[0] in "PSC":
            kept.append(joiner)
        elif not unicodedata.combining(ch):
            kept.append(ch)
    return "".join(kept).upper().split()


def understand(body: str, languages: Collection[str]) -> Asked:
    """What the sender wants, from the words of their text."""
    joined, spaced = words(body), words(body, " ")
    # "S.T.O.P" is STOP joined up, "stop,please" is STOP with the comma made a gap.
    if {w[0] for w in (joined, spaced) if w} & STOP_WORDS:
        return Asked("stop", alone=joined[:1] == joined[-1:] and joined[0] in STOP_WORDS)
    if len(joined) == 1 and joined[0] in START_WORDS:
        return Asked("start")
    chosen = BY_NAME.get(joined[0], "") if joined else ""
    if chosen in languages and len(joined) <= 2:
        return Asked("language", chosen)
    return Asked("answer")


def answer(
    library: Library, body: str, base_url: str, keep: Callable[[str], object] = lambda words: None
) -> str:
    """The reply to a text: a topic's summary and link, help, or the list of topics."""
    said = words(body, " ")
    if said and said[0] in HELP_WORDS:
        return help_text(library, base_url)
    topics, scans = sms_topics(library), sms_scans(library)
    options = {str(n): a.keywords for n, a in enumerate(topics, start=1)}
    # A scan by its name ("bone", "bone scan"): never by a number, so the list stays short.
    options |= {a.id: a.keywords for a in scans}
    # Nothing but punctuation or emoji ("?", "🙂") asks for the list too.
    if not said or said[0] in MENU_WORDS:
        return menu_text(library, topics, scans)
    key = choose("", body, options)
    if key is None or len(said) > CHOICE_WORDS:
        verdict = ask(library, body)
        if verdict.urgent or verdict.found or key is None and verdict.closest:
            if verdict.found is None:
                keep(body)  # not answered: kept if the department keeps such questions
            return question_text(library, verdict, base_url)
    if key in options:
        article = topics[int(key) - 1] if key.isdigit() else library.articles[key]
        return topic_text(article, article_link(base_url, article.id, library.lang))
    return menu_text(library, topics, scans)


def question_text(library: Library, verdict: Verdict, base_url: str) -> str:
    """The reply to a question: urgent help first when it may be an emergency; then the
    answer and its page's link, or that the line is not sure and the closest topics. Words
    are only ever reviewed ones, within the texts' limit (the summary when a part is long)."""
    urgent = [library.prompt("sms_urgent")] if verdict.urgent else []
    found = verdict.found
    if found is None:
        titles = {a: library.articles[a].title.rstrip("?.") for a in verdict.closest}
        if not titles:
            return gsm7(" ".join(urgent)) if urgent else menu_text(library, sms_topics(library))
        topics = "; ".join(titles.values())
        guess = verdict.guess
        if guess is not None:  # named, never sent as the answer: its name and page only
            link = article_link(base_url, guess.article, library.lang)
            choice = guess_name(library, guess.article, guess.part, guess.answer)
            others = [t for a, t in titles.items() if a != guess.article] or titles.values()
            maybe = library.prompt("sms_maybe", choice=choice, link=link, topics="; ".join(others))
            named = gsm7(" ".join([*urgent, maybe]))
            if segments(named) <= MOST_SEGMENTS:
                return named
        return gsm7(" ".join([*urgent, library.prompt("sms_not_sure", topics=topics)]))
    article = library.articles[found.article]
    link = article_link(base_url, article.id, library.lang)
    if found.answer:
        said = library.answers[found.answer].answer
    elif article.is_procedure:
        section = article.sections[found.part - 1]
        said = f"{section.heading}: {section.text}"
    else:
        said = ""
    reply = gsm7(" ".join([*urgent, library.prompt("sms_answer", answer=said, link=link)]))
    if said and segments(reply) <= MOST_SEGMENTS:
        return reply
    return gsm7(" ".join([*urgent, topic_text(article, link)]))
