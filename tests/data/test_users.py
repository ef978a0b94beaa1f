"""Accounts: unique lower-cased emails, hashed passwords, clear refusals."""

from __future__ import annotations

import secrets

import pytest

from data.db import Database
from data.enums import Role
from data.users.errors import UserErrorCode, UserServiceError
from data.users.service import create_user, verify_password


def unique_email() -> str:
    return f"Traveller.{secrets.token_hex(4)}@Example.COM"


async def test_create_user_stores_a_lowercased_email_and_a_hash(db: Database) -> None:
    email = unique_email()
    async with db.session() as session:
        user = await create_user(session, email=email, password="long-enough", name="Tess")
    assert user.email == email.lower()
    assert user.role == Role.CUSTOMER
    assert "long-enough" not in user.password_hash
    assert verify_password(user.password_hash, "long-enough")
    assert not verify_password(user.password_hash, "wrong-password")


async def test_the_same_email_in_another_case_is_taken(db: Database) -> None:
    email = unique_email()
    async with db.session() as session:
        await create_user(session, email=email, password="long-enough", name="A")
    with pytest.raises(UserServiceError) as refused:
        async with db.session() as session:
            await create_user(session, email=email.upper(), password="long-enough", name="B")
    assert refused.value.code is UserErrorCode.EMAIL_TAKEN


@pytest.mark.parametrize(
    ("email", "password", "code"),
    [
        ("not-an-email", "long-enough", UserErrorCode.INVALID_EMAIL),
        ("short@example.com", "short", UserErrorCode.WEAK_PASSWORD),
    ],
)
async def test_bad_input_is_refused_with_a_code(
    db: Database, email: str, password: str, code: UserErrorCode
) -> None:
    with pytest.raises(UserServiceError) as refused:
        async with db.session() as session:
            await create_user(session, email=email, password=password, name="X")
    assert refused.value.code is code


def test_garbage_hashes_never_verify() -> None:
    assert not verify_password("not-a-hash", "anything")
