"""What happens after a key, in each place of a call: flow.FLOW's action, made TwiML."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from app.ask import Found
from app.content.choices import choose
from app.content.keys import OFFERS
from app.content.languages import menu_words
from app.content.model import Article, Menu
from app.content.spoken import parts
from app.core.counts import Count
from app.feedback import counts as feedback
from app.voice import asking, steps, twiml
from app.voice.call import Call, Line
from app.voice.closed import closed_words
from app.voice.flow import Do, Place, action
from app.voice.named import SCAN, topic_words

# The URL of where the caller is, for a call with these choices (help and slower speech
# come back to it).
Here = Callable[[Call], str]


@dataclass(frozen=True)
class Said:
    """What the caller did at a <Gather>: the key pressed, or the words recognised."""

    digits: str = ""
    speech: str = ""


def _key(
    line: Line, call: Call, place: Place, said: Said, own: Mapping[str, Sequence[str]] | None = None
) -> str | None:
    line.count(Count.INPUT_SPEECH if said.speech else Count.INPUT_KEYPAD)
    options = steps.choices(place, line.library(call), own)
    return choose(said.digits, said.speech, options, everywhere={})


def _anywhere(line: Line, call: Call, do: Do | None, here: Here) -> str | None:
    """The keys that do the same in every place."""
    if do is Do.MAIN:
        return steps.main(line, call)
    if do is Do.HELP:
        return steps.help_menu(line, call, here(call))
    if do is Do.SLOWER:
        slower = Call(call.lang, True)
        return steps.slower(line, slower, here(slower))
    if do is Do.LANGUAGES and len(line.libraries) > 1:
        return steps.languages(line, call)
    return None


def _asked(
    line: Line, call: Call, said: Said, key: str | None, misses: int = 0, named: str | None = None
) -> str | None:
    """A question in the caller's own words, answered; None when the words were a choice.
    Urgent help comes first even before a choice ("chest pain" is never a menu word)."""
    if not said.speech or not said.speech.strip():
        return None
    if asking.is_question(said.speech, key) or asking.urgent(line, call, said.speech):
        return asking.question(line, call, said.speech, misses, named or key)
    return None


def in_menu(line: Line, call: Call, menu: Menu, said: Said) -> str:
    library = line.library(call)
    key = _key(line, call, Place.MENU, said, topic_words(menu, library))
    chosen = menu.topic(key) if key else None  # a scan of this menu, by its name
    if chosen and chosen.article and library.articles[chosen.article].is_procedure:
        asked = _asked(line, call, said, key, named=SCAN + chosen.article)
    else:
        asked = _asked(line, call, said, key)
    if asked is not None:
        return asked
    scan = library.articles.get(key.removeprefix(SCAN)) if key else None
    if key and key.startswith(SCAN) and scan is not None:
        return steps.start(line, call, scan)
    do = action(Place.MENU, key)
    topic = menu.topic(key) if do is Do.TOPIC and key else None
    if topic and topic.article:
        return steps.start(line, call, library.articles[topic.article])
    if topic and topic.menu:
        return steps.menu(line, call, library.menus[topic.menu])
    if do is Do.UP and menu.parent:
        return steps.menu(line, call, library.menus[menu.parent])
    if do in (Do.REPEAT, Do.UP):
        return steps.menu(line, call, menu)
    here: Here = lambda c: line.url("voice.menu", c, menu_id=menu.id)  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return _anywhere(line, call, do, here) or steps.menu(line, call, menu, sorry)


def in_part(line: Line, call: Call, article: Article, n: int, said: Said) -> str:
    do = action(Place.PART, _key(line, call, Place.PART, said))
    if do is Do.TEXT_LINK:
        return steps.part(line, call, article, n, [line.text_link(article, call)])
    if do is Do.PART_BACK:
        return steps.part(line, call, article, n - 1)
    if do is Do.PART_FORWARD:
        return steps.part(line, call, article, n + 1)
    if do is Do.REPEAT:
        return steps.part(line, call, article, n)
    if do is Do.UP:
        return steps.menu(line, call, line.library(call).menus[article.menu])
    here: Here = lambda c: line.url("voice.part", c, article_id=article.id, n=n)  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return _anywhere(line, call, do, here) or steps.part(line, call, article, n, sorry)


def after_topic(line: Line, call: Call, article: Article, said: Said, rated: bool = False) -> str:
    key = _key(line, call, Place.AFTER, said)
    asked = _asked(line, call, said, key)
    if asked is not None:
        return asked
    do = action(Place.AFTER, key)
    if do is Do.TEXT_LINK:
        return steps.after(line, call, article, [line.text_link(article, call)], rated=rated)
    if do in (Do.HELPFUL, Do.UNHELPFUL):
        if not rated:  # once a call and topic: a second press is thanked, not counted
            line.count(feedback.name("phone", do is Do.HELPFUL, article.id))
        thanks = [line.prompt("feedback_thanks", call)]
        return steps.after(line, call, article, thanks, rated=True)
    if do is Do.FROM_START:
        return steps.part(line, call, article, 1)
    if do is Do.LAST_PART:
        return steps.part(line, call, article, len(parts(article)))
    if do is Do.UP:
        return steps.menu(line, call, line.library(call).menus[article.menu])
    marked = {"rated": 1} if rated else {}
    here: Here = lambda c: line.url("voice.article_options", c, article_id=article.id, **marked)  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return _anywhere(line, call, do, here) or steps.after(line, call, article, sorry, rated=rated)


def in_help(line: Line, call: Call, back: str, said: Said) -> str:
    department = line.department
    do = action(Place.HELP, _key(line, call, Place.HELP, said, steps.person_words(line, call)))
    if do is Do.PERSON and department is not None:
        if department.open_now:
            after = line.url("voice.after_dial", call, back=back)
            connecting = [line.prompt("person_connecting", call)]
            return twiml.connect(connecting, department.phone, after)
        offer = line.url("voice.callback_offer", call, back=back, why="closed")  # a call back
        return twiml.go_to([closed_words(line.library(call), department)], offer)
    if do in (Do.RETURN, None):
        return twiml.go_to([], back)
    here: Here = lambda c: line.url("voice.help_menu", c, back=back)  # noqa: E731
    return _anywhere(line, call, do, here) or twiml.go_to([], back)


def in_languages(line: Line, call: Call, said: Said) -> str:
    key = _key(line, call, Place.LANGUAGES, said, menu_words(line.libraries))
    do = action(Place.LANGUAGES, key)
    langs = list(line.libraries)
    if do is Do.LANGUAGE and key and int(key) <= len(langs):
        chosen = Call(langs[int(key) - 1], call.slow)  # where urgent help is, in its words
        return steps.main(line, chosen, trail=[line.prompt("urgent", chosen)])
    here: Here = lambda c: line.url("voice.languages", c)  # noqa: E731
    return _anywhere(line, call, do, here) or steps.languages(line, call)


def in_asking(line: Line, call: Call, said: Said, misses: int) -> str:
    """Asked to ask: the words are the question; a key still does what it does everywhere."""
    key = _key(line, call, Place.ASKING, said)
    if said.speech.strip() and (key is None or asking.is_question(said.speech, key)):
        return asking.question(line, call, said.speech, misses) or steps.main(line, call)
    do = action(Place.ASKING, key)
    if do in (Do.REPEAT, None):
        sorry = [line.prompt("sorry", call)] if do is None else []
        return asking.asking(line, call, misses, before=sorry)
    if do is Do.MAIN:
        return steps.main(line, call)
    here: Here = lambda c: line.url("voice.asking_step", c, misses=misses)  # noqa: E731
    return _anywhere(line, call, do, here) or asking.asking(line, call, misses)


def after_answer(line: Line, call: Call, found: Found, said: Said) -> str:
    """After an answer: more (the topic from the answer's part), the link, another question."""
    key = _key(line, call, Place.ANSWER, said)
    asked = _asked(line, call, said, key)
    if asked is not None:
        return asked
    do = action(Place.ANSWER, key)
    article = line.library(call).articles.get(found.article)
    if article is None:
        return steps.lost(line, call)
    if do is Do.MORE:
        line.count(Count.PLAYS.of(article.id))
        return steps.part(line, call, article, found.part)
    if do is Do.TEXT_LINK:
        return asking.answer(line, call, found, [line.text_link(article, call)], again=False)
    if do is Do.ASK:
        return asking.asking(line, call)
    if do is Do.REPEAT:
        return asking.answer(line, call, found)
    if do is Do.MAIN:
        return steps.main(line, call)
    here: Here = lambda c: line.url("voice.after_answer", c, **asking.answer_args(found))  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return _anywhere(line, call, do, here) or asking.answer(line, call, found, sorry, again=False)


def when_unsure(
    line: Line, call: Call, closest: list[str], misses: int, said: Said, guess: Found | None = None
) -> str:
    """Not sure: the answer named (heard only now, when chosen), one of the closest topics,
    ask again (the next miss counts), or the menu."""
    library = line.library(call)
    keys = asking.offers(library, closest, guess)
    key = _key(line, call, Place.UNSURE, said, asking.unsure_words(library, keys, guess))
    if said.speech.strip() and asking.is_question(said.speech, key):
        return asking.question(line, call, said.speech, misses) or steps.main(line, call)
    do = action(Place.UNSURE, key)
    if do is Do.OFFERED and guess and key == OFFERS[0]:
        line.count(Count.NAMED_CHOSEN.of(guess.article))
        return asking.answer(line, call, guess)
    if do is Do.OFFERED and key in keys:
        return steps.start(line, call, library.articles[keys[key]])
    if do is Do.ASK:
        return asking.asking(line, call, misses)
    if do is Do.REPEAT:
        return asking.not_sure(line, call, list(keys.values()), misses, guess=guess)
    if do is Do.MAIN:
        return steps.main(line, call)
    args = asking.unsure_args(keys, misses, guess)
    here: Here = lambda c: line.url("voice.unsure", c, **args)  # noqa: E731
    sorry = [line.prompt("sorry", call)]
    return _anywhere(line, call, do, here) or asking.not_sure(
        line, call, list(keys.values()), misses, sorry, guess=guess
    )
