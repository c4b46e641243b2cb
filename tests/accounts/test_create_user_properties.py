from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from app.accounts import service
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.roles import ROLES
from app.db.session import make_sessionmaker
from tests.accounts.people import SETUP, counts, make_user
from tests.db.fixtures import empty_tables

WORDS = [
    "tulip",
    "lantern",
    "orbit",
    "marmalade",
    "gravel",
    "harbour",
    "quietly",
    "onion",
    "violin",
    "heron",
    "kettle",
    "Llanelli",
    "zażółć",
    "bramble",
    "sixty-two",
]


def mostly(valid: st.SearchStrategy[str], *odd: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Usually `valid`, so that accounts do get made; sometimes anything at all."""
    return st.one_of(valid, valid, valid, st.one_of(*odd))


emails = mostly(
    st.emails(),
    st.text(max_size=40),
    st.sampled_from(["jane.doe@hospital.example", "JANE.DOE@HOSPITAL.EXAMPLE", " a@b.co "]),
    st.builds(
        lambda local, domain: f"{local}@{domain}", st.text(max_size=70), st.text(max_size=200)
    ),
)
names = mostly(
    st.text(st.characters(categories=["L", "Zs"]), min_size=1, max_size=60),
    st.text(max_size=250),
    st.sampled_from(["  ", "Ann\x00", "x" * 201]),
)
roles = mostly(st.sampled_from(ROLES), st.text(max_size=10))
passwords = mostly(
    st.lists(st.sampled_from(WORDS), min_size=3, max_size=8, unique=True).map(" ".join),
    st.text(max_size=300),
    st.sampled_from(["qwerty123456", "password1234", "aaaaaaaaaaaa"]),
)


@settings(
    max_examples=60,
    deadline=None,
    # Each example empties the tables itself, so sharing the function's engine is safe.
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(email=emails, name=names, role=roles, password=passwords)
def test_create_user_makes_one_account_and_one_entry_or_refuses_and_changes_nothing(
    engine: Engine, email: str, name: str, role: str, password: str
) -> None:
    empty_tables(engine)
    with make_sessionmaker(engine)() as session:
        make_user(session)
        before = counts(session)
        try:
            user = service.create_user(session, email, name, role, password, SETUP)
        except AccountError as refusal:
            event("refused")
            assert refusal.message
            assert counts(session) == before
            return
        event("created")
        assert counts(session) == (before[0] + 1, before[1] + 1)
        assert user.email == email.strip().lower() and user.role in ROLES
        stored = session.scalar(select(User).where(User.email == user.email))
        assert stored is not None and stored.id == user.id
        assert service.check_password(session, email, password) is not None
