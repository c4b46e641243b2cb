"""Short answers of the tests' own (content/answers/<id>.yaml), so no test leans on the
shipped ones' words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.ask import ask
from app.content.answers import FOLDER
from app.content.loader import load_libraries
from app.content.model import Library


def write_answer(
    content_dir: Path,
    answer_id: str,
    question: str,
    phrasings: list[str],
    answer: str,
    more: str = "",
    section: str = "",
    lang: str = "",
) -> Path:
    """An answer file: English (`more`, `section`) unless `lang` names a translation."""
    data: dict[str, Any] = {"question": question, "phrasings": phrasings, "answer": answer}
    if not lang:
        data["more"] = more
        if section:
            data["section"] = section
    folder = content_dir / FOLDER
    folder.mkdir(exist_ok=True)
    path = folder / f"{answer_id}{'.' + lang if lang else ''}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


ANSWER = "parrot-visits"
# The test's own question, in each language: words no shipped content uses.
ASKED = {
    "en": ("can my parrot come with me", "Parrots and other birds stay at home."),
    "cy": ("ydy fy mharot yn cael dod gyda fi", "Mae parotiaid yn aros gartref."),
    "pl": ("czy moja papuga może przyjść ze mną", "Papugi zostają w domu."),
}
NONSENSE = "quibble zorp flanagan wibble"


def _more(content_dir: Path) -> str:
    """A general topic of the content to send a caller to for more: the first one."""
    library = load_libraries(content_dir)["en"]
    return next(a.id for a in library.articles.values() if not a.is_procedure)


def add_test_answer(content_dir: Path) -> Path:
    """The test's own short answer, in every language, sending callers to the content's first
    general topic for more."""
    more = _more(content_dir)
    question, answer = ASKED["en"]
    write_answer(content_dir, ANSWER, "Can my parrot come?", [question], answer, more=more)
    for lang in ("cy", "pl"):
        question, answer = ASKED[lang]
        write_answer(content_dir, ANSWER, question, [question], answer, lang=lang)
    return content_dir


def near_question(library: Library) -> str:
    """A question near the test's own answer, in `library`'s language, but with words around it
    the line does not know: not sure of it, yet near enough to name it (app.ask.find's guess)."""
    asked = ASKED[library.lang][0]
    for extra in (NONSENSE, "and my dog too and the cat and the hamster"):
        said = f"{asked} {extra}"
        verdict = ask(library, said)
        if verdict.found is None and verdict.guess is not None:
            return said
    raise AssertionError(f"no question near the test's answer is named in {library.lang}")
