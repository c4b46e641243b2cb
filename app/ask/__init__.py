"""Questions in callers' own words, answered only with reviewed words (issue 23).

`ask(library, question)` -> a Verdict: urgent help first or not, then the answer found
(a short answer, a part of a scan or topic) or the closest topics. Retrieval, never
generation: app.ask.index holds the answers, app.ask.find chooses among them."""

from flask import Flask

from app.ask.find import Verdict
from app.ask.index import Found, Index
from app.ask.store import ask, index_of

__all__ = ["Found", "Index", "Verdict", "ask", "index_of", "init_app"]


def init_app(app: Flask) -> None:
    """`flask questions prune`: the unanswered questions a department keeps (app.ask.kept)."""
    from app.ask import kept

    kept.register(app)
