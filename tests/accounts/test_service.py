from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from app.accounts import service
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.passwords import COMMON, PERSONAL, TOO_SHORT
from app.accounts.second_factor import Proof
from tests.accounts.people import (
    OTHER_PASSWORD,
    PASSWORD,
    SETUP,
    counts,
    current_code,
    make_user,
    trail,
    with_second_factor,
)


def test_creating_an_account_keeps_the_email_lower_cased_and_records_who_did_it(
    session: Session,
) -> None:
    admin = make_user(session)
    user = service.create_user(
        session,
        "  Rhys.Evans@Hospital.Example ",
        "Rhys  Evans",
        "editor",
        OTHER_PASSWORD,
        admin,
        "203.0.113.9",
    )
    assert (user.email, user.name, user.role, user.active) == (
        "rhys.evans@hospital.example",
        "Rhys Evans",
        "editor",
        True,
    )
    assert not user.has_second_factor
    entry = trail(session)[-1]
    assert (entry.action, entry.outcome, entry.actor_id, entry.actor_name) == (
        "account.created",
        "ok",
        admin.id,
        "Jane Doe",
    )
    assert (entry.object_type, entry.object_id, entry.client) == (
        "user",
        str(user.id),
        "203.0.113.9",
    )
    assert entry.details == {"email": "rhys.evans@hospital.example", "role": "editor"}


@pytest.mark.parametrize("email", ["jane.doe@hospital.example", "JANE.DOE@Hospital.Example"])
def test_a_second_account_with_the_same_email_in_any_case_is_refused(
    session: Session, email: str
) -> None:
    make_user(session)
    before = counts(session)
    with pytest.raises(AccountError, match="already an account"):
        service.create_user(session, email, "Someone Else", "editor", OTHER_PASSWORD, SETUP)
    assert counts(session) == before


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", TOO_SHORT),
        ("qwerty123456", COMMON),
        ("rhys.evans likes tea", PERSONAL),
    ],
)
def test_a_weak_password_is_refused_with_a_reason_and_nothing_changes(
    session: Session, password: str, message: str
) -> None:
    with pytest.raises(AccountError) as refusal:
        service.create_user(
            session, "rhys.evans@hospital.example", "Rhys Evans", "editor", password, SETUP
        )
    assert refusal.value.message == message
    assert counts(session) == (0, 0)


@pytest.mark.parametrize(
    ("email", "name", "role"),
    [
        ("not-an-email", "Rhys", "editor"),
        ("rhys@localhost", "Rhys", "editor"),
        ("rhys@hospital.example", "   ", "editor"),
        ("rhys@hospital.example", "Rhys\x00", "editor"),
        ("rhys@hospital.example", "Rhys", "superuser"),
    ],
)
def test_an_unusable_email_name_or_role_is_refused(
    session: Session, email: str, name: str, role: str
) -> None:
    with pytest.raises(AccountError):
        service.create_user(session, email, name, role, OTHER_PASSWORD, SETUP)
    assert counts(session) == (0, 0)


def test_only_an_admin_manages_accounts(session: Session) -> None:
    editor = make_user(session, "ed@hospital.example", "Ed", role="editor")
    victim = make_user(session, "vic@hospital.example", "Vic", role="reviewer")
    before = counts(session)
    for attempt in (
        lambda: service.create_user(
            session, "new@hospital.example", "New", "admin", OTHER_PASSWORD, editor
        ),
        lambda: service.change_role(session, victim, "editor", editor),
        lambda: service.deactivate(session, victim, editor),
        lambda: service.reset_second_factor(session, victim, editor),
    ):
        with pytest.raises(AccountError, match="not allowed"):
            attempt()
    assert counts(session) == before


def test_a_role_change_ends_the_persons_sessions(session: Session) -> None:
    admin = make_user(session)
    editor = make_user(session, "ed@hospital.example", "Ed", role="editor")
    version = editor.session_version
    service.change_role(session, editor, "reviewer", admin, "198.51.100.1")
    assert editor.role == "reviewer"
    assert editor.session_version == version + 1
    assert service.user_for_session(session, editor.id, version) is None
    entry = trail(session)[-1]
    assert (entry.action, entry.actor_name) == ("account.role_changed", "Jane Doe")
    assert entry.details == {"before": "editor", "after": "reviewer"}


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(session: Session) -> None:
    admin = make_user(session)
    before = counts(session)
    with pytest.raises(AccountError, match="at least one active admin"):
        service.change_role(session, admin, "editor", SETUP)
    with pytest.raises(AccountError, match="at least one active admin"):
        service.deactivate(session, admin, SETUP)
    assert counts(session) == before
    make_user(session, "second@hospital.example", "Second Admin")
    service.change_role(session, admin, "editor", SETUP)
    assert admin.role == "editor"


def test_deactivating_keeps_the_account_and_ends_its_sessions(session: Session) -> None:
    admin = make_user(session)
    editor = make_user(session, "ed@hospital.example", "Ed", role="editor")
    version = editor.session_version
    service.deactivate(session, editor, admin)
    assert not editor.active
    assert service.user_for_session(session, editor.id, version) is None
    assert service.find_user(session, "ED@hospital.example") is editor
    assert service.check_password(session, "ed@hospital.example", PASSWORD) is None
    with pytest.raises(AccountError, match="already deactivated"):
        service.deactivate(session, editor, admin)
    service.reactivate(session, editor, admin)
    assert service.check_password(session, "ed@hospital.example", PASSWORD) is editor
    actions = [entry.action for entry in trail(session)]
    assert actions[-4:] == [
        "account.deactivated",
        "sign_in.failed",
        "account.reactivated",
        "sign_in.password_accepted",
    ]


def test_an_admin_cannot_deactivate_themselves(session: Session) -> None:
    admin = make_user(session)
    make_user(session, "second@hospital.example", "Second Admin")
    with pytest.raises(AccountError, match="your own account"):
        service.deactivate(session, admin, admin)
    assert admin.active


def test_changing_a_password_needs_the_old_one_and_ends_every_session(session: Session) -> None:
    user = make_user(session)
    version = user.session_version
    with pytest.raises(AccountError, match="current password is not right"):
        service.change_password(session, user, "wrong password!!", OTHER_PASSWORD)
    with pytest.raises(AccountError, match="different from your current"):
        service.change_password(session, user, PASSWORD, PASSWORD)
    with pytest.raises(AccountError):
        service.change_password(session, user, PASSWORD, "jane doe is great")
    assert user.session_version == version
    service.change_password(session, user, PASSWORD, OTHER_PASSWORD, "192.0.2.4")
    assert user.session_version == version + 1
    assert service.check_password(session, user.email, PASSWORD) is None
    assert service.check_password(session, user.email, OTHER_PASSWORD) is user


def test_a_rename_keeps_the_old_name_on_old_entries(session: Session) -> None:
    user = make_user(session)
    service.change_name(session, user, "Jane Evans", user)
    names = [entry.actor_name for entry in trail(session)]
    assert names == [SETUP, "Jane Doe"]
    service.sign_out(session, user)
    assert trail(session)[-1].actor_name == "Jane Evans"


def _proof(user: User) -> Proof:
    assert user.totp_secret is not None
    return Proof(PASSWORD, current_code(user.totp_secret, ahead=1))


ACTIONS: dict[str, tuple[str, Callable[[Session, User, User], object]]] = {
    "create": (
        "account.created",
        lambda s, a, u: service.create_user(
            s, "new@hospital.example", "New Person", "editor", OTHER_PASSWORD, a
        ),
    ),
    "role": ("account.role_changed", lambda s, a, u: service.change_role(s, u, "reviewer", a)),
    "rename": ("account.renamed", lambda s, a, u: service.change_name(s, u, "Ed Jones", a)),
    "deactivate": ("account.deactivated", lambda s, a, u: service.deactivate(s, u, a)),
    "password": (
        "password.changed",
        lambda s, a, u: service.change_password(s, u, PASSWORD, OTHER_PASSWORD),
    ),
    "reset": ("second_factor.reset", lambda s, a, u: service.reset_second_factor(s, u, a)),
    "codes": (
        "recovery_codes.replaced",
        lambda s, a, u: service.new_recovery_codes(s, u, _proof(u)),
    ),
    "sign_out": ("sign_out", lambda s, a, u: service.sign_out(s, u)),
}


@pytest.mark.parametrize("name", ACTIONS)
def test_every_action_writes_exactly_one_audit_entry(session: Session, name: str) -> None:
    admin = make_user(session)
    user = make_user(session, "ed@hospital.example", "Ed", role="editor")
    with_second_factor(session, user)
    before = len(trail(session))
    action, run = ACTIONS[name]
    run(session, admin, user)
    entries = trail(session)
    assert len(entries) == before + 1
    assert (entries[-1].action, entries[-1].outcome) == (action, "ok")
    assert entries[-1].actor_name in {"Jane Doe", "Ed"}


@pytest.mark.parametrize("name", ACTIONS)
def test_a_failure_at_commit_rolls_back_the_change_and_its_entry(
    session: Session, name: str
) -> None:
    admin = make_user(session)
    user = make_user(session, "ed@hospital.example", "Ed", role="editor")
    with_second_factor(session, user)
    before = counts(session)
    state = (
        user.role,
        user.name,
        user.active,
        user.password_hash,
        user.totp_secret,
        user.session_version,
    )

    def fail(_session: Session) -> None:
        raise RuntimeError("the database went away")

    event.listen(session, "before_commit", fail)
    with pytest.raises(RuntimeError, match="went away"):
        ACTIONS[name][1](session, admin, user)
    event.remove(session, "before_commit", fail)
    assert counts(session) == before
    session.refresh(user)
    assert state == (
        user.role,
        user.name,
        user.active,
        user.password_hash,
        user.totp_secret,
        user.session_version,
    )
