"""People who sign in to the admin, and their one-time recovery codes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.accounts.roles import ROLES
from app.db.model import Base, UTCDateTime, utcnow

_ROLE_LIST = ", ".join(f"'{role}'" for role in ROLES)


class User(Base):
    """A person with an account; never deleted, so the audit trail can always name them."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint(f"role IN ({_ROLE_LIST})", name="role"),
        UniqueConstraint("oidc_issuer", "oidc_subject"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    # None: signed in through the OpenID provider and given no role yet (app.admin.sso).
    role: Mapped[str | None] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last 30-second step a code was accepted for: a code is good once.
    last_totp_step: Mapped[int] = mapped_column(Integer, default=0)
    # Kept in each signed-in session; bumping it ends them all (password or role changed,
    # account deactivated, second factor reset).
    session_version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sign_in_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Who the person is at the OpenID provider (single sign-on), and whether their role came
    # from its groups or roles (OIDC_ROLE_MAP), so that a role the provider stops giving goes.
    oidc_issuer: Mapped[str | None] = mapped_column(String(500))
    oidc_subject: Mapped[str | None] = mapped_column(String(255))
    role_from_provider: Mapped[bool] = mapped_column(default=False, server_default=false())

    recovery_codes: Mapped[list[RecoveryCode]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    @validates("email")
    def _lower_case(self, _key: str, email: str) -> str:
        return email.strip().lower()

    # What Flask-Login asks of a signed-in person (app/accounts/identity.py). The id it keeps in
    # the session carries the session version, so bumping the version ends the session.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        """Whether the account may be signed in (Flask-Login's name for `active`)."""
        return self.active

    def get_id(self) -> str:
        """The session's reference to this person: "id:session_version"."""
        return f"{self.id}:{self.session_version}"

    @property
    def has_second_factor(self) -> bool:
        """Whether an authenticator app has been set up and confirmed."""
        return self.totp_secret is not None and self.totp_confirmed_at is not None

    def __repr__(self) -> str:
        return f"<User {self.id} {self.role}{'' if self.active else ' inactive'}>"


class RecoveryCode(Base):
    """One of a person's one-time codes for signing in without their phone, kept hashed."""

    __tablename__ = "recovery_codes"
    __table_args__ = (UniqueConstraint("user_id", "code_hash"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="recovery_codes")


class StaffNews(Base):
    """One piece of news told to staff (a draft submitted, sent back or published, a call-back
    requested): written before it is sent, so the same news is never sent twice
    (app.accounts.staff_news)."""

    __tablename__ = "staff_news"
    __table_args__ = (UniqueConstraint("news", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    news: Mapped[str] = mapped_column(String(40))
    key: Mapped[str] = mapped_column(String(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
