"""Each place of a call as TwiML: a menu, a part of a topic, after a topic, help, languages.

Pure given a Line (content, voices, URLs and effects, resolved by the view): tests call
these without a request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType

from app.audio.speaker import Utterance
from app.content.choices import hints
from app.content.item_keys import ItemKey
from app.content.keys import ASK_WORDS, MORE_WORDS, PERSON, TEXT_LINK, WORDS_PROMPTS
from app.content.languages import language_tag, menu_words
from app.content.model import MAIN_MENU, Article, Library, Menu
from app.content.spoken import parts
from app.core.counts import Count
from app.voice import twiml
from app.voice.call import Call, Line
from app.voice.flow import FLOW, LISTENS, QUESTIONS, Do, Place
from app.voice.named import question_hints, topic_words

MAX_ATTEMPTS = 3  # re-prompt twice after silence, then end the call politely
# Between two parts of a topic: long enough to press a key, short enough not to feel lost.
PART_PAUSE = 1
# What the place's own keys mean depends on the call: a menu's topics, the languages.
_OWN = {Do.TOPIC, Do.LANGUAGE, Do.PERSON, Do.OFFERED}
_TEXTED = (Place.AFTER, Place.ANSWER)  # where "text" means the link just heard
_CHOICES: dict[tuple[object, ...], tuple[Library, object, Mapping[str, tuple[str, ...]]]] = {}
_MAX_CHOICES = 1024


def choices(
    place: Place, library: Library, own: Mapping[str, Sequence[str]] | None = None
) -> Mapping[str, tuple[str, ...]]:
    """The keys a caller may use here, each with the words that choose it: the keys of the
    table for this place, then the place's own (`own`: its topics' keywords, say). When two
    phrases match equally, the first wins: "help" in help is help, not a person. The same
    for every call in this place with this content: made once, shared, never changed."""
    fixed = isinstance(own, MappingProxyType)  # made once (topic_words): known by itself
    words = id(own) if fixed else tuple((k, tuple(w)) for k, w in (own or {}).items())
    found = _CHOICES.get(key := (place, id(library), words))  # keeps library and own alive
    if found is None or found[0] is not library or (fixed and found[1] is not own):
        if len(_CHOICES) >= _MAX_CHOICES:  # old content's, after many reloads
            _CHOICES.clear()
        made = MappingProxyType(_choices(place, library, own))
        found = _CHOICES[key] = (library, own if fixed else None, made)
    return found[2]


def _choices(
    place: Place, library: Library, own: Mapping[str, Sequence[str]] | None
) -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for key, do in FLOW[place].items():
        if do in _OWN:
            continue
        prompt = {Do.ASK: ASK_WORDS, Do.MORE: MORE_WORDS}.get(do) or WORDS_PROMPTS.get(key)
        speakable = prompt is not None and (key != TEXT_LINK or place in _TEXTED)
        found[key] = library.words(prompt) if prompt and speakable else ()
    for key, words in (own or {}).items():
        found[key] = tuple(words)
    return found


def person_words(line: Line, call: Call) -> dict[str, tuple[str, ...]]:
    """Help's own key: talking to someone, when the department has a phone."""
    if line.department is None:
        return {}
    return {PERSON: line.library(call).words("words_help")}


def ask(
    line: Line,
    call: Call,
    place: Place,
    before: Sequence[Utterance],
    prompt: Sequence[Utterance],
    action: str,
    options: Mapping[str, Sequence[str]],
    on_silence: str,
    attempt: int = 1,
) -> str:
    """Say `before`, then the prompt inside a <Gather>; after silence, go to `on_silence`;
    after the third silence, say goodbye."""
    if attempt > MAX_ATTEMPTS:
        return twiml.goodbye([line.prompt("no_input", call), line.prompt("goodbye", call)])
    if attempt > 1:
        before = [line.prompt("no_input", call), *before]
    listens, questions = LISTENS[place], place in QUESTIONS
    heard = [*hints(options), *question_hints(line.library(call))] if questions else hints(options)
    return twiml.ask(
        before,
        prompt,
        action,
        heard if listens else [],
        on_silence,
        language_tag(call.lang),
        timeout=twiml.GATHER_TIMEOUT if listens else PART_PAUSE,
        speech=listens,
        questions=questions,
    )


def _offers(line: Line, call: Call) -> list[Utterance]:
    """Each other language offered in its own words and voice."""
    others = [lang for lang in line.libraries if lang != call.lang]
    return [line.prompt("language_offer", Call(lang, call.slow)) for lang in others]


def menu(
    line: Line,
    call: Call,
    found: Menu,
    before: Sequence[Utterance] = (),
    attempt: int = 1,
    lead: Sequence[Utterance] = (),
    trail: Sequence[Utterance] = (),
) -> str:
    """A menu inside a <Gather>; `lead` and `trail` are said inside it too, before and after
    the menu, so a caller can choose while they play (the welcome; where urgent help is)."""
    offers = _offers(line, call) if found.id == MAIN_MENU else []
    return ask(
        line,
        call,
        Place.MENU,
        before,
        [*lead, line.say(ItemKey.menu(found.id), call), *offers, *trail],
        line.url("voice.choose_topic", call, menu_id=found.id),
        choices(Place.MENU, line.library(call), topic_words(found, line.library(call))),
        line.url("voice.menu", call, menu_id=found.id, attempt=attempt + 1),
        attempt,
    )


def main(
    line: Line,
    call: Call,
    before: Sequence[Utterance] = (),
    lead: Sequence[Utterance] = (),
    trail: Sequence[Utterance] = (),
) -> str:
    return menu(line, call, line.library(call).menus[MAIN_MENU], before, lead=lead, trail=trail)


def lost(line: Line, call: Call) -> str:
    """An id that no longer exists (content changed mid-call): apologise, start again."""
    return main(line, call, [line.prompt("sorry", call)])


def start(line: Line, call: Call, article: Article) -> str:
    line.count(Count.PLAYS.of(article.id))
    return part(line, call, article, 1, intro=True)


def part(
    line: Line,
    call: Call,
    article: Article,
    n: int,
    before: Sequence[Utterance] = (),
    intro: bool = False,
) -> str:
    """One part of a topic, inside a keys-only <Gather> so the keys work while it plays;
    past the last part, the options after the topic."""
    if n > len(parts(article)):
        line.count(Count.FINISHED.of(article.id))
        return after(line, call, article, before)
    n = max(1, n)
    prompt = ([line.say(ItemKey.intro(article.id), call)] if intro else []) + [
        line.say(ItemKey.article(article.id, n), call)
    ]
    return ask(
        line,
        call,
        Place.PART,
        before,
        prompt,
        line.url("voice.choose_part", call, article_id=article.id, n=n),
        choices(Place.PART, line.library(call)),
        line.url("voice.part", call, article_id=article.id, n=n + 1),
    )


def after(
    line: Line,
    call: Call,
    article: Article,
    before: Sequence[Utterance] = (),
    attempt: int = 1,
    rated: bool = False,
) -> str:
    """What a caller can do after a topic: the link by text, again, back; and, until they
    have said, whether it was helpful."""
    asked = [] if rated else [line.prompt("feedback_question", call)]
    marked = {"rated": 1} if rated else {}
    return ask(
        line,
        call,
        Place.AFTER,
        before,
        [line.prompt("after_article", call), *asked],
        line.url("voice.choose_option", call, article_id=article.id, **marked),
        choices(Place.AFTER, line.library(call)),
        line.url(
            "voice.article_options", call, article_id=article.id, attempt=attempt + 1, **marked
        ),
        attempt,
    )


def help_menu(
    line: Line, call: Call, back: str, before: Sequence[Utterance] = (), person_first: bool = False
) -> str:
    """The keys, and how to talk to someone when there is a phone (only that: `person_first`)."""
    person = line.department is not None
    keys = [] if person_first and person else [line.prompt("help", call)]
    return ask(
        line,
        call,
        Place.HELP,
        before,
        [*keys, *([line.prompt("person_open", call)] * person)],
        line.url("voice.choose_help", call, back=back),
        choices(Place.HELP, line.library(call), person_words(line, call)),
        back,
    )


def languages(line: Line, call: Call) -> str:
    """Each language, offered in its own words and voice, by its number."""
    return ask(
        line,
        call,
        Place.LANGUAGES,
        [],
        [
            line.prompt("language_menu", call),
            *(line.prompt("language_option", Call(lang, call.slow)) for lang in line.libraries),
        ],
        line.url("voice.choose_language", call),
        choices(Place.LANGUAGES, line.library(call), menu_words(line.libraries)),
        line.url("voice.menu", call, menu_id=MAIN_MENU),
    )


def slower(line: Line, call: Call, here: str) -> str:
    """Slower speech from now on, then the same place again."""
    return twiml.go_to([line.prompt("slower", call)], here)
