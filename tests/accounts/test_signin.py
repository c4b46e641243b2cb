from __future__ import annotations

import json
import time
from collections.abc import Callable

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from app.accounts import links, passwords, service, totp
from app.accounts.errors import AccountError
from app.accounts.second_factor import NOT_PROVEN, Proof
from app.accounts.signin import NOT_AN_ACCOUNT
from tests.accounts.people import (
    OTHER_PASSWORD,
    PASSWORD,
    current_code,
    make_user,
    trail,
    with_second_factor,
)


def test_the_right_password_passes_the_first_step(session: Session) -> None:
    user = make_user(session)
    assert (
        service.check_password(session, " Jane.Doe@Hospital.Example", PASSWORD, "192.0.2.1") is user
    )
    entry = trail(session)[-1]
    assert (entry.action, entry.outcome, entry.actor_id, entry.client) == (
        "sign_in.password_accepted",
        "ok",
        user.id,
        "192.0.2.1",
    )


def test_a_wrong_password_is_recorded_against_the_account_and_never_kept(
    session: Session,
) -> None:
    user = make_user(session)
    wrong = "tulip lantern orbit marmalad"
    assert service.check_password(session, user.email, wrong, "192.0.2.7", "k") is None
    entry = trail(session)[-1]
    assert (entry.action, entry.outcome, entry.actor_id, entry.client) == (
        "sign_in.failed",
        "refused",
        None,
        "192.0.2.7",
    )
    assert (entry.object_type, entry.object_id) == ("user", str(user.id))
    assert entry.details == {
        "name_tried": user.email,
        "reason": "wrong password",
        "step": "password",
    }
    assert wrong not in entry.detail


def test_a_name_with_no_account_is_kept_only_as_a_keyed_hash(session: Session) -> None:
    make_user(session)
    for typed in ("nobody@hospital.example", "Nobody@Hospital.example", "other@hospital.example"):
        assert service.check_password(session, typed, PASSWORD, "192.0.2.7", "key") is None
    entries = trail(session)[-3:]
    assert all(e.object_id is None and "nobody" not in e.detail for e in entries)
    assert [e.details["name_tried"] for e in entries] == [NOT_AN_ACCOUNT] * 3
    hashes = [e.details["name_tried_hash"] for e in entries]
    assert hashes[0] == hashes[1] != hashes[2]  # the same name tried twice is seen as such
    service.check_password(session, "nobody@hospital.example", PASSWORD, None, "another key")
    assert trail(session)[-1].details["name_tried_hash"] != hashes[0]
    service.check_password(session, "nobody@hospital.example", PASSWORD)  # no key: no hash
    assert "name_tried_hash" not in trail(session)[-1].details


def test_an_unknown_email_takes_as_long_as_a_wrong_password(session: Session) -> None:
    user = make_user(session)
    # With the shipped argon2 parameters a check takes a noticeable time; skipping it for an
    # unknown address would tell an attacker which addresses have accounts.
    previous = passwords.use_hasher(PasswordHasher())
    try:
        service.change_password(session, user, PASSWORD, OTHER_PASSWORD)
        known = _fastest(lambda: service.check_password(session, user.email, PASSWORD))
        unknown = _fastest(
            lambda: service.check_password(session, "nobody@hospital.example", PASSWORD)
        )
    finally:
        passwords.use_hasher(previous)
    assert unknown > known / 2


def test_an_account_waiting_for_its_first_password_takes_as_long_as_a_wrong_password(
    session: Session,
) -> None:
    # An account made by an admin has no usable password until its person follows their
    # link: answering at once would tell a stranger that the address has a new account.
    waiting = make_user(session, "new@hospital.example", "New", role="editor")
    waiting.password_hash = links.placeholder()
    user = make_user(session)
    session.commit()
    previous = passwords.use_hasher(PasswordHasher())
    try:
        service.change_password(session, user, PASSWORD, OTHER_PASSWORD)
        known = _fastest(lambda: service.check_password(session, user.email, PASSWORD))
        new = _fastest(lambda: service.check_password(session, waiting.email, PASSWORD))
    finally:
        passwords.use_hasher(previous)
    assert new > known / 2


def _fastest(check: Callable[[], object]) -> float:
    times = []
    for _ in range(2):
        start = time.perf_counter()
        check()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.mark.parametrize("typed", [PASSWORD, "Purple@Elephant42!", "jane.doe@hospital.example!"])
def test_a_password_typed_into_the_email_box_is_not_kept(session: Session, typed: str) -> None:
    make_user(session)
    assert service.check_password(session, typed, "something else", None, "key") is None
    assert service.check_password(session, typed, typed, None, "key") is None
    for entry in trail(session)[-2:]:
        assert entry.details["name_tried"] == NOT_AN_ACCOUNT
        assert typed.lower() not in entry.detail.lower()


def test_a_deactivated_account_never_signs_in_even_with_the_right_password(
    session: Session,
) -> None:
    admin = make_user(session)
    user = make_user(session, "ed@hospital.example", "Ed", role="editor")
    secret, codes = with_second_factor(session, user)
    service.deactivate(session, user, admin)
    assert service.check_password(session, "ed@hospital.example", PASSWORD) is None
    assert trail(session)[-1].details["reason"] == "account deactivated"
    assert not service.check_second_factor(session, user, current_code(secret, ahead=1))
    assert not service.check_second_factor(session, user, codes[0])


def test_a_hash_made_with_older_parameters_is_renewed_at_sign_in(session: Session) -> None:
    user = make_user(session)
    old = user.password_hash
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    previous = passwords.use_hasher(stronger)
    try:
        assert service.check_password(session, user.email, PASSWORD) is user
        session.refresh(user)
        assert user.password_hash != old
        assert "$m=2048,t=2,p=1$" in user.password_hash
        assert service.check_password(session, user.email, PASSWORD) is user
    finally:
        passwords.use_hasher(previous)


def test_setting_up_the_app_needs_a_right_code_and_gives_ten_recovery_codes(
    session: Session,
) -> None:
    user = make_user(session)
    secret = service.begin_totp_setup(user)
    assert service.setup_qr_svg(user, secret).startswith("<svg")
    with pytest.raises(AccountError, match="did not work"):
        service.confirm_totp(session, user, secret, current_code(secret, ahead=-5))
    assert not user.has_second_factor
    codes = service.confirm_totp(session, user, secret, current_code(secret), "192.0.2.1")
    assert len(codes) == len(set(codes)) == 10
    assert user.has_second_factor and user.last_sign_in_at is not None
    assert trail(session)[-1].action == "second_factor.set_up"
    assert all(code not in entry.detail for entry in trail(session) for code in codes)


def test_a_password_alone_cannot_swap_the_authenticator(session: Session) -> None:
    user = make_user(session)
    old, _ = with_second_factor(session, user)
    version = user.session_version
    new = service.begin_totp_setup(user)
    with pytest.raises(AccountError, match="already set up"):
        service.confirm_totp(session, user, new, current_code(new, ahead=1))
    assert user.totp_secret == old
    # From my account, with the password and a code from the old app again; sessions end.
    service.confirm_totp(
        session, user, new, current_code(new, ahead=1), proof=Proof(PASSWORD, current_code(old, 1))
    )
    assert user.totp_secret == new and user.session_version == version + 1
    assert trail(session)[-1].details == {"replaced": True}


@pytest.mark.parametrize("wrong", ["password", "code", "both"])
def test_replacing_the_app_or_the_recovery_codes_needs_the_password_and_a_code(
    session: Session, wrong: str
) -> None:
    user = make_user(session)
    old, codes = with_second_factor(session, user)
    password = "not my password at all" if wrong in ("password", "both") else PASSWORD
    code = "000000" if wrong in ("code", "both") else current_code(old, ahead=1)
    if code == current_code(old, ahead=1) and wrong != "password":
        code = "111111"
    new = service.begin_totp_setup(user)
    with pytest.raises(AccountError, match=NOT_PROVEN[:20]):
        service.confirm_totp(session, user, new, current_code(new), proof=Proof(password, code))
    with pytest.raises(AccountError, match=NOT_PROVEN[:20]):
        service.new_recovery_codes(session, user, Proof(password, code))
    session.expire_all()
    assert user.totp_secret == old
    assert service.check_second_factor(session, user, codes[0])  # the old codes still work
    failed = [e for e in trail(session) if e.action == "sign_in.failed"][-2:]
    assert [e.details["step"] for e in failed] == ["confirming a change"] * 2
    assert all(password not in e.detail and code not in e.detail for e in failed)


def test_a_recovery_code_can_prove_it_is_me_once(session: Session) -> None:
    user = make_user(session)
    _, codes = with_second_factor(session, user)
    fresh = service.new_recovery_codes(session, user, Proof(PASSWORD, codes[0]))
    with pytest.raises(AccountError):
        service.new_recovery_codes(session, user, Proof(PASSWORD, codes[0]))
    assert service.new_recovery_codes(session, user, Proof(PASSWORD, fresh[0]))


def test_an_authenticator_code_works_once_and_not_twice(session: Session) -> None:
    user = make_user(session)
    secret, _ = with_second_factor(session, user)
    # The set-up spent the current step; the next one is within the allowed drift.
    code = current_code(secret, ahead=1)
    assert service.check_second_factor(session, user, code, "192.0.2.1")
    assert trail(session)[-1].action == "sign_in.succeeded"
    assert trail(session)[-1].details == {"method": "authenticator"}
    assert not service.check_second_factor(session, user, code, "192.0.2.1")
    failed = trail(session)[-1]
    assert (failed.action, failed.outcome, failed.details["reason"]) == (
        "sign_in.failed",
        "refused",
        "wrong code",
    )
    assert code not in failed.detail


def test_a_code_from_two_steps_ago_fails(session: Session) -> None:
    user = make_user(session)
    secret, _ = with_second_factor(session, user)
    user.last_totp_step = 0  # as if the set-up had been long ago
    session.commit()
    assert not service.check_second_factor(session, user, current_code(secret, ahead=-2))
    assert not service.check_second_factor(session, user, current_code(secret, ahead=2))


def test_each_recovery_code_works_once(session: Session) -> None:
    user = make_user(session)
    _, codes = with_second_factor(session, user)
    assert service.check_second_factor(session, user, codes[0].lower().replace("-", " "))
    assert trail(session)[-1].details == {"method": "recovery code", "recovery_codes_left": 9}
    assert not service.check_second_factor(session, user, codes[0])
    assert service.check_second_factor(session, user, codes[1])


def test_another_persons_recovery_code_does_not_work(session: Session) -> None:
    jane = make_user(session)
    ed = make_user(session, "ed@hospital.example", "Ed", role="editor")
    _, jane_codes = with_second_factor(session, jane)
    with_second_factor(session, ed)
    assert not service.check_second_factor(session, ed, jane_codes[0])
    assert service.check_second_factor(session, jane, jane_codes[0])


def test_new_recovery_codes_end_the_old_ones(session: Session) -> None:
    user = make_user(session)
    secret, old = with_second_factor(session, user)
    new = service.new_recovery_codes(session, user, Proof(PASSWORD, current_code(secret, 1)))
    assert not set(old) & set(new)
    assert not service.check_second_factor(session, user, old[0])
    assert service.check_second_factor(session, user, new[0])


def test_resetting_the_second_factor_clears_it_and_ends_the_sessions(session: Session) -> None:
    admin = make_user(session)
    user = make_user(session, "ed@hospital.example", "Ed", role="editor")
    secret, codes = with_second_factor(session, user)
    version = user.session_version
    service.reset_second_factor(session, user, admin, "192.0.2.1")
    session.expire_all()
    assert user.totp_secret is None and user.totp_confirmed_at is None
    assert not user.has_second_factor and user.recovery_codes == []
    assert user.session_version == version + 1
    assert service.user_for_session(session, user.id, version) is None
    assert service.user_for_session(session, user.id, version + 1) is user
    assert not service.check_second_factor(session, user, codes[0])
    entry = trail(session)[-2]
    assert (entry.action, entry.actor_name) == ("second_factor.reset", "Jane Doe")
    with pytest.raises(AccountError, match="no second factor"):
        service.reset_second_factor(session, user, admin)


def test_signing_out_everywhere_ends_the_other_sessions(session: Session) -> None:
    user = make_user(session)
    version = user.session_version
    service.sign_out(session, user)
    assert service.user_for_session(session, user.id, version) is user
    service.sign_out(session, user, everywhere=True)
    assert service.user_for_session(session, user.id, version) is None


def test_no_audit_entry_ever_holds_a_password_or_secret_used(session: Session) -> None:
    tried = ["tulip lantern orbit marmalad", "Wrong Horse Battery 77", OTHER_PASSWORD]
    user = make_user(session)
    secret, codes = with_second_factor(session, user)
    for password in tried:
        service.check_password(session, user.email, password)
        service.check_password(session, "nobody@hospital.example", password)
        service.check_password(session, password, password)
    service.check_password(session, user.email, PASSWORD)
    service.change_password(session, user, PASSWORD, OTHER_PASSWORD)
    service.check_second_factor(session, user, "123456")
    service.check_second_factor(session, user, codes[0])
    service.check_second_factor(session, user, "XXXX-YYYY-ZZZZ")
    everything = json.dumps(
        [
            [e.actor_name, e.client, e.action, e.object_type, e.object_id, e.detail]
            for e in trail(session)
        ]
    ).lower()
    assert len(trail(session)) > 12
    for needle in [*tried, PASSWORD, OTHER_PASSWORD, secret, *codes]:
        assert needle.lower() not in everything
    assert "marmalad" not in everything
    assert totp.ISSUER  # the secret above was a real one
