"""Passwords: argon2 hashes, and whether a new password is good enough (NCSC guidance)."""

from __future__ import annotations

import functools
import re
import unicodedata
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_LENGTH = 12
MAX_LENGTH = 256
# Words from the line's own name: the first an attacker who knows the site would try.
SERVICE_WORDS = ("nuclear", "medicine", "nminfo", "infoline", "nmline")

TOO_SHORT = (
    f"Your password needs at least {MIN_LENGTH} characters. Three or four random words "
    "together make a strong password that is easy to remember."
)
TOO_LONG = f"Your password can be at most {MAX_LENGTH} characters long."
COMMON = (
    "That password is on a list of common or leaked passwords, which attackers try first. "
    "Please choose a different one: three or four random words together work well."
)
PERSONAL = "Your password must not contain your name or your email address."
PATTERN = (
    "Your password is a simple pattern, such as one character repeated or a run like "
    "12345 or qwerty. Please choose something harder to guess."
)
SERVICE = "Your password must not contain the name of this information line."

_RUNS = ("0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm")
_SEQUENCES = tuple(run * 3 for run in _RUNS) + tuple(run[::-1] * 3 for run in _RUNS)
# Look-alike swaps people make to "strengthen" a common word: p@ssw0rd is password.
_UNLEET = str.maketrans(
    {"@": "a", "4": "a", "0": "o", "3": "e", "1": "i", "!": "i", "$": "s", "5": "s", "7": "t"}
)
_NOT_LETTERS_AT_ENDS = re.compile(r"^[^a-z]+|[^a-z]+$")

_hasher = PasswordHasher()


def use_hasher(hasher: PasswordHasher) -> PasswordHasher:
    """Hash new passwords with `hasher` from now on; returns the one it replaces."""
    global _hasher
    previous, _hasher = _hasher, hasher
    return previous


def _normal(password: str) -> str:
    # The same password typed on a phone and on a PC can differ in Unicode form (NIST 800-63B).
    return unicodedata.normalize("NFKC", password)


def hash_password(password: str) -> str:
    """An argon2id hash of `password`, with the current parameters."""
    return _hasher.hash(_normal(password))


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` matches `password_hash`; a malformed hash (an account still waiting
    for its first password) matches nothing, after as long as a real check takes, so the
    answer's time never tells such an account from a wrong password or an unknown email."""
    try:
        return _hasher.verify(password_hash, _normal(password))
    except VerificationError:
        return False
    except InvalidHashError:
        verify_nothing(password)
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's: hash it again."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def verify_nothing(password: str) -> None:
    """Spend the time a real check takes, so an unknown email answers as slowly as a known one."""
    verify_password(_dummy_hash(_hasher), password)


@functools.cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    return hasher.hash("not anybody's password")


@functools.cache
def common_passwords() -> frozenset[str]:
    """The shipped deny-list: common and leaked passwords, lower-cased (see data/README.md)."""
    text = files("app.accounts").joinpath("data/common-passwords.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line)


def password_problem(
    password: str, email: str, name: str, *, extra_words: tuple[str, ...] = ()
) -> str | None:
    """What is wrong with `password` for this person, in plain English, or None if it will do.

    Length over composition: no rules about digits or symbols, and no expiry; a passphrase is
    welcome. `extra_words` are more words an attacker would try, such as the hospital's name.
    """
    password = _normal(password)
    if len(password) < MIN_LENGTH:
        return TOO_SHORT
    if len(password) > MAX_LENGTH:
        return TOO_LONG
    lowered = password.lower()
    joined = "".join(lowered.split())
    compact = "".join(ch for ch in joined if ch.isalnum())
    if _is_pattern(joined):
        return PATTERN
    if _is_common(lowered, joined, compact):
        return COMMON
    if any(word in compact for word in _personal_words(email, name)):
        return PERSONAL
    if any(word in compact for word in _compact_words(SERVICE_WORDS + extra_words)):
        return SERVICE
    return None


def _is_pattern(joined: str) -> bool:
    if len(set(joined)) <= 3:
        return True
    if any(joined in sequence for sequence in _SEQUENCES):
        return True
    # The same chunk over and over ("passwordpassword", "ab12ab12ab12").
    size = len(joined)
    return any(joined == (joined[:p] * (size // p + 1))[:size] for p in range(1, size // 2 + 1))


def _is_common(lowered: str, joined: str, compact: str) -> bool:
    common = common_passwords()
    if lowered in common or joined in common or compact in common:
        return True
    # A common word dressed up: digits or symbols around it, look-alike letters inside.
    core = _NOT_LETTERS_AT_ENDS.sub("", joined)
    for candidate in (core, core.translate(_UNLEET), joined.translate(_UNLEET)):
        stripped = _NOT_LETTERS_AT_ENDS.sub("", candidate)
        if len(stripped) >= 4 and stripped in common:
            return True
    return False


def _personal_words(email: str, name: str) -> set[str]:
    local, _, domain = email.lower().partition("@")
    words = {_alnum(local), _alnum(name.lower())}
    words |= {_alnum(piece) for piece in re.split(r"[._+\-\s]+", local) if len(piece) >= 4}
    words |= {_alnum(piece) for piece in name.lower().split() if len(_alnum(piece)) >= 4}
    first_label = domain.split(".")[0]
    if len(first_label) >= 4:
        words.add(_alnum(first_label))
    return {word for word in words if len(word) >= 3}


def _compact_words(words: tuple[str, ...]) -> set[str]:
    return {compact for compact in (_alnum(word.lower()) for word in words) if len(compact) >= 3}


def _alnum(text: str) -> str:
    return "".join(ch for ch in text if ch.isalnum())
