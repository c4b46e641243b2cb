"""Nobody approves words they wrote, whatever role they hold by then: the check of authorship
in app/editor/workflow.py `approve`, on its own. The role table keeps an editor from
approving anything, so these tests give the draft's writer the reviewer's role after they
wrote it, as an admin may do: only their authorship stands between them and publishing."""

from __future__ import annotations

from flask import Flask

from app.accounts import service
from app.accounts.models import User
from app.db.session import new_session
from tests.support.admin import SET_UP_BY, Person, add_person
from tests.support.editing import (
    NEW_WORDS,
    TOPIC,
    as_person,
    change_body,
    review_form,
    said,
    topic_file,
)


def made_reviewer(app: Flask, person: Person) -> Person:
    """`person` given the reviewer's role (their sessions end: they sign in again)."""
    with new_session(app) as session:
        user = session.get(User, person.id)
        assert user is not None
        service.change_role(session, user, "reviewer", SET_UP_BY)
    return Person(person.id, person.email, person.name, "reviewer", person.password,
                  person.secret)  # fmt: skip


def approve(app: Flask, person: Person):  # type: ignore[no-untyped-def]
    client = as_person(app, person)
    return client.post(TOPIC, data={**review_form(client), "action": "approve"})


def test_a_reviewer_who_wrote_words_in_the_draft_cannot_approve_it_another_can(
    app: Flask, editor: Person, reviewer: Person, redis
):
    assert change_body(as_person(app, editor), "submit").status_code == 302
    writer = made_reviewer(app, editor)
    refused = approve(app, writer)
    assert refused.status_code == 422, said(refused)
    assert NEW_WORDS not in topic_file(app)
    published = approve(app, reviewer)
    assert published.status_code == 302, said(published)
    assert NEW_WORDS in topic_file(app)


def test_one_saved_sentence_is_enough_to_make_a_reviewer_an_author(
    app: Flask, editor: Person, reviewer: Person, redis
):
    """Of two editors, the one who saved last is not the only author: the first one, made a
    reviewer, still cannot approve the draft."""
    second = add_person(app, "editor", name="Eli Editor")
    assert change_body(as_person(app, editor), "save").status_code == 302
    assert change_body(as_person(app, second), "submit", note="tidied").status_code == 302
    first = made_reviewer(app, editor)
    refused = approve(app, first)
    assert refused.status_code == 422, said(refused)
    assert NEW_WORDS not in topic_file(app)
    assert approve(app, reviewer).status_code == 302
    assert NEW_WORDS in topic_file(app)


def test_an_author_who_saves_again_keeps_their_words_and_is_named_once(
    app: Flask, editor: Person, reviewer: Person, redis
):
    writer = as_person(app, editor)
    assert change_body(writer, "save").status_code == 302
    again = change_body(writer, "submit", note="second thoughts")
    assert again.status_code == 302, said(again)
    assert approve(app, reviewer).status_code == 302
    page = as_person(app, reviewer).get(TOPIC).get_data(as_text=True)
    assert "Erin Editor" in page and "Erin Editor, Erin Editor" not in page
