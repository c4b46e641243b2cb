"""The role check every service makes (app/accounts/actors.py `require`), on its own: a
person may do only what their role allows, and only while their account is active; the
command line, run by someone with a shell on the server, is trusted. Written for the mutation
run (bench/mutation.py): the admin's pages check roles before a service is reached."""

from __future__ import annotations

import pytest

from app.accounts.actors import require
from app.accounts.errors import AccountError
from app.accounts.models import User


def person(role: str, active: bool = True) -> User:
    return User(email=f"{role}@hospital.example", name=role.title(), role=role, active=active)


def test_an_active_reviewer_may_publish_and_the_command_line_may_do_anything() -> None:
    require(person("reviewer"), "publish_content")
    require("flask content import", "publish_content")


@pytest.mark.parametrize(
    "who,permission",
    [(person("editor"), "publish_content"), (person("reviewer"), "edit_content"),
     (person("admin"), "publish_content"), (person("reviewer", active=False), "publish_content")],
    ids=["editor", "reviewer-writing", "admin", "deactivated-reviewer"],
)  # fmt: skip
def test_a_role_without_the_permission_or_an_account_deactivated_is_refused(
    who: User, permission: str
) -> None:
    with pytest.raises(AccountError):
        require(who, permission)
