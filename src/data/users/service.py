"""Accounts: create users and check passwords (argon2id)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.dialects.postgresql import insert
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from data.enums import Role
from data.users.errors import UserErrorCode, UserServiceError
from data.users.models import User

MIN_PASSWORD_LENGTH = 8
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_hasher = PasswordHasher()


def normalise_email(email: str) -> str:
    """Emails are compared lower-cased and trimmed."""
    return email.strip().lower()


def hash_password(password: str) -> str:
    """An argon2id hash of `password`."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _validate(email: str, password: str) -> None:
    if not _EMAIL.match(email):
        raise UserServiceError(UserErrorCode.INVALID_EMAIL, "Enter a valid email address.", "email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserServiceError(
            UserErrorCode.WEAK_PASSWORD,
            f"Use at least {MIN_PASSWORD_LENGTH} characters for the password.",
            "password",
        )


async def create_user(
    session: AsyncSession, *, email: str, password: str, name: str, role: Role = Role.CUSTOMER
) -> User:
    """Create an account; EMAIL_TAKEN when the address is already registered."""
    email = normalise_email(email)
    _validate(email, password)
    statement = (
        insert(User)
        .values(
            email=email,
            name=name.strip() or email,
            password_hash=hash_password(password),
            role=role.value,
        )
        .on_conflict_do_nothing(index_elements=["email"])
        .returning(col(User.id))
    )
    connection = await session.connection()
    user_id = (await connection.execute(statement)).scalar_one_or_none()
    if user_id is None:
        raise UserServiceError(
            UserErrorCode.EMAIL_TAKEN, "An account with this email already exists.", "email"
        )
    user = await session.get(User, user_id)
    assert user is not None
    return user


async def ensure_user(
    session: AsyncSession, *, email: str, password: str, name: str, role: Role
) -> bool:
    """Create the account unless it exists; True when it was created (used by the demo seed)."""
    found = await session.exec(select(User.id).where(col(User.email) == normalise_email(email)))
    if found.first() is not None:
        return False
    await create_user(session, email=email, password=password, name=name, role=role)
    return True
