"""`flask users dev-admin`: bin/dev's admin, with a fixed key, only in development."""

from __future__ import annotations

import re

import pyotp

from app import create_app
from app.accounts import development
from tests.support.admin import add_person, csrf


def _sign_in(app, password: str) -> int:
    client = app.test_client()
    data = {"email": development.EMAIL, "password": password, "csrf_token": csrf(client)}
    if client.post("/admin/login", data=data).status_code != 302:
        return 401
    code = {"code": pyotp.TOTP(development.TOTP_SECRET).now(), "csrf_token": csrf(client)}
    return client.post("/admin/login/code", data=code).status_code


def test_outside_development_it_refuses_and_makes_nothing(config, database_url):
    app = create_app({**config, "DATABASE_URL": database_url})
    result = app.test_cli_runner().invoke(args=["users", "dev-admin"])
    assert result.exit_code == 1 and "APP_ENV=development" in result.output
    listed = app.test_cli_runner().invoke(args=["users", "list"])
    assert "No accounts yet" in listed.output


def test_in_development_it_prints_how_to_sign_in_and_that_works(config, database_url):
    app = create_app({**config, "APP_ENV": "development", "DATABASE_URL": database_url})
    first = app.test_cli_runner().invoke(args=["users", "dev-admin"])
    assert first.exit_code == 0, first.output
    password = re.search(r"with the password (\S+)", first.output).group(1)
    assert development.TOTP_SECRET in first.output
    assert _sign_in(app, password) == 302
    again = app.test_cli_runner().invoke(args=["users", "dev-admin"])
    new_password = re.search(r"with the password (\S+)", again.output).group(1)
    assert new_password != password and _sign_in(app, password) == 401


def test_in_development_it_leaves_real_accounts_alone(config, database_url):
    app = create_app({**config, "APP_ENV": "development", "DATABASE_URL": database_url})
    add_person(app, "admin")
    result = app.test_cli_runner().invoke(args=["users", "dev-admin"])
    assert result.exit_code == 0 and "Accounts exist already" in result.output
    assert development.EMAIL not in app.test_cli_runner().invoke(args=["users", "list"]).output
