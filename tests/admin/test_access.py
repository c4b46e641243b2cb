"""Roles on the server: every admin route, with every method, for each role and for nobody.

The routes come from the app's URL map, so a new admin page is checked as soon as it exists:
one without `requires(permission)` fails here, as does one whose permission differs from
the table below (pages of other packages are checked against the permission they declare)."""

from __future__ import annotations

from pathlib import Path
from tempfile import gettempdir

import pytest
from werkzeug.routing import IntegerConverter

from app import create_app
from app.accounts.access import ATTRIBUTE, SIGNED_IN
from app.accounts.roles import ROLES, allowed
from app.queues import AUDIO
from tests.support.admin import add_person, csrf, signed_in, trail
from tests.support.line import CONTENT
from tests.support.queues import waiting

# Signing in itself: open to everyone (each checks who is half-way through signing in).
# admin.welcome.page is a first sign-in link's page, for someone with no password yet: its
# signed, timed, one-time token is the key (tests/admin/test_first_sign_in.py).
PUBLIC = {"admin.auth.login", "admin.auth.code", "admin.auth.logout", "admin.second_factor.first",
          "admin.welcome.page",
          # single sign-on: the provider's answer is the key (tests/admin/test_sso.py)
          "admin.sso.start", "admin.sso.callback", "admin.sso.signed_out"}  # fmt: skip
EXPECTED = {
    "admin.dashboard.index": "view_status",
    "admin.dashboard.status_json": "view_status",
    "admin.dashboard.refresh": "run_operations",
    "admin.dashboard.render_again": "run_operations",
    "admin.dashboard.retry": "run_operations",
    "admin.stats.page": "view_status",
    "admin.stats.export": "view_status",
    "admin.phone.page": "view_status",
    "admin.phone.step": "view_status",
    "admin.people.index": "manage_accounts",
    "admin.people.create": "manage_accounts",
    "admin.people.person": "manage_accounts",
    "admin.people.role": "manage_accounts",
    "admin.people.deactivate": "manage_accounts",
    "admin.people.reactivate": "manage_accounts",
    "admin.people.reset_second_factor": "manage_accounts",
    "admin.people.reset_password": "manage_accounts",
    "admin.people.new_link": "manage_accounts",
    "admin.trail.index": "view_audit",
    "admin.trail.export": "view_audit",
    "admin.settings.page": "manage_settings",
    "admin.settings.questions": "manage_settings",
    "admin.questions.index": "review_content",
    "admin.callbacks.index": "handle_callbacks",
    "admin.callbacks.done": "handle_callbacks",
    "admin.account.page": SIGNED_IN,
    "admin.account.password": SIGNED_IN,
    "admin.account.recovery_codes": SIGNED_IN,
    "admin.second_factor.replace": SIGNED_IN,
}


def _routes() -> list[tuple[str, str, str]]:
    """(endpoint, method, rule) of every admin route, read from a throwaway app's URL map."""
    unused = Path(gettempdir()) / "routes.sqlite3"  # never opened: the app connects lazily
    app = create_app({"APP_ENV": "development", "CONTENT_DIR": str(CONTENT),
                      "DATABASE_URL": f"sqlite:///{unused}"})  # fmt: skip
    found = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
                found.append((rule.endpoint, method, rule.rule))
    return sorted(found)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "route" in metafunc.fixturenames:
        routes = _routes()
        metafunc.parametrize("route", routes, ids=[f"{m} {r}" for _, m, r in routes])


def test_every_admin_page_is_checked_here_or_declares_its_permission(app, route):
    endpoint = route[0]
    declared = getattr(app.view_functions[endpoint], ATTRIBUTE, None)
    if endpoint in PUBLIC:
        assert declared is None
        return
    assert declared is not None, f"{endpoint} has no @requires(permission)"
    if endpoint in EXPECTED:
        assert declared == EXPECTED[endpoint]


def _url(app, rule_text: str, target_id: int) -> str:
    rule = next(r for r in app.url_map.iter_rules() if r.rule == rule_text)
    values = {
        name: target_id if isinstance(converter, IntegerConverter) else "x"
        for name, converter in rule._converters.items()
    }
    return rule.build(values)[1]  # type: ignore[index]


def test_each_role_gets_the_pages_its_permissions_allow_and_403_for_the_rest(app, redis, route):
    endpoint, method, rule = route
    if endpoint in PUBLIC:
        return
    permission = getattr(app.view_functions[endpoint], ATTRIBUTE)
    target = add_person(app, "editor", name="Target Person")
    url = _url(app, rule, target.id)
    for role in (None, *ROLES):
        client = app.test_client()
        if role is not None:
            signed_in(client, add_person(app, role, name=f"Some {role}"))
        token = csrf(client, "/admin/login" if role is None else "/admin/account")
        before, queued = len(trail(app)), waiting(redis, AUDIO)
        answer = client.open(url, method=method, headers={"X-CSRFToken": token})
        if role is None:
            assert answer.status_code == 302
            assert answer.headers["Location"].startswith("/admin/login")
        elif permission == SIGNED_IN or allowed(role, permission):
            assert answer.status_code < 500 and answer.status_code not in (401, 403), role
        else:
            assert answer.status_code == 403, role
            assert "This page is not for your role" in answer.get_data(as_text=True)
        if role is None or answer.status_code == 403:
            assert len(trail(app)) == before, role  # nothing was done
            assert waiting(redis, AUDIO) == queued, role


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("editor", ["Audio and health", "Statistics", "My account"], ["People", "Audit trail"]),
        ("reviewer", ["Audit trail", "Statistics"], ["People"]),
        ("admin", ["People", "Audit trail", "Statistics", "Call-backs"], []),
        ("desk", ["Call-backs", "Statistics"], ["People", "Audit trail", "Settings"]),
    ],
)
def test_links_a_role_may_not_use_are_not_shown(app, redis, role, visible, hidden):
    client = signed_in(app.test_client(), add_person(app, role))
    nav = client.get("/admin/account").get_data(as_text=True).split("</nav>")[0]
    assert all(f">{name}</a>" in nav for name in visible)
    assert not any(f">{name}</a>" in nav for name in hidden)
    dashboard = client.get("/admin/").get_data(as_text=True)
    assert ("Refresh stale audio" in dashboard) is allowed(role, "run_operations")
