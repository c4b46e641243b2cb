"""One-time recovery codes, for signing in when the phone with the authenticator is lost."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from app.accounts.models import RecoveryCode, User
from app.db.model import utcnow

COUNT = 10
# No 0/O, 1/I/L, 2/Z, 5/S or 8/B: the codes are read off paper and typed in.
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
GROUPS = 3
GROUP_SIZE = 4  # 12 characters of 25 each: about 56 bits, too many to guess


def generate() -> list[str]:
    """`COUNT` new codes, such as "7KQM-HX4P-FR9T"."""
    return ["-".join(_group() for _ in range(GROUPS)) for _ in range(COUNT)]


def _group() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(GROUP_SIZE))


def normalise(code: str) -> str:
    """The code as typed, without spaces or dashes, in capitals."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(user_id: int, code: str) -> str:
    """What is stored: a hash of the code, tied to its owner."""
    # The codes are random and long, so a fast hash is enough (unlike passwords); the user id
    # makes one table of hashes useless for another person's codes.
    return hashlib.sha256(f"recovery:{user_id}:{normalise(code)}".encode()).hexdigest()


def replace(session: Session, user: User) -> list[str]:
    """Give `user` a new set of codes, ending the old ones; returns them to show once."""
    codes = generate()
    user.recovery_codes.clear()
    session.flush()
    user.recovery_codes.extend(RecoveryCode(code_hash=code_hash(user.id, c)) for c in codes)
    return codes


def use(session: Session, user: User, code: str) -> bool:
    """Spend one of `user`'s unused codes; False if it is not one, or was used before."""
    if len(normalise(code)) != GROUPS * GROUP_SIZE:
        return False
    # One UPDATE that only an unused code matches: two requests racing with the same code
    # cannot both succeed.
    result = session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == code_hash(user.id, code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
    )
    return _rowcount(result) == 1


def left(session: Session, user: User) -> int:
    """How many unused codes `user` has."""
    query = select(func.count()).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)
    )
    return session.scalar(query) or 0


def _rowcount(result: object) -> int:
    # Session.execute is typed as returning a Result; an UPDATE's is a CursorResult.
    assert isinstance(result, CursorResult)
    return result.rowcount
