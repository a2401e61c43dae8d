"""The source registry: wire services that may post articles, each with one API key stored only as a hash.

The API reads it through ``KNOWN``, once per ``NEWSFLOW_KEY_CACHE_SECONDS`` (2 s) in each process rather than on
every request, so a POST costs no read before its one transaction. A known key's source and whether any source
exists are remembered that long; an unknown key never is, so a new key works at once and a guessed one always
costs a lookup (after the failed-authentication limit, services/ingest/ratelimit.py). A key revoked or rotated
stops working at once in the process that did it and within that time in the others.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from shared import state
from shared.db import read_scope
from shared.errors import InvalidInput, NotFound
from shared.models import Source, utcnow
from shared.settings import get_settings
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
    KNOWN.forget()
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
    KNOWN.forget()
    return source


def rotate(session: Session, name: str) -> str:
    """Give an active source a new key; the old one stops working at once."""
    source = get(session, name)
    if source.revoked_at is not None:
        raise InvalidInput("name", f"{name!r} is revoked")
    key = _new_key()
    source.key_hash, source.key_prefix = hash_key(key), key[:PREFIX_LENGTH]
    KNOWN.forget()
    return key


def by_key(session: Session, key: str) -> Source | None:
    """The active source this key belongs to, if any."""
    return session.scalar(select(Source).where(Source.key_hash == hash_key(key), Source.revoked_at.is_(None)))


def any_active(session: Session) -> bool:
    """Whether any source holds a live key (then anonymous posting ends)."""
    return session.scalar(select(Source.id).where(Source.revoked_at.is_(None)).limit(1)) is not None


@dataclass(frozen=True)
class KeyHolder:
    """What a request needs of the source a key belongs to."""

    id: int
    name: str
    signing_secret: str | None


class KnownSources:
    """What this process read of the registry, each answer trusted for ``NEWSFLOW_KEY_CACHE_SECONDS``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders: dict[str, tuple[KeyHolder, float]] = {}  # a key's hash -> its source, read at (monotonic)
        self._any_active: tuple[bool, float] | None = None

    def cached(self, key: str) -> KeyHolder | None:
        """The source this key was found to belong to within the last ``NEWSFLOW_KEY_CACHE_SECONDS``, if any."""
        with self._lock:
            known = self._holders.get(hash_key(key))
        if known is not None and time.monotonic() - known[1] < get_settings().key_cache_seconds:
            return known[0]
        return None

    def lookup(self, key: str) -> KeyHolder | None:
        """The active source this key belongs to, read now (None for an unknown or revoked key, never kept)."""
        digest, now, keep = hash_key(key), time.monotonic(), get_settings().key_cache_seconds
        with read_scope() as session:  # reads, no transaction
            source = by_key(session, key)
            holder = None if source is None else KeyHolder(source.id, source.name, source.signing_secret)
        with self._lock:
            # Kept ones are fresh: the dictionary never holds more keys than were used in the last few seconds.
            self._holders = {hashed: entry for hashed, entry in self._holders.items()
                             if hashed != digest and now - entry[1] < keep}
            if holder is not None and keep > 0:
                self._holders[digest] = (holder, now)
        return holder

    def any_active(self) -> bool:
        """Whether any source holds a live key (then anonymous posting ends)."""
        now, known = time.monotonic(), self._any_active
        if known is not None and now - known[1] < get_settings().key_cache_seconds:
            return known[0]
        with read_scope() as session:
            active = any_active(session)
        self._any_active = (active, now)
        return active

    def forget(self) -> None:
        """Read everything again on the next request (a source was added, revoked or rotated here)."""
        with self._lock:
            self._holders, self._any_active = {}, None


KNOWN = KnownSources()
state.on_reset("known sources", KNOWN.forget)
