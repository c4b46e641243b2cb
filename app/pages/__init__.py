"""The line's public web pages: the topics, plain and large, that texts link to."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The public pages and the `markdown` filter their templates use."""
    from app.pages import markdown, sitemap, views

    app.jinja_env.filters["markdown"] = markdown.to_html
    app.register_blueprint(views.bp)
    app.register_blueprint(sitemap.bp)
