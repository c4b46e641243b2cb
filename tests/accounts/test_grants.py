"""The rule that one admin cannot supply both people of a review (app.accounts.grants): who
gave a role, and who set up an account lately, read from the audit trail."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from app.accounts import grants, links, service
from app.accounts.grants import FRESH, GRANTED_BY_AUTHOR, SAME_ADMIN, approval_problem
from app.db.model import utcnow
from tests.accounts.people import make_user


def _person(session: Session, name: str, role: str, by: object) -> int:
    email = f"{name.split()[0].lower()}@hospital.example"
    return service.create_user(session, email, name, role, None, by).id  # type: ignore[arg-type]


def test_one_admin_who_made_both_the_author_and_the_reviewer_lately_stops_the_approval(
    session: Session,
) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    editor = _person(session, "Erin Editor", "editor", ada)
    reviewer = _person(session, "Rhys Reviewer", "reviewer", ada)
    assert approval_problem(session, reviewer, [editor]) == SAME_ADMIN
    later = utcnow() + FRESH + dt.timedelta(hours=1)  # the announcements have had their days
    assert approval_problem(session, reviewer, [editor], now=later) is None


def test_accounts_made_by_two_different_admins_or_the_command_line_may_work_together(
    session: Session,
) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    otto = make_user(session, "otto@hospital.example", "Otto Admin")
    editor = _person(session, "Erin Editor", "editor", ada)
    reviewer = _person(session, "Rhys Reviewer", "reviewer", otto)
    shell_reviewer = _person(session, "Sam Shell", "reviewer", "command line (root)")
    assert approval_problem(session, reviewer, [editor]) is None
    assert approval_problem(session, shell_reviewer, [editor]) is None
    assert approval_problem(session, reviewer, [None]) is None  # an author since removed


def test_taking_over_an_old_reviewer_by_a_reset_counts_as_setting_it_up(session: Session) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    otto = make_user(session, "otto@hospital.example", "Otto Admin")
    reviewer_id = _person(session, "Rhys Reviewer", "reviewer", otto)
    editor = _person(session, "Erin Editor", "editor", ada)
    assert approval_problem(session, reviewer_id, [editor]) is None
    reviewer = service.get_user(session, reviewer_id)
    assert reviewer is not None
    links.reset_password(session, reviewer, "a secret key", ada)
    assert approval_problem(session, reviewer_id, [editor]) == SAME_ADMIN


def test_a_reviewer_whose_role_an_author_gave_never_approves_that_authors_draft(
    session: Session,
) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    make_user(session, "otto@hospital.example", "Otto Admin")
    reviewer = _person(session, "Rhys Reviewer", "reviewer", ada)
    ada_user = service.get_user(session, ada.id)
    assert ada_user is not None
    service.change_role(session, ada_user, "editor", "command line (root)")  # Ada now writes
    assert grants.granted_by(session, reviewer) == ada.id
    years = utcnow() + dt.timedelta(days=3 * 365)
    assert approval_problem(session, reviewer, [ada.id], now=years) == GRANTED_BY_AUTHOR


def test_the_latest_grant_counts_and_one_from_the_command_line_names_nobody(
    session: Session,
) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    someone = _person(session, "Rhys Reviewer", "editor", ada)
    assert grants.granted_by(session, someone) == ada.id
    user = service.get_user(session, someone)
    assert user is not None
    service.change_role(session, user, "reviewer", "command line (root)")
    assert grants.granted_by(session, someone) is None


def test_an_admin_cannot_hide_behind_a_second_admin_they_made(session: Session) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    bob = service.get_user(session, _person(session, "Bob Admin", "admin", ada))
    assert bob is not None
    reviewer = _person(session, "Rex Reviewer", "reviewer", bob)  # Ada, signed in as Bob
    editor = _person(session, "Erin Editor", "editor", ada)
    assert approval_problem(session, reviewer, [editor]) == SAME_ADMIN
    later = utcnow() + FRESH + dt.timedelta(hours=1)
    assert approval_problem(session, reviewer, [editor], now=later) is None


def test_an_admins_other_changes_to_a_reviewer_do_not_count_as_setting_it_up(
    session: Session,
) -> None:
    ada = make_user(session, "ada@hospital.example", "Ada Admin")
    otto = make_user(session, "otto@hospital.example", "Otto Admin")
    editor = _person(session, "Erin Editor", "editor", ada)
    reviewer = service.get_user(session, _person(session, "Rhys Reviewer", "reviewer", otto))
    assert reviewer is not None
    service.deactivate(session, reviewer, ada)  # neither gives Ada the reviewer's sign-in
    service.reactivate(session, reviewer, ada)
    assert approval_problem(session, reviewer.id, [editor]) is None
