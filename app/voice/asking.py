"""A question in the caller's own words, on the phone: urgent help first when it may be an
emergency, then the reviewed answer and what to do next, or "not sure", the best answer named
as a choice when it is near enough, and the closest topics; a second miss offers a person, in
hours (help). Pure given a Line, like steps."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from app.ask import Found, Verdict, ask, index_of
from app.ask.find import urgent as find_urgent
from app.audio.speaker import Utterance
from app.content.item_keys import ItemKey
from app.content.keys import OFFERS
from app.content.model import MAIN_MENU, Library
from app.content.spoken import parts
from app.core.counts import Count
from app.voice import steps
from app.voice.call import Call, Line
from app.voice.flow import Place
from app.voice.named import SCAN

# A second question the line cannot answer offers a person (in hours) rather than a third.
MISSES = 2
# Up to this many words said, a phrase that is a key's or a topic's words chooses it, as
# ever ("results", "bone scan please"); more, and the caller is asking a question.
CHOICE_WORDS = 4
NO_TOPIC = "-"


def is_question(speech: str, chosen: str | None) -> bool:
    """Whether words said are a question rather than a choice: none of the place's words,
    or more words than a choice takes."""
    said = speech.split()
    return bool(said) and (chosen is None or len(said) > CHOICE_WORDS)


def urgent(line: Line, call: Call, speech: str) -> bool:
    """Whether the words have a phrase of a possible emergency in them."""
    return find_urgent(index_of(line.library(call)), speech)


def urgent_first(line: Line, call: Call, verdict: Verdict) -> list[Utterance]:
    return [line.prompt("ask_urgent", call)] if verdict.urgent else []


def question(
    line: Line, call: Call, speech: str, misses: int = 0, named: str | None = None
) -> str | None:
    """What the line says to a question. None when it is not sure, has nothing to name,
    nothing is urgent, and the words named one of the department's scans (`named`, the menu's
    choice): the caller hears that scan, as when they say its name alone."""
    verdict = ask(line.library(call), speech)
    unsure = verdict.found is None and verdict.guess is None and not verdict.urgent
    if unsure and named and named.startswith(SCAN):
        return None
    if verdict.urgent:
        line.count(Count.QUESTIONS_URGENT)
    before = urgent_first(line, call, verdict)
    if verdict.found is not None:
        line.count(Count.ANSWERED.of(verdict.found.article))
        return answer(line, call, verdict.found, before)
    line.count(Count.NOT_SURE.of(verdict.closest[0] if verdict.closest else NO_TOPIC))
    line.keep(speech, call.lang)
    return not_sure(line, call, verdict.closest, misses + 1, before, guess=verdict.guess)


def answer_args(found: Found) -> dict[str, object]:
    return {
        "article_id": found.article,
        "n": found.part,
        **({"answer": found.answer} if found.answer else {}),
    }


def answer(
    line: Line,
    call: Call,
    found: Found,
    before: Sequence[Utterance] = (),
    attempt: int = 1,
    again: bool = True,
) -> str:
    """The answer (a short answer, or the part of a topic or scan it is in), then what the
    caller can do next: more, the link by text, another question, the main menu."""
    said = (
        ItemKey.answer(found.answer) if found.answer else ItemKey.article(found.article, found.part)
    )
    heard = [*before, line.say(said, call)] if again else list(before)
    args = answer_args(found)
    return steps.ask(
        line,
        call,
        Place.ANSWER,
        heard,
        [line.prompt("ask_answer_options", call)],
        line.url("voice.choose_after_answer", call, **args),
        steps.choices(Place.ANSWER, line.library(call)),
        line.url("voice.after_answer", call, attempt=attempt + 1, **args),
        attempt,
    )


def closest_arg(closest: Iterable[str]) -> str:
    return ",".join(closest) or NO_TOPIC


def guess_arg(guess: Found | None) -> str:
    """A named answer in a URL: `topic:part:answer` ("" for none); read by `guess_of`."""
    return f"{guess.article}:{guess.part}:{guess.answer}" if guess else ""


def guess_of(library: Library, text: str) -> Found | None:
    """`guess_arg`'s text read back, None unless it names a part or answer the line has."""
    topic, _, rest = text.partition(":")
    part, _, answer = rest.partition(":")
    article = library.articles.get(topic)
    if article is None or not (part.isascii() and part.isdigit()):
        return None
    if answer and answer not in library.answers:
        return None
    if not answer and not 1 <= int(part) <= len(parts(article)):
        return None
    return Found(topic, int(part), answer)


def unsure_args(keys: dict[str, str], misses: int, guess: Found | None) -> dict[str, object]:
    """What "not sure" carries to the caller's next step: its offers and the misses so far."""
    return {"closest": closest_arg(keys.values()), "misses": misses, "guess": guess_arg(guess)}


def unsure_words(
    library: Library, keys: dict[str, str], guess: Found | None
) -> dict[str, tuple[str, ...]]:
    """The keys "not sure" offers with the words that choose them: the named answer by its
    key or a yes ("words_maybe"), each topic by its key or its words."""
    named = {OFFERS[0]: library.words("words_maybe")} if guess else {}
    return named | {k: library.articles[a].keywords for k, a in keys.items()}


def guess_key(guess: Found) -> ItemKey:
    """What the line says to name a guess (app.audio.items makes one for each)."""
    return ItemKey.guess(guess.answer) if guess.answer else ItemKey.guess(guess.article, guess.part)


def offers(library: Library, closest: Sequence[str], guess: Found | None) -> dict[str, str]:
    """The topics offered when not sure, by key: the closest two on 1 and 2; with a named
    answer (on 1), one on 2, other than the answer's own topic (a scan's menu stays: its
    other parts)."""
    topics = [a for a in closest if a in library.articles]
    if guess is None:
        return dict(zip(OFFERS, topics, strict=False))
    own = guess.article if not library.articles[guess.article].is_procedure else None
    return dict(zip(OFFERS[1:], [a for a in topics if a != own], strict=False))


def not_sure(
    line: Line,
    call: Call,
    closest: Sequence[str],
    misses: int,
    before: Sequence[Utterance] = (),
    attempt: int = 1,
    guess: Found | None = None,
) -> str:
    """Not sure: say so; name the best answer on 1 when it is near enough (played only if
    chosen), and offer the closest topics by name on the other keys; after the second miss,
    help, where a person is offered when the department is open."""
    library = line.library(call)
    keys = offers(library, closest, guess)
    if misses >= MISSES:
        sorry = [*before, line.prompt("ask_still_not_sure", call)]
        main = line.url("voice.menu", call, menu_id=MAIN_MENU)
        return steps.help_menu(line, call, main, sorry, person_first=True)
    said = [line.say(guess_key(guess), call)] if guess else []
    said += [line.say(ItemKey.offer(a, int(k)), call) for k, a in keys.items()]
    args = unsure_args(keys, misses, guess)
    own = unsure_words(library, keys, guess)
    return steps.ask(
        line,
        call,
        Place.UNSURE,
        [*before, line.prompt("ask_not_sure", call)] if attempt == 1 else list(before),
        [*said, line.prompt("ask_not_sure_options", call)],
        line.url("voice.choose_unsure", call, **args),
        steps.choices(Place.UNSURE, library, own),
        line.url("voice.unsure", call, attempt=attempt + 1, **args),
        attempt,
    )


def asking(
    line: Line, call: Call, misses: int = 0, attempt: int = 1, before: Sequence[Utterance] = ()
) -> str:
    """Asked to ask: "What would you like to know?" """
    return steps.ask(
        line,
        call,
        Place.ASKING,
        before,
        [line.prompt("ask_question", call)],
        line.url("voice.heard_question", call, misses=misses),
        steps.choices(Place.ASKING, line.library(call)),
        line.url("voice.asking_step", call, misses=misses, attempt=attempt + 1),
        attempt,
    )
