from __future__ import annotations

import pytest
from click.testing import Result
from flask import Flask
from sqlalchemy.orm import Session

from app.accounts import cli as users_cli
from app.accounts import service
from app.db.session import new_session
from tests.accounts.people import PASSWORD, current_code, trail, with_second_factor


@pytest.fixture(autouse=True)
def shell_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SUDO_USER", "alice")


def _create(
    cli_app: Flask,
    email: str = "Jane.Doe@Hospital.Example",
    password: str = PASSWORD,
    role: str = "admin",
    name: str = "Jane Doe",
) -> Result:
    return cli_app.test_cli_runner().invoke(
        args=["users", "create", email, "--name", name, "--role", role], input=f"{password}\n"
    )


def test_users_create_reads_the_password_from_standard_input(cli_app: Flask) -> None:
    result = _create(cli_app)
    assert result.exit_code == 0, result.output
    assert "Created jane.doe@hospital.example (admin)" in result.output
    with new_session(cli_app) as session:
        user = service.check_password(session, "jane.doe@hospital.example", PASSWORD)
        assert user is not None and user.role == "admin"
        entry = trail(session)[0]
        assert (entry.action, entry.actor_name, entry.actor_id) == (
            "account.created",
            "command line (alice)",
            None,
        )


def test_at_a_terminal_the_password_is_asked_for_twice_and_not_shown(
    cli_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(users_cli, "_at_a_terminal", lambda: True)
    result = cli_app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "jane.doe@hospital.example",
            "--name",
            "Jane Doe",
            "--role",
            "admin",
        ],
        input=f"{PASSWORD}\n{PASSWORD}x\n{PASSWORD}\n{PASSWORD}\n",
    )
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert "do not match" in result.output
    assert PASSWORD not in result.output
    with new_session(cli_app) as session:
        assert service.check_password(session, "jane.doe@hospital.example", PASSWORD)


def test_a_passphrase_with_spaces_at_the_ends_is_kept_whole(cli_app: Flask) -> None:
    assert _create(cli_app, password="  " + PASSWORD + " ").exit_code == 0
    with new_session(cli_app) as session:
        assert service.check_password(session, "jane.doe@hospital.example", PASSWORD) is None
        assert service.check_password(session, "jane.doe@hospital.example", f"  {PASSWORD} ")


def test_users_create_refuses_a_duplicate_with_exit_code_1(cli_app: Flask) -> None:
    assert _create(cli_app).exit_code == 0
    again = _create(cli_app, email="JANE.doe@hospital.example")
    assert again.exit_code == 1
    assert "already an account" in again.output
    with new_session(cli_app) as session:
        assert len(service.list_users(session)) == 1
        assert len(trail(session)) == 1


def test_users_create_refuses_a_weak_password_saying_why(cli_app: Flask) -> None:
    result = _create(cli_app, password="qwerty123456")
    assert result.exit_code == 1
    assert "common or leaked passwords" in result.output
    with new_session(cli_app) as session:
        assert service.list_users(session) == []


def test_users_create_refuses_an_unknown_role(cli_app: Flask) -> None:
    result = _create(cli_app, role="superuser")
    assert result.exit_code == 2
    assert "superuser" in result.output


def _set_up_second_factor(cli_app: Flask) -> tuple[Session, str]:
    session = new_session(cli_app)
    user = service.find_user(session, "jane.doe@hospital.example")
    assert user is not None
    secret, _ = with_second_factor(session, user)
    return session, secret


def test_users_list_shows_role_status_second_factor_and_last_sign_in(cli_app: Flask) -> None:
    runner = cli_app.test_cli_runner()
    assert "No accounts yet" in runner.invoke(args=["users", "list"]).output
    _create(cli_app)
    _create(cli_app, email="ed@hospital.example", role="editor", name="Ed Jones")
    before = runner.invoke(args=["users", "list"])
    assert before.exit_code == 0
    lines = before.output.splitlines()
    assert lines[0].split() == [
        "email",
        "name",
        "role",
        "status",
        "second",
        "factor",
        "last",
        "sign-in",
    ]
    assert "ed@hospital.example" in lines[1] and "no 2FA yet" in lines[1] and "never" in lines[1]
    session, _ = _set_up_second_factor(cli_app)
    session.close()
    jane = next(
        line
        for line in runner.invoke(args=["users", "list"]).output.splitlines()
        if line.startswith("jane")
    )
    assert "admin" in jane and "active" in jane and "2FA set up" in jane and "UTC" in jane


def test_users_deactivate_and_reactivate(cli_app: Flask) -> None:
    _create(cli_app)
    _create(cli_app, email="ed@hospital.example", role="editor", name="Ed Jones")
    runner = cli_app.test_cli_runner()
    result = runner.invoke(args=["users", "deactivate", "ED@hospital.example"])
    assert result.exit_code == 0 and "Deactivated ed@hospital.example" in result.output
    with new_session(cli_app) as session:
        assert service.check_password(session, "ed@hospital.example", PASSWORD) is None
    assert "deactivated" in runner.invoke(args=["users", "list"]).output
    again = runner.invoke(args=["users", "deactivate", "ed@hospital.example"])
    assert again.exit_code == 1 and "already deactivated" in again.output
    assert runner.invoke(args=["users", "reactivate", "ed@hospital.example"]).exit_code == 0
    with new_session(cli_app) as session:
        assert service.check_password(session, "ed@hospital.example", PASSWORD) is not None
        actions = [(e.action, e.actor_name) for e in trail(session)]
    assert ("account.deactivated", "command line (alice)") in actions
    assert ("account.reactivated", "command line (alice)") in actions


def test_the_last_admin_cannot_be_deactivated_from_the_command_line(cli_app: Flask) -> None:
    _create(cli_app)
    result = cli_app.test_cli_runner().invoke(
        args=["users", "deactivate", "jane.doe@hospital.example"]
    )
    assert result.exit_code == 1
    assert "at least one active admin" in result.output


def test_users_reset_2fa_clears_the_authenticator(cli_app: Flask) -> None:
    _create(cli_app)
    session, secret = _set_up_second_factor(cli_app)
    session.close()
    result = cli_app.test_cli_runner().invoke(
        args=["users", "reset-2fa", "jane.doe@hospital.example"]
    )
    assert result.exit_code == 0, result.output
    assert "set it up again" in result.output
    with new_session(cli_app) as session:
        user = service.find_user(session, "jane.doe@hospital.example")
        assert user is not None and not user.has_second_factor
        assert not service.check_second_factor(session, user, current_code(secret, ahead=1))
        reset = [e for e in trail(session) if e.action == "second_factor.reset"]
        assert [e.actor_name for e in reset] == ["command line (alice)"]


def test_an_unknown_email_is_an_error(cli_app: Flask) -> None:
    result = cli_app.test_cli_runner().invoke(
        args=["users", "reset-2fa", "nobody@hospital.example"]
    )
    assert result.exit_code == 1
    assert "no account with the email address nobody@hospital.example" in result.output


def test_users_create_with_link_prints_a_one_time_link_and_asks_no_password(config, database_url):
    from app import create_app
    from tests.support.first_sign_in import choose_password

    app = create_app({**config, "DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(
        args=["users", "create", "ed@hospital.example", "--name", "Ed Jones", "--role", "editor",
              "--link"], input="",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    link = result.output.split("https://line.example.org", 1)[1].split()[0]
    assert link.startswith("/admin/welcome/")
    with new_session(app) as session:
        assert service.check_password(session, "ed@hospital.example", "") is None
        actions = [e.action for e in trail(session)]
    assert actions[:2] == ["account.created", "account.link_issued"]
    assert "account.announced" in actions
    assert choose_password(app.test_client(), link, PASSWORD).status_code == 302
    assert app.test_client().get(link).status_code == 410
