"""Console users and API tokens: create, authenticate, change, revoke (stored in the ledger DB).

Roles are ordered: a viewer reads, an operator also resubmits and cancels, an admin also manages
users. :func:`has_role` answers "may this user do what needs ``role``".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.errors import GatewayError
from gateway.ledger.console import ApiToken, ConsoleUser
from gateway.ledger.types import utcnow
from gateway.web.security import hash_password, hash_token, new_token, verify_password

ROLES = ("viewer", "operator", "admin")


class UserError(GatewayError):
    """A user or token request that cannot be done (unknown user, bad role, duplicate name)."""


@dataclass(frozen=True)
class Principal:
    """Who is acting: a signed-in user or a token's user."""

    user_id: int
    username: str
    role: str
    via: str  # "session" or "token"

    @property
    def actor(self) -> str:
        """The name recorded in events and the audit log."""
        return f"web:{self.username}" if self.via == "session" else f"api:{self.username}"


def has_role(role: str, needed: str) -> bool:
    """Whether ``role`` includes the rights of ``needed``."""
    return ROLES.index(role) >= ROLES.index(needed)


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; use one of {', '.join(ROLES)}")


def get_user(session: Session, username: str) -> ConsoleUser:
    """The user called ``username``; :class:`UserError` when there is none."""
    user = session.scalars(select(ConsoleUser).where(ConsoleUser.username == username)).one_or_none()
    if user is None:
        raise UserError(f"no console user called {username!r}")
    return user


def create_user(session: Session, username: str, password: str, role: str) -> ConsoleUser:
    """Add a user with a hashed password."""
    _check_role(role)
    if not username or len(password) < 8:
        raise UserError("a user needs a name and a password of at least 8 characters")
    if session.scalars(select(ConsoleUser.id).where(ConsoleUser.username == username)).first() is not None:
        raise UserError(f"a console user called {username!r} already exists")
    user = ConsoleUser(username=username, password_hash=hash_password(password), role=role, active=True,
                       created_at=utcnow())
    session.add(user)
    session.flush()
    return user


def set_password(session: Session, username: str, password: str) -> None:
    """Replace a user's password."""
    if len(password) < 8:
        raise UserError("a password needs at least 8 characters")
    get_user(session, username).password_hash = hash_password(password)


def set_role(session: Session, username: str, role: str) -> None:
    """Change a user's role."""
    _check_role(role)
    get_user(session, username).role = role


def set_active(session: Session, username: str, active: bool) -> None:
    """Enable or disable a user (a disabled user's sessions and tokens stop working)."""
    get_user(session, username).active = active


def list_users(session: Session) -> Sequence[ConsoleUser]:
    """Every user, by name."""
    return session.scalars(select(ConsoleUser).order_by(ConsoleUser.username)).all()


def authenticate(session: Session, username: str, password: str) -> Principal | None:
    """The principal for a correct name and password of an active user, else None."""
    user = session.scalars(select(ConsoleUser).where(ConsoleUser.username == username)).one_or_none()
    if user is None or not user.active or not verify_password(password, user.password_hash):
        return None
    return Principal(user.id, user.username, user.role, "session")


def principal_for_session(session: Session, user_id: int) -> Principal | None:
    """The principal of a session's user, or None when the user was removed or disabled."""
    user = session.get(ConsoleUser, user_id)
    if user is None or not user.active:
        return None
    return Principal(user.id, user.username, user.role, "session")


def create_token(session: Session, username: str, name: str) -> str:
    """A new API token for ``username``; the value is returned once and stored only hashed."""
    user = get_user(session, username)
    token = new_token()
    session.add(ApiToken(user_id=user.id, name=name, token_hash=hash_token(token), created_at=utcnow()))
    session.flush()
    return token


def revoke_token(session: Session, username: str, name: str) -> int:
    """Revoke the user's live tokens called ``name``; return how many."""
    user = get_user(session, username)
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.name == name,
                                                    ApiToken.revoked_at.is_(None))).all()
    for tok in tokens:
        tok.revoked_at = utcnow()
    return len(tokens)


def principal_for_token(session: Session, token: str) -> Principal | None:
    """The principal of a live token of an active user, or None; records its last use."""
    tok = session.scalars(select(ApiToken).where(ApiToken.token_hash == hash_token(token),
                                                 ApiToken.revoked_at.is_(None))).one_or_none()
    if tok is None:
        return None
    user = session.get(ConsoleUser, tok.user_id)
    if user is None or not user.active:
        return None
    tok.last_used_at = utcnow()
    return Principal(user.id, user.username, user.role, "token")
