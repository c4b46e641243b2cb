from __future__ import annotations

import pytest

from app.accounts.roles import PERMISSIONS, ROLES, allowed, permissions


@pytest.mark.parametrize("role", ROLES)
def test_everyone_can_see_how_the_line_is_doing(role: str) -> None:
    assert allowed(role, "view_status")


def test_nobody_publishes_their_own_draft() -> None:
    drafters = PERMISSIONS["edit_content"]
    publishers = PERMISSIONS["publish_content"]
    assert drafters and publishers
    assert not drafters & publishers


def test_an_editor_drafts_but_does_not_check_or_publish() -> None:
    assert allowed("editor", "edit_content")
    assert not allowed("editor", "review_content")
    assert not allowed("editor", "publish_content")
    assert not allowed("editor", "run_operations")


def test_a_reviewer_checks_and_publishes_but_does_not_draft() -> None:
    assert allowed("reviewer", "review_content")
    assert allowed("reviewer", "publish_content")
    assert not allowed("reviewer", "edit_content")
    assert not allowed("reviewer", "manage_accounts")


def test_only_an_admin_manages_accounts_and_settings() -> None:
    for permission in ("manage_accounts", "manage_settings"):
        assert {role for role in ROLES if allowed(role, permission)} == {"admin"}
    assert permissions("admin") >= {"manage_accounts", "run_operations", "view_audit"}
    assert "publish_content" not in permissions("admin")


def test_an_unknown_role_may_do_nothing() -> None:
    assert not any(allowed("superuser", permission) for permission in PERMISSIONS)


def test_a_misspelt_permission_is_an_error_not_a_silent_no() -> None:
    with pytest.raises(ValueError, match="no such permission"):
        allowed("admin", "manage_acounts")
