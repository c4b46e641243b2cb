"""Single sign-on's settings, checked at start-up, and its rules: the role a provider's groups
map to, a second factor the provider says was used, who the claims name."""

from __future__ import annotations

import pytest

from app.accounts.single_sign_on import (
    check_role_map,
    mapped_role,
    password_allowed,
    person,
    second_factor_shown,
)
from app.settings_sso import SingleSignOn, single_sign_on
from app.settings_values import SettingsError

ON = {
    "OIDC_ISSUER": "https://login.microsoftonline.com/tenant-id/v2.0/",
    "OIDC_CLIENT_ID": "client",
    "OIDC_CLIENT_SECRET": "secret",
}
MAP = "Line.Editors=editor, Line.Reviewers=reviewer, 0c1d-guid=admin"


def test_single_sign_on_is_off_unless_an_issuer_is_set():
    assert not single_sign_on({}).on
    sign_on = single_sign_on({**ON, "OIDC_ROLE_MAP": MAP})
    assert sign_on.on and sign_on.issuer == ON["OIDC_ISSUER"].rstrip("/")
    assert sign_on.role_map == (
        ("Line.Editors", "editor"),
        ("Line.Reviewers", "reviewer"),
        ("0c1d-guid", "admin"),
    )
    assert "secret" not in repr(sign_on)


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"OIDC_CLIENT_ID": "client"}, "OIDC_CLIENT_ID"),
        ({**ON, "OIDC_CLIENT_SECRET": ""}, "OIDC_CLIENT_SECRET"),
        ({**ON, "OIDC_ISSUER": "http://login.example.org"}, "OIDC_ISSUER"),
        ({**ON, "OIDC_ROLE_MAP": "Line.Editors"}, "OIDC_ROLE_MAP"),
        ({**ON, "OIDC_ROLE_MAP": "A=editor,A=admin"}, "OIDC_ROLE_MAP"),
        ({**ON, "OIDC_REQUIRE_MFA": "sometimes"}, "OIDC_REQUIRE_MFA"),
        ({**ON, "OIDC_MFA_CLAIM": "groups"}, "OIDC_MFA_CLAIM"),
        ({**ON, "OIDC_SCOPES": "email profile"}, "OIDC_SCOPES"),
        ({"LOCAL_SIGN_IN_EMAILS": "break-glass"}, "LOCAL_SIGN_IN_EMAILS"),
    ],
)
def test_a_setting_that_cannot_work_stops_start_up_naming_it(env, named):
    with pytest.raises(SettingsError, match=named):
        single_sign_on(env)


def test_a_test_provider_on_this_machine_may_use_http():
    assert single_sign_on({**ON, "OIDC_ISSUER": "http://127.0.0.1:9400"}).on


def test_a_role_the_line_does_not_have_stops_start_up(config):
    from app import create_app

    check_role_map(single_sign_on({**ON, "OIDC_ROLE_MAP": MAP}))
    with pytest.raises(SettingsError, match="'Line.Owners' the role 'owner'"):
        create_app({**config, **ON, "OIDC_ROLE_MAP": "Line.Owners=owner"})


SIGN_ON = SingleSignOn(
    issuer="https://idp", role_map=single_sign_on({**ON, "OIDC_ROLE_MAP": MAP}).role_map
)


@pytest.mark.parametrize(
    ("roles", "role"),
    [
        (["Staff", "Line.Reviewers"], "reviewer"),
        ("0c1d-guid", "admin"),  # one value, as a string
        (["Line.Editors", "Line.Editors"], "editor"),
        (["Line.Editors", "Line.Reviewers"], None),  # two roles: none, and why
        (["Staff"], None),
        ([], None),
        (None, None),
        ([{"Line.Admins": True}], None),
    ],
)
def test_the_role_map_gives_one_role_or_none(roles, role):
    mapped = mapped_role({"roles": roles}, SIGN_ON)
    assert mapped.role == role
    assert bool(mapped.why_none) == (role is None)


def test_a_second_factor_is_what_the_chosen_claim_says():
    amr = SingleSignOn(require_mfa=True)
    assert second_factor_shown({"amr": ["pwd", "mfa"]}, amr)
    assert not second_factor_shown({"amr": ["pwd"], "acr": "mfa"}, amr)
    assert not second_factor_shown({}, amr)
    acr = SingleSignOn(require_mfa=True, mfa_claim="acr", mfa_values=("AAL3_ANY",))
    assert second_factor_shown({"acr": "AAL3_ANY"}, acr)
    assert not second_factor_shown({"acr": "AAL1_USERPASS", "amr": ["mfa"]}, acr)


def test_the_person_is_named_by_issuer_subject_and_an_address():
    found = person({"iss": "https://idp", "sub": "s1", "preferred_username": "Ann@Trust.nhs.uk",
                    "given_name": "Ann", "family_name": "Jones"})  # fmt: skip
    assert found is not None
    assert (found.email, found.name, found.subject) == ("ann@trust.nhs.uk", "Ann Jones", "s1")
    assert person({"iss": "https://idp", "sub": "s1"}) is None  # no address
    assert person({"iss": "https://idp", "email": "a@b.nhs.uk"}) is None  # no subject


def test_passwords_are_for_the_named_break_glass_accounts_when_some_are_named():
    everyone = SingleSignOn()
    assert password_allowed("anyone@trust.nhs.uk", everyone)
    named = single_sign_on({"LOCAL_SIGN_IN_EMAILS": "Glass@Trust.nhs.uk, it@trust.nhs.uk"})
    assert password_allowed(" glass@trust.nhs.uk", named)
    assert not password_allowed("anyone@trust.nhs.uk", named)
