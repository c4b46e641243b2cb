"""`flask --app app content ...`: check the content before callers hear it."""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask
from flask.cli import AppGroup

from app.content.checks import check_libraries
from app.content.loader import load_libraries, procedures
from app.content.model import ContentError
from app.content.scan_checks import check_procedures
from app.services import services

content_cli = AppGroup("content", help="Check the articles, menus and prompts.")


@content_cli.command("check")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Check review dates as if today were this date (YYYY-MM-DD).",
)
def check(today: dt.datetime | None) -> None:
    """Report content callers would struggle with; exit 1 if there is any error. The
    department's scans are checked whether or not they are switched on."""
    settings = services().settings
    try:
        libraries = load_libraries(settings.content_dir, every_scan=True)
        scans = procedures(settings.content_dir)
    except ContentError as exc:
        raise click.ClickException(str(exc)) from exc
    base_url = settings.public_base_url
    findings = check_libraries(
        libraries.values(), base_url, today.date() if today else dt.date.today()
    )
    findings = sorted(
        [*check_procedures(scans, libraries.values()), *findings], key=lambda f: f.level != "error"
    )
    item_width = max((len(f.item) for f in findings), default=0)
    check_width = max((len(f.check) for f in findings), default=0)
    for f in findings:
        click.echo(
            f"{f.level.upper():<8}{f.lang:<3}{f.item:<{item_width}}  "
            f"{f.check:<{check_width}}  {f.message}"
        )
    errors = sum(f.level == "error" for f in findings)
    articles = sum(len(library.articles) for library in libraries.values())
    click.echo(f"{errors} error(s), {len(findings) - errors} warning(s) in {articles} article(s).")
    if errors:
        raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(content_cli)
