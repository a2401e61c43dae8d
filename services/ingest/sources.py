"""The source registry: wire services that may post articles, each with one API key stored only as a hash."""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared.errors import InvalidInput, NotFound
from shared.models import Source, utcnow
from shared.signing import generate_secret

KEY_PREFIX = "nfk_"
PREFIX_LENGTH = 12  # "nfk_" and 8 random characters: enough to tell keys apart, useless to an attacker
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def hash_key(key: str) -> str:
    """The stored form of a key: its SHA-256 (the key is 256 random bits, so no salt or slow hash is needed)."""
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()


def _new_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32)


def add(session: Session, name: str, signed: bool = False) -> tuple[Source, str]:
    """Register a source; returns it and its key, which is never stored and cannot be shown again."""
    if not NAME.match(name):
        raise InvalidInput("name", f"{name!r} is not 1-100 letters, digits, '.', '_' or '-' (starting alphanumeric)")
    if session.scalar(select(Source.id).where(Source.name == name)) is not None:
        raise InvalidInput("name", f"a source named {name!r} exists (revoked sources keep their name)")
    key = _new_key()
    source = Source(name=name, key_hash=hash_key(key), key_prefix=key[:PREFIX_LENGTH],
                    signing_secret=generate_secret() if signed else None)
    session.add(source)
    session.flush()
    return source, key


def get(session: Session, name: str) -> Source:
    """The source called ``name``, revoked or not."""
    source = session.scalar(select(Source).where(Source.name == name))
    if source is None:
        raise NotFound(f"no source named {name!r}")
    return source


def listing(session: Session) -> list[Source]:
    """Every source, by name."""
    return list(session.scalars(select(Source).order_by(Source.name)))


def revoke(session: Session, name: str) -> Source:
    """Refuse the source's key from now on; its articles stay."""
    source = get(session, name)
    if source.revoked_at is None:
        source.revoked_at = utcnow()
    return source


def rotate(session: Session, name: str) -> str:
    """Give an active source a new key; the old one stops working at once."""
    source = get(session, name)
    if source.revoked_at is not None:
        raise InvalidInput("name", f"{name!r} is revoked")
    key = _new_key()
    source.key_hash, source.key_prefix = hash_key(key), key[:PREFIX_LENGTH]
    return key


def by_key(session: Session, key: str) -> Source | None:
    """The active source this key belongs to, if any."""
    return session.scalar(select(Source).where(Source.key_hash == hash_key(key), Source.revoked_at.is_(None)))


def any_active(session: Session) -> bool:
    """Whether any source holds a live key (then anonymous posting ends)."""
    return session.scalar(select(Source.id).where(Source.revoked_at.is_(None)).limit(1)) is not None
