"""The second factor: setting up an authenticator app, recovery codes, and resetting both."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from app.accounts import recovery, totp
from app.accounts.actors import Actor, about, by, require
from app.accounts.errors import AccountError
from app.accounts.models import User
from app.accounts.passwords import verify_password
from app.accounts.signin import claim_totp
from app.audit.actions import Action
from app.audit.record import record
from app.db.model import utcnow
from app.db.transaction import committed

WRONG_CODE = (
    "That code did not work. Type the newest 6-digit code your app shows, and check the time "
    "on your phone is set automatically."
)
NOT_PROVEN = (
    "Your password or the code from your current app is not right. Type your password, and "
    "the newest code your app shows (or one of your recovery codes)."
)


@dataclass(frozen=True)
class Proof:
    """What a signed-in person types again to change how they sign in: their password and a
    code from their current app (or a recovery code). A session alone is not enough."""

    password: str
    code: str = field(repr=False)

    def __repr__(self) -> str:
        return "<proof>"


def begin_totp_setup(user: User) -> str:
    """A new secret for `user` to add to their app; kept by the view until confirmed."""
    return totp.new_secret()


def setup_qr_svg(user: User, secret: str, issuer: str = totp.ISSUER) -> str:
    """The QR code of `secret` for `user`, as an inline <svg>, for the set-up page."""
    return totp.qr_svg(totp.uri(secret, user.email, issuer))


def confirm_totp(
    session: Session,
    user: User,
    secret: str,
    code: str,
    client: str | None = None,
    proof: Proof | None = None,
) -> list[str]:
    """Keep `secret` once `code` shows the app has it; returns new recovery codes, shown once.

    Setting up is part of signing in (the first time, or after a reset), so it also counts
    as one. An app already set up is replaced only with `proof` (my account: the password and
    a code from the old app, or a recovery code): neither a password alone nor a session
    alone may swap the second factor. Replacing ends the person's other sessions.
    """
    if not user.active:
        raise AccountError("This account is deactivated.")
    replacing = user.has_second_factor
    if replacing and proof is None:
        raise AccountError("An authenticator app is already set up for this account.")
    # A code is good once per secret: a new secret's codes were never used, even when the old
    # app's code for this very step signed the person in a moment ago.
    last_step = user.last_totp_step if secret == user.totp_secret else 0
    step = totp.verify(secret, code, last_step)
    if step is None:
        raise AccountError(WRONG_CODE)
    if replacing:
        assert proof is not None
        _require(session, user, proof, client, "replace the authenticator app")
    with committed(session):
        now = utcnow()
        user.totp_secret = secret
        user.totp_confirmed_at = now
        user.last_totp_step = step
        user.last_sign_in_at = now
        if replacing:
            user.session_version += 1
        codes = recovery.replace(session, user)
        record(
            session,
            Action.SECOND_FACTOR_SET_UP,
            actor=user,
            client=client,
            **about(user),
            replaced=replacing,
        )
    return codes


def new_recovery_codes(
    session: Session, user: User, proof: Proof, client: str | None = None
) -> list[str]:
    """A fresh set of recovery codes for `user`, ending the old ones; shown once. Needs
    `proof`: with a session alone nobody can take the codes that let a person in."""
    if not user.has_second_factor:
        raise AccountError("Set up your authenticator app first.")
    _require(session, user, proof, client, "make new recovery codes")
    with committed(session):
        codes = recovery.replace(session, user)
        record(session, Action.RECOVERY_CODES_REPLACED, actor=user, client=client, **about(user))
    return codes


def _require(session: Session, user: User, proof: Proof, client: str | None, doing: str) -> None:
    """Refuse (recorded as a failed sign-in) unless `proof` is right; a right code is spent,
    committed with the change it allowed."""
    typed = "".join(proof.code.split())
    if not verify_password(user.password_hash, proof.password):
        reason = "wrong password"
    elif not (
        claim_totp(session, user, typed) if typed.isdigit() else recovery.use(session, user, typed)
    ):
        reason = "wrong code"
    else:
        return
    with committed(session):
        record(session, Action.SIGN_IN_FAILED, actor=user, client=client, outcome="refused",
               **about(user), reason=reason, step="confirming a change", doing=doing)  # fmt: skip
    raise AccountError(NOT_PROVEN)


def reset_second_factor(
    session: Session, user: User, actor: Actor, client: str | None = None
) -> None:
    """For a lost phone: clear `user`'s app and codes and end their sessions; they set up anew."""
    require(actor, "manage_accounts")
    if user.totp_secret is None and not user.recovery_codes:
        raise AccountError(f"{user.name} has no second factor set up.")
    with committed(session):
        user.totp_secret = None
        user.totp_confirmed_at = None
        user.recovery_codes.clear()
        user.session_version += 1
        record(session, Action.SECOND_FACTOR_RESET, **by(actor), client=client, **about(user))
