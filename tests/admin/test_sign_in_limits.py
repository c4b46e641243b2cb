"""Throttles a stranger cannot turn against staff: wrong passwords slow the client that sends
them and the account from that client only, counting is atomic under 40 guesses at once,
and behind a proxy only the trusted hop names the client. On SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from app import create_app, redis_keys
from app.accounts import service
from app.accounts.second_factor import Proof
from app.admin import auth
from app.db.session import new_session
from tests.support.admin import add_person, csrf, fresh_code, trail

WRONG = "wrong password here!"


def _password_step(client, email: str, password: str, **headers: str):
    data = {"email": email, "password": password, "csrf_token": csrf(client)}
    return client.post("/admin/login", data=data, headers=headers)


def _code_step(client, code: str):
    token = csrf(client, "/admin/login/code")
    return client.post("/admin/login/code", data={"code": code, "csrf_token": token})


def _client(app, address: str):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def test_a_strangers_wrong_passwords_never_stop_the_right_person_elsewhere(app, redis):
    person = add_person(app, "admin")
    stranger = _client(app, "203.0.113.66")
    for _ in range(auth.ACCOUNT_LIMIT):
        assert _password_step(stranger, person.email, WRONG).status_code == 401
    refused = _password_step(stranger, person.email, person.password)
    assert refused.status_code == 429 and "Too many attempts" in refused.get_data(as_text=True)
    at_work = _client(app, "192.0.2.10")
    assert _password_step(at_work, person.email, person.password).status_code == 302
    signed_in = _code_step(at_work, fresh_code(app, person))
    assert signed_in.status_code == 302 and at_work.get("/admin/").status_code == 200
    someone = add_person(app, "editor")  # the stranger's client may still sign others in
    assert _password_step(stranger, someone.email, someone.password).status_code == 302


def test_failures_are_throttled_per_client(client, app, redis):
    person = add_person(app, "admin")
    for n in range(auth.CLIENT_LIMIT):
        assert _password_step(client, f"guess{n}@hospital.example", WRONG).status_code == 401
    assert _password_step(client, person.email, person.password).status_code == 429
    elsewhere = _client(app, "10.1.2.3")
    assert _password_step(elsewhere, person.email, person.password).status_code == 302
    keys = [k.decode() for k in redis.keys(redis_keys.SIGN_IN_FAILURES_BY_CLIENT + ":*")]
    assert keys and all("127.0.0.1" not in k for k in keys)


def _recovery_codes(app, person) -> list[str]:
    """Ten codes for `person` to sign in with, without waiting for the authenticator's next."""
    with new_session(app) as session:
        user = service.get_user(session, person.id)
        proof = Proof(person.password, fresh_code(app, person))
        return service.new_recovery_codes(session, user, proof)


def test_people_signing_in_rightly_never_use_up_a_shared_address(app, redis):
    people = [add_person(app, "editor") for _ in range(3)]
    codes = {person: _recovery_codes(app, person) for person in people}
    for n in range(auth.CLIENT_LIMIT // len(people) + 1):
        for person in people:
            client = _client(app, "192.0.2.200")  # one hospital, one address
            assert _password_step(client, person.email, person.password).status_code == 302
            assert _code_step(client, codes[person][n]).status_code == 302


def test_wrong_codes_are_limited_per_client_and_per_account(app, redis):
    person = add_person(app, "admin")
    first = _client(app, "198.51.100.1")
    _password_step(first, person.email, person.password)
    for _ in range(auth.ACCOUNT_LIMIT):
        assert _code_step(first, "999999x").status_code == 401
    assert _code_step(first, fresh_code(app, person)).status_code == 429
    # Someone who has the password, trying codes from many addresses, meets the account's
    # own limit for codes: only a person past the password can use it up.
    for n in range(auth.CODE_LIMIT - auth.ACCOUNT_LIMIT):
        other = _client(app, f"198.51.100.{n + 2}")
        _password_step(other, person.email, person.password)
        assert _code_step(other, "999999x").status_code == 401
    last = _client(app, "198.51.100.99")
    _password_step(last, person.email, person.password)
    assert _code_step(last, fresh_code(app, person)).status_code == 429


def test_forty_guesses_at_once_get_no_more_password_checks_than_the_limit(app, redis, monkeypatch):
    person = add_person(app, "admin")
    clients = [app.test_client() for _ in range(40)]
    tokens = [csrf(c) for c in clients]
    checks, lock, start = [], threading.Lock(), threading.Barrier(40)
    real = service.check_password

    def counted(*args, **kwargs):
        with lock:
            checks.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(service, "check_password", counted)

    def guess(n: int) -> int:
        start.wait()
        data = {"email": person.email, "password": f"{WRONG} {n}", "csrf_token": tokens[n]}
        return clients[n].post("/admin/login", data=data).status_code

    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(guess, range(40)))
    assert len(checks) == auth.ACCOUNT_LIMIT
    assert sorted(answers) == [401] * auth.ACCOUNT_LIMIT + [429] * (40 - auth.ACCOUNT_LIMIT)
    failed = [e for e in trail(app) if e.action == "sign_in.failed"]
    assert len(failed) == auth.ACCOUNT_LIMIT


def test_behind_a_proxy_a_forged_forwarded_for_does_not_change_the_client(config, redis):
    app = create_app({**config, "TRUSTED_PROXIES": "1"})
    person = add_person(app, "admin")
    proxy = _client(app, "10.0.0.2")  # every request arrives from the proxy

    def via_proxy(forged: str, real: str) -> dict[str, str]:
        # Over https a form also needs a same-site Referer (Flask-WTF's strict check).
        return {"X-Forwarded-For": f"{forged}, {real}", "X-Forwarded-Proto": "https",
                "Referer": "https://localhost/admin/login"}  # fmt: skip

    for n in range(auth.ACCOUNT_LIMIT):
        answer = _password_step(
            proxy, person.email, WRONG, **via_proxy(f"192.0.2.{n}", "203.0.113.9")
        )
        assert answer.status_code == 401
    again = via_proxy("192.0.2.250", "203.0.113.9")  # a new forged address: the same client
    assert _password_step(proxy, person.email, person.password, **again).status_code == 429
    elsewhere = via_proxy("203.0.113.9", "198.51.100.20")  # a real other client
    assert _password_step(proxy, person.email, person.password, **elsewhere).status_code == 302
    clients = {e.client for e in trail(app) if e.action.startswith("sign_in")}
    assert clients == {"203.0.113.9", "198.51.100.20"}
