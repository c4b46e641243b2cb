# The fixtures shared by every folder are in tests/db/fixtures.py (tests/conftest.py); here
# only Redis differs: these tests use keys of their own, so nothing is flushed.
from tests.db.fixtures import redis  # noqa: F401
