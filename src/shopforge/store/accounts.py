"""Accounts (shops) and their API keys. Keys are shown once and stored as SHA-256 digests."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from shopforge.knowledge.rulepacks import PLATFORMS, UnknownPlatformError
from shopforge.store.models import Account

LANGS = ("zh", "en")


class AccountError(ValueError):
    """An account could not be created or found; the message says which and why."""


def create_account(
    session: Session, name: str, platform: str, lang: str, *, brand_voice: str = "", audience: str = ""
) -> Account:
    if platform not in PLATFORMS:
        raise UnknownPlatformError(platform)
    if lang not in LANGS:
        raise AccountError(f"unknown language {lang!r}; known: {', '.join(LANGS)}")
    name = name.strip()
    if not name or len(name) > 128:
        raise AccountError("account name must be 1–128 characters")
    if session.scalar(select(Account).where(Account.name == name)) is not None:
        raise AccountError(f"account {name!r} already exists")
    account = Account(name=name, platform=platform, lang=lang, brand_voice=brand_voice, audience=audience)
    session.add(account)
    session.flush()
    return account


def get_account(session: Session, name: str) -> Account:
    account = session.scalar(select(Account).where(Account.name == name))
    if account is None:
        raise AccountError(f"no account named {name!r}")
    return account


def list_accounts(session: Session) -> list[Account]:
    return list(session.scalars(select(Account).order_by(Account.id)))


def issue_api_key(session: Session, account: Account) -> str:
    """Create a new key for the account (replacing the old one) and return it in clear, once."""
    key = f"sf_{account.id}_{secrets.token_urlsafe(32)}"
    account.api_key_hash = hash_api_key(key)
    session.flush()
    return key


def account_for_api_key(session: Session, key: str) -> Account | None:
    if not key:
        return None
    digest = hash_api_key(key)
    account = session.scalar(select(Account).where(Account.api_key_hash == digest))
    # compare_digest keeps the final equality check constant-time
    if account is None or not secrets.compare_digest(account.api_key_hash or "", digest):
        return None
    return account


def hash_api_key(key: str) -> str:
    # Keys are 256-bit random tokens, so a fast digest is enough (no password stretching needed).
    return hashlib.sha256(key.encode()).hexdigest()
