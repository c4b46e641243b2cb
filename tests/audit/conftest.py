from tests.db.fixtures import *  # noqa: F403  (the fixtures shared by tests/db, accounts, audit)
