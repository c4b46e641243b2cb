"""Single sign-on through a real OpenID provider started on loopback (oidc-provider-mock):
a person signs in and gets the role their groups map to; forged, expired, wrong-audience
and wrong-issuer tokens, a replayed code or answer, a missing second factor and a person
with no mapped role are refused; every step is in the trail. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from app import create_app
from app.accounts import service
from app.accounts.models import User
from app.accounts.provider_sign_in import NO_ROLE, ROLE_MAP
from app.audit.actions import Action
from app.db.session import new_session
from tests.support.admin import add_person, csrf, trail
from tests.support.first_sign_in import mailbox
from tests.support.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    Provider,
    answering,
    forged,
    query,
    without_id_token,
)

# Every test here talks to the provider's own process.
pytestmark = pytest.mark.slow

ROLES = "Line.Editors=editor,Line.Reviewers=reviewer,Line.Admins=admin"


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    started = Provider()
    yield started
    started.stop()


@pytest.fixture
def config(config: dict[str, str], provider: Provider) -> dict[str, str]:
    return {
        **config,
        "OIDC_ISSUER": provider.issuer,
        "OIDC_CLIENT_ID": CLIENT_ID,
        "OIDC_CLIENT_SECRET": CLIENT_SECRET,
        "OIDC_ROLES_CLAIM": "roles",
        "OIDC_ROLE_MAP": ROLES,
    }


_count = iter(range(10**6))


def _someone(provider: Provider, **claims: object) -> tuple[str, str]:
    """A new person at the provider; their subject and email address."""
    n = next(_count)
    email = f"person.{n}.{provider.port}@trust.example"
    claims = {"email": email, "name": f"Person {n}", **claims}
    return provider.person(f"subject-{n}-{provider.port}", **claims), email


def _sign_on(client, provider: Provider, sub: str):
    """From the sign-in page's link to the provider and back; the line's last answer."""
    start = client.get("/admin/sso/start")
    assert start.status_code == 302
    return client.get(provider.authorize(start.headers["Location"], sub))


def _account(app, email: str) -> User | None:
    with new_session(app) as session:
        return session.query(User).filter_by(email=email).one_or_none()


def _details(app, action: Action) -> list[dict[str, object]]:
    return [json.loads(e.detail) | {"outcome": e.outcome, "actor": e.actor_name}
            for e in trail(app) if e.action == action]  # fmt: skip


def test_a_person_signs_in_through_the_provider_with_their_mapped_role(app, client, provider):
    sub, email = _someone(provider, roles=["Staff", "Line.Editors"], amr=["pwd", "mfa"])
    answer = _sign_on(client, provider, sub)
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/admin/")
    page = client.get("/admin/")  # no authenticator code asked: the provider's stands
    assert page.status_code == 200
    account = _account(app, email)
    assert account is not None and account.role == "editor" and account.oidc_subject == sub
    assert f"{account.name} (editor)" in page.get_data(as_text=True)
    assert [a for a in (e.action for e in trail(app)) if a.startswith(("account", "sign"))] == [
        Action.ACCOUNT_CREATED,
        Action.ACCOUNT_ROLE_CHANGED,
        Action.SIGN_IN_SUCCEEDED,
    ]
    (change,) = _details(app, Action.ACCOUNT_ROLE_CHANGED)
    assert (change["before"], change["after"], change["actor"]) == (None, "editor", ROLE_MAP)
    (signed,) = _details(app, Action.SIGN_IN_SUCCEEDED)
    assert signed["method"] == "single sign-on" and signed["amr"] == "pwd,mfa"


def test_the_line_asks_for_pkce_state_and_nonce(client, provider):
    asked = query(client.get("/admin/sso/start").headers["Location"])
    assert asked["code_challenge_method"] == "S256" and len(asked["code_challenge"]) >= 43
    assert asked["state"] and asked["nonce"] and asked["client_id"] == CLIENT_ID
    assert asked["redirect_uri"] == "https://line.example.org/admin/sso/callback"
    assert "openid" in asked["scope"].split()


def test_the_role_map_is_applied_again_at_each_sign_in(app, client, provider):
    sub, email = _someone(provider, roles=["Line.Editors"])
    _sign_on(client, provider, sub)
    provider.person(sub, email=email, roles=["Line.Reviewers"])
    client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    assert _sign_on(client, provider, sub).status_code == 302
    assert _account(app, email).role == "reviewer"
    provider.person(sub, email=email, roles=["Staff"])  # moved out of the line's groups
    client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    refused = _sign_on(client, provider, sub)
    assert refused.status_code == 403 and NO_ROLE in refused.get_data(as_text=True)
    assert _account(app, email).role is None
    changes = [(c["before"], c["after"]) for c in _details(app, Action.ACCOUNT_ROLE_CHANGED)]
    assert changes == [(None, "editor"), ("editor", "reviewer"), ("reviewer", None)]


def test_someone_with_no_mapped_role_gets_an_account_without_one_until_an_admin_gives_it(
    app, client, provider
):
    sub, email = _someone(provider, roles=["Porters"])
    refused = _sign_on(client, provider, sub)
    assert refused.status_code == 403 and "Ask an admin" in refused.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302  # not signed in
    account = _account(app, email)
    assert account is not None and account.role is None and account.active
    (failed,) = _details(app, Action.SIGN_IN_FAILED)
    assert (failed["reason"], failed["outcome"]) == ("no role yet", "refused")
    admin = add_person(app, "admin")
    with new_session(app) as session:
        service.change_role(session, session.get(User, account.id), "reviewer", admin.email)
    assert _sign_on(client, provider, sub).status_code == 302
    assert _account(app, email).role == "reviewer"  # an admin's role stays: the map gave none


def test_two_mapped_roles_give_none(app, client, provider):
    sub, email = _someone(provider, roles=["Line.Editors", "Line.Reviewers"])
    assert _sign_on(client, provider, sub).status_code == 403
    assert _account(app, email).role is None


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"exp": 1_000_000_000}, "ExpiredTokenError"),  # signed by the provider, in 2001
        ({"aud": "another-app"}, "InvalidClaimError"),  # the provider's, for another client
        (
            {"aud": ["another-app"], "azp": CLIENT_ID},
            "InvalidClaimError: invalid_claim: Invalid claim: 'aud'",
        ),
        ({"iss": "https://login.evil.example"}, "InvalidClaimError"),
    ],
    ids=["expired", "wrong audience", "another audience, us as azp", "wrong issuer"],
)
def test_a_token_the_provider_signed_is_refused_when_it_is_not_for_now_or_for_us(
    app, client, provider, claims, why
):
    sub, email = _someone(provider, roles=["Line.Admins"], **claims)
    refused = _sign_on(client, provider, sub)
    assert refused.status_code == 401
    assert client.get("/admin/").status_code == 302
    assert _account(app, email) is None
    (failed,) = _details(app, Action.SIGN_IN_FAILED)
    assert str(failed["reason"]).startswith(why) and failed["step"] == "single sign-on"


def test_a_forged_token_is_refused(app, client, provider):
    sub, email = _someone(provider, roles=["Line.Admins"])
    with answering(provider, forged(provider.key_id())):
        refused = _sign_on(client, provider, sub)
    assert refused.status_code == 401
    assert _account(app, email) is None and client.get("/admin/").status_code == 302
    (failed,) = _details(app, Action.SIGN_IN_FAILED)
    assert str(failed["reason"]).startswith("BadSignatureError")


def test_an_answer_without_an_id_token_is_refused(app, client, provider):
    sub, email = _someone(provider, roles=["Line.Admins"])
    with answering(provider, without_id_token):
        refused = _sign_on(client, provider, sub)
    assert refused.status_code == 401 and _account(app, email) is None
    (failed,) = _details(app, Action.SIGN_IN_FAILED)
    assert "no_id_token" in str(failed["reason"])


def test_a_replayed_code_is_refused(app, client, provider):
    sub, email = _someone(provider, roles=["Line.Editors"])
    start = client.get("/admin/sso/start").headers["Location"]
    back = provider.authorize(start, sub)
    assert client.get(back).status_code == 302
    client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    # The same answer again: its state was used up.
    assert client.get(back).status_code == 401
    # The old code with a fresh state: the provider gives each code once.
    fresh = query(client.get("/admin/sso/start").headers["Location"])["state"]
    old_code = query(back)["code"]
    assert client.get(f"/admin/sso/callback?code={old_code}&state={fresh}").status_code == 401
    assert client.get("/admin/").status_code == 302
    reasons = [str(f["reason"]) for f in _details(app, Action.SIGN_IN_FAILED)]
    assert reasons[0].startswith("MismatchingStateError")
    assert reasons[1].startswith("OAuthError: invalid_grant")


def test_an_answer_for_another_browser_is_refused(app, client, provider):
    """Login CSRF: someone else's code, brought to this browser, has no state here."""
    sub, _ = _someone(provider, roles=["Line.Admins"])
    elsewhere = app.test_client()
    back = provider.authorize(elsewhere.get("/admin/sso/start").headers["Location"], sub)
    assert client.get(back).status_code == 401


@pytest.mark.parametrize("require", ["amr", "acr"])
def test_with_a_second_factor_required_a_token_without_one_is_refused(
    app, config, provider, require
):
    from app import create_app

    values = {"OIDC_MFA_CLAIM": require, "OIDC_MFA_VALUES": "mfa" if require == "amr" else "AAL3"}
    line = create_app({**config, "OIDC_REQUIRE_MFA": "true", **values})
    client = line.test_client()
    without, email = _someone(provider, roles=["Line.Editors"], amr=["pwd"], acr="AAL1")
    refused = _sign_on(client, provider, without)
    assert (
        refused.status_code == 403
        and "did not say a second factor was used" in refused.get_data(as_text=True)
    )
    assert _account(line, email) is None
    (failed,) = _details(line, Action.SIGN_IN_FAILED)
    assert failed["reason"] == "no second factor at the provider"
    with_one, _ = _someone(provider, roles=["Line.Editors"], amr=["pwd", "mfa"], acr="AAL3")
    assert _sign_on(client, provider, with_one).status_code == 302


def test_signing_out_ends_the_session_and_offers_the_providers_sign_out(client, provider):
    sub, _ = _someone(provider, roles=["Line.Editors"])
    _sign_on(client, provider, sub)
    out = client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    assert out.status_code == 303 and out.headers["Location"].endswith("/admin/sso/signed-out")
    assert client.get("/admin/").status_code == 302
    page = client.get("/admin/sso/signed-out").get_data(as_text=True)
    link = page.split('id="provider-sign-out" href="')[1].split('"')[0].replace("&amp;", "&")
    assert link.startswith(f"{provider.issuer}/oauth2/end_session?")
    assert query(link)["post_logout_redirect_uri"] == "https://line.example.org/admin/login"
    assert httpx.get(link, timeout=5).status_code == 200  # the provider's own sign-out page


def test_answers_that_fail_are_counted_like_passwords(app, client, provider):
    for _ in range(5):
        assert client.get("/admin/sso/callback?code=stolen&state=guessed").status_code == 401
    assert client.get("/admin/sso/callback?code=stolen&state=guessed").status_code == 429
    assert len(_details(app, Action.SIGN_IN_FAILED)) == 5  # the trail is not flooded


def test_a_local_account_with_the_same_address_is_linked_and_keeps_its_role(app, client, provider):
    local = add_person(app, "reviewer", email=f"local.{provider.port}@trust.example")
    # An address the provider does not vouch for never opens the account.
    unverified = provider.person(f"nov-{provider.port}", email=local.email, roles=["Line.Admins"])
    refused = _sign_on(client, provider, unverified)
    assert refused.status_code == 403 and "did not confirm" in refused.get_data(as_text=True)
    assert _account(app, local.email).oidc_subject is None
    sub = provider.person(
        f"local-{provider.port}", email=local.email.upper(), email_verified=True, roles=["Staff"]
    )
    assert _sign_on(client, provider, sub).status_code == 302
    account = _account(app, local.email)
    assert account.id == local.id and account.role == "reviewer" and account.oidc_subject == sub
    (linked,) = _details(app, Action.ACCOUNT_LINKED)
    assert linked["method"] == "single sign-on"
    # Someone else at the provider with the same address is not let into this account.
    other = provider.person(f"other-{provider.port}", email=local.email, roles=["Line.Admins"])
    client.post("/admin/logout", data={"csrf_token": csrf(client, "/admin/")})
    refused = _sign_on(client, provider, other)
    assert refused.status_code == 403 and "belongs to another account" in refused.get_data(
        as_text=True
    )
    assert _account(app, local.email).role == "reviewer"


def test_an_account_made_and_a_role_given_at_sign_in_are_announced_by_a_worker(
    config, provider, redis, worker, monkeypatch
):
    with mailbox() as box:
        for name, value in box.settings().items():
            monkeypatch.setenv(name, value)
        app = create_app({**config, **box.settings()})
        admin = add_person(app, "admin", name="Ada Admin")
        sub, email = _someone(provider, roles=["Line.Editors"])
        assert _sign_on(app.test_client(), provider, sub).status_code == 302
        assert box.received == []  # the sign-in did not wait for the mail server
        worker()
    assert [to for to, _ in box.received] == [sorted([admin.email, email])] * 2
    made, role = (message.get_content() for _, message in box.received)
    assert "single sign-on created an account for" in made and email in made
    assert f"{ROLE_MAP} changed the role of" in role and "now an editor" in role
    told = [e for e in trail(app) if e.action == Action.ACCOUNT_ANNOUNCED]
    assert [(e.details["announced"], e.outcome) for e in told] == [
        (Action.ACCOUNT_CREATED, "ok"), (Action.ACCOUNT_ROLE_CHANGED, "ok")]  # fmt: skip
