"""What the line says: articles, menus and prompts, read from CONTENT_DIR.

model (dataclasses) <- parse (pure parsers) <- loader (the one reader of the folder);
checks (words written for the ear), links (an article's address), live (reloads)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """`flask content check`, and `article_path` for every template."""
    from app.content import cli
    from app.content.links import article_path

    app.jinja_env.globals["article_path"] = article_path
    cli.register(app)
