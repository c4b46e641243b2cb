"""Any input to the sign-in, people, my account and audit forms: a page, a redirect or a 4xx
with a message, never a 500, and a refused form changes nothing. On both databases."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.accounts.models import User
from app.audit.models import AuditEntry
from app.db.session import new_session
from tests.support.admin import PASSWORD, Person, add_person, csrf, signed_in

TIDY = dict(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
LIMIT = 64 * 1024
TEXT = st.one_of(
    st.sampled_from(["", " ", "admin", "editor", "reviewer", "ADMIN", "admin ", "\x00",
                     "a@b.c", "x" * 300, PASSWORD, "123456", "7KQM-HX4P-FR9T", "\U0001f600"]),
    st.text(max_size=60),
    st.builds(lambda ch, n: ch * n, st.characters(codec="utf-8"), st.integers(200, 5000)),
)  # fmt: skip
FIELDS = ("name", "email", "role", "password", "code", "current", "new", "again", "next")
FORM = st.dictionaries(st.sampled_from(FIELDS), TEXT, max_size=6)


def _state(app) -> tuple[list[tuple[str, str, bool, int]], int]:
    with new_session(app) as session:
        users = session.execute(
            select(User.email, User.role, User.active, User.session_version).order_by(User.id)
        )
        # A wrong password or code typed to confirm a change is recorded, as at sign-in.
        counted = select(func.count()).where(AuditEntry.action != "sign_in.failed")
        entries = session.scalar(counted) or 0
        return [tuple(row) for row in users], entries  # type: ignore[misc]


def _people(app) -> tuple[Person, Person]:
    if "test_people" not in app.extensions:
        app.extensions["test_people"] = (
            add_person(app, "admin", name="Ada Admin"),
            add_person(app, "editor", name="Eddie Editor"),
        )
    return app.extensions["test_people"]  # type: ignore[no-any-return]


# Forms for the signed-in admin, with what each may answer (a 403 never: she is an admin).
SIGNED_IN_FORMS = {
    "/admin/people": {302, 422},
    "/admin/people/{target}/role": {302, 422},
    "/admin/people/{target}/deactivate": {302, 422},
    "/admin/people/{target}/reactivate": {302, 422},
    "/admin/people/{target}/reset-second-factor": {302, 422},
    "/admin/account/password": {302, 422},
    "/admin/account/second-factor": {200, 422},
    "/admin/account/recovery-codes": {200, 422},
}


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=120, **TIDY)
@example(route="/admin/people", form={"role": "owner", "name": "X", "email": "x@y.zz",
                                      "password": "copper kettle willow dawn"})  # fmt: skip
@example(route="/admin/people/{target}/role", form={"role": "superuser"})
@given(route=st.sampled_from(sorted(SIGNED_IN_FORMS)), form=FORM)
def test_the_admins_forms_answer_any_input_without_a_500(app, redis, route, form):
    admin, target = _people(app)
    redis.flushdb()
    client = signed_in(app.test_client(), admin)
    path = route.format(target=target.id)
    before = _state(app)
    answer = client.post(path, data={**form, "csrf_token": csrf(client, "/admin/account")})
    assert answer.status_code in SIGNED_IN_FORMS[route] | {413}, answer.data[:300]
    if answer.status_code in (413, 422):
        assert _state(app) == before, "a refused form changes nothing"
    if answer.status_code == 422:
        assert b'class="flash error"' in answer.data
    if form.get("role") not in (None, "editor", "reviewer", "admin") and "role" in route:
        assert _state(app) == before, "a forged role is refused"


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=100, **TIDY)
@given(step=st.sampled_from(["/admin/login", "/admin/login/code", "/admin/login/setup"]),
       form=FORM, first=st.booleans())  # fmt: skip
def test_the_sign_in_forms_answer_any_input_without_a_500(app, redis, step, form, first):
    admin, _ = _people(app)
    redis.flushdb()
    client = app.test_client()
    if first:  # the password step passed, so the later steps have someone to ask about
        data = {"email": admin.email, "password": PASSWORD, "csrf_token": csrf(client)}
        assert client.post("/admin/login", data=data).status_code == 302
    answer = client.post(step, data={**form, "csrf_token": csrf(client)})
    assert answer.status_code in (200, 302, 401, 413, 422, 429), answer.data[:300]
    if answer.status_code == 302:
        assert answer.headers["Location"].startswith("/admin")


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=80, **TIDY)
@given(query=st.dictionaries(st.sampled_from(["person", "action", "from", "to", "page"]),
                             TEXT, max_size=5), csv=st.booleans())  # fmt: skip
def test_the_audit_filters_answer_any_query(app, redis, query, csv):
    admin, _ = _people(app)
    client = signed_in(app.test_client(), admin)
    path = "/admin/audit/export.csv" if csv else "/admin/audit"
    answer = client.get(path, query_string=query)
    assert answer.status_code == 200, answer.data[:300]
    if csv:
        assert answer.get_data(as_text=True).startswith("at,actor,")
