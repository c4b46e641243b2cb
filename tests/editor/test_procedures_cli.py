"""`flask procedures list | enable | disable` on both databases: a scan goes live only with
the name of who in the department confirmed its numbers, as a new published version, in the
audit trail under that name; and a scan switched on by hand without one is never served."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from flask import Flask
from sqlalchemy import select

from app.audit.actions import Action
from app.audit.models import AuditEntry
from app.db.session import new_session
from app.editor import documents
from app.editor.documents import PROCEDURE, Key
from app.services import services
from tests.support.line import AUTH_TOKEN, BASE_URL
from tests.support.scan_files import english, translation, write_scan
from tests.support.simulator import Call
from tests.support.texts import text

# Pages, forms and sign-in steps, the same on either database (tests/conftest.py).
pytestmark = pytest.mark.one_database

SCAN, OTHER = "marrow-picture", "lung-picture"
NAME = "marrow picture"
CONFIRMER = "Dr Ada Lovelace"


@pytest.fixture
def content_dir(content_dir: Path) -> Path:
    """The shipped content with a scan of the test's own, off and not yet confirmed, in the
    content the editor imports."""
    write_scan(content_dir, SCAN, english("Marrow picture", [NAME], enabled=False,
                                          confirmed_by=""))  # fmt: skip
    write_scan(content_dir, SCAN, translation("Llun mêr", ["llun mêr"]), "cy")
    write_scan(content_dir, OTHER, english("Lung picture", ["lung picture"], enabled=False,
                                           confirmed_by=""))  # fmt: skip
    return content_dir


def scan_file(app: Flask) -> Path:
    return services(app).settings.content_dir / "procedures" / f"{SCAN}.yaml"


def fields(app: Flask) -> dict[str, object]:
    found = yaml.safe_load(scan_file(app).read_text(encoding="utf-8"))
    assert isinstance(found, dict)
    return found


def run(app: Flask, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(args=list(args))


def listed(app: Flask) -> str:
    done = run(app, "procedures", "list")
    assert done.exit_code == 0, done.output
    return next(line for line in done.output.splitlines() if line.startswith(f"{SCAN} "))


def entries(app: Flask, action: Action, of: str | None = SCAN) -> list[AuditEntry]:
    """The trail's entries for `action` about the scan (of=None: about any)."""
    with new_session(app) as session:
        found = session.scalars(select(AuditEntry).where(AuditEntry.action == str(action)))
        return [entry for entry in found if of is None or entry.object_id == of]


def versions(app: Flask) -> int:
    """How many versions of the scan's English file the editor has published."""
    with new_session(app) as session:
        document = documents.find(session, Key(PROCEDURE, "en", SCAN))
        assert document is not None
        return len(document.versions)


def live(app: Flask, scan_id: str = SCAN) -> bool:
    return scan_id in services(app).speaker.libraries["en"].articles


def test_enable_and_disable_publish_a_version_audited_under_the_confirmers_name(app: Flask):
    assert " off " in listed(app) and "not confirmed" in listed(app)
    assert listed(app).endswith("en, cy")
    first = versions(app)

    done = run(app, "procedures", "enable", SCAN, "--confirmed-by", f"  {CONFIRMER} ")
    assert done.exit_code == 0, done.output
    assert f"{SCAN} is on" in done.output
    assert fields(app)["enabled"] is True and fields(app)["confirmed_by"] == CONFIRMER
    assert fields(app)["confirmed_on"] == dt.date.today()
    assert fields(app)["development"] is False
    assert versions(app) == first + 1
    assert " on " in listed(app) and f"confirmed by {CONFIRMER}" in listed(app)
    assert live(app)
    [enabled] = entries(app, Action.PROCEDURE_ENABLED)
    assert CONFIRMER in (enabled.actor_name or "")
    assert enabled.details["confirmed_by"] == CONFIRMER

    done = run(app, "procedures", "disable", SCAN)
    assert done.exit_code == 0, done.output
    assert fields(app)["enabled"] is False
    assert versions(app) == first + 2
    assert " off " in listed(app)
    assert not live(app)
    assert len(entries(app, Action.PROCEDURE_DISABLED)) == 1

    verified = run(app, "audit", "verify")
    assert verified.exit_code == 0 and "holds" in verified.output, verified.output


def test_several_scans_are_switched_on_at_once_each_audited(app: Flask):
    done = run(app, "procedures", "enable", SCAN, OTHER, "--confirmed-by", CONFIRMER)
    assert done.exit_code == 0, done.output
    assert live(app, SCAN) and live(app, OTHER)
    for scan_id in (SCAN, OTHER):
        [enabled] = entries(app, Action.PROCEDURE_ENABLED, scan_id)
        assert enabled.details["confirmed_by"] == CONFIRMER


def test_development_data_is_marked_so_in_the_file_the_list_and_the_trail(app: Flask):
    done = run(app, "procedures", "enable", SCAN, "--confirmed-by", CONFIRMER, "--development")
    assert done.exit_code == 0, done.output
    assert fields(app)["development"] is True
    assert "development data" in listed(app)
    [enabled] = entries(app, Action.PROCEDURE_ENABLED)
    assert enabled.details["development"] is True


@pytest.mark.parametrize(
    "args,says",
    [
        ([], "--confirmed-by"),
        (["--confirmed-by", ""], "confirmed"),
        (["--confirmed-by", "   "], "confirmed"),
    ],
)
def test_enable_without_the_name_of_who_confirmed_the_numbers_is_refused(
    app: Flask, args: list[str], says: str
):
    before = scan_file(app).read_text()
    done = run(app, "procedures", "enable", SCAN, *args)
    assert done.exit_code != 0 and says in done.output
    assert "Traceback" not in done.output
    assert scan_file(app).read_text() == before
    assert not live(app)
    assert entries(app, Action.PROCEDURE_ENABLED) == []


@pytest.mark.parametrize("scan_id", ["no-such-scan", "../menus", f"{SCAN}.cy"])
@pytest.mark.parametrize("command", [["enable", "--confirmed-by", CONFIRMER], ["disable"]])
def test_an_unknown_scan_is_refused_politely(app: Flask, command: list[str], scan_id: str):
    """Not a scan: a name that is not one's, or another file of the content read as one."""
    files = {p: p.read_text() for p in services(app).settings.content_dir.rglob("*.yaml")}
    done = run(app, "procedures", command[0], scan_id, *command[1:])
    assert done.exit_code == 1
    assert f"There is no scan '{scan_id}'" in done.output
    assert isinstance(done.exception, SystemExit)  # a message, not a traceback
    assert {p: p.read_text() for p in files} == files
    assert entries(app, Action.PROCEDURE_ENABLED, None) == []
    assert entries(app, Action.PROCEDURE_DISABLED, None) == []


def switched_on_by_hand(app: Flask, confirmed_by: str) -> None:
    """A scan switched on by editing its file, with nobody named as confirming it."""
    data = fields(app) | {"enabled": True, "confirmed_by": confirmed_by}
    scan_file(app).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


@pytest.mark.parametrize("confirmed_by", ["", "   ", None])
def test_the_content_check_refuses_a_scan_switched_on_unconfirmed(
    app: Flask, confirmed_by: str | None
):
    assert run(app, "content", "check").exit_code == 0
    switched_on_by_hand(app, confirmed_by)  # type: ignore[arg-type]
    done = run(app, "content", "check")
    assert done.exit_code == 1
    errors = [line for line in done.output.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1
    assert f"article:{SCAN}" in errors[0] and "scan-unconfirmed" in errors[0]


@pytest.mark.parametrize("confirmed_by", ["", "   "])
def test_the_line_never_serves_a_scan_switched_on_unconfirmed(
    app: Flask, client, redis, describe, confirmed_by: str
):
    switched_on_by_hand(app, confirmed_by)
    services(app).speaker.libraries  # noqa: B018  (reading them takes the change)
    for library in services(app).speaker.libraries.values():
        assert SCAN not in library.articles
    assert client.get(f"/articles/{SCAN}").status_code == 404
    assert f"/articles/{SCAN}" not in client.get("/sitemap.xml").get_data(as_text=True)
    [reply] = text(client, NAME)
    assert f"{BASE_URL}/articles/{SCAN}" not in reply
    phone = Call(client, AUTH_TOKEN, BASE_URL, describe=describe)
    phone.start()
    heard = phone.say(NAME).heard  # a question the line is not sure of: no scan offered
    assert heard[0] == "prompt:ask_not_sure" and not any(SCAN in h for h in heard)


def test_every_version_of_a_scan_names_the_sources_its_file_gives(app: Flask):
    source = english("Marrow picture", [NAME])["sources"][0]
    assert run(app, "procedures", "enable", SCAN, "--confirmed-by", CONFIRMER).exit_code == 0
    with new_session(app) as session:
        document = documents.find(session, Key(PROCEDURE, "en", SCAN))
        assert document is not None and len(document.versions) >= 2
        for version in document.versions:  # the imported one, and the one switched on
            assert f"{source['title']} | {source['url']}" in version.sources
