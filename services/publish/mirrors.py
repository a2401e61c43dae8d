"""The mirror registry: sites and subscriber webhooks that receive published articles."""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from services.publish import admission
from services.publish.breaker import Breaker
from shared.errors import InvalidInput, NotFound
from shared.messages import ArticleAnnouncement
from shared.models import Mirror, utcnow
from shared.outbound import check_url
from shared.settings import get_settings
from shared.signing import generate_secret, sign

FILTER_KEYS = ("language", "country", "place", "entity")
FORMATS = ("json", "html")


def parse_filter(items: list[str]) -> dict[str, list[str]]:
    """``["country=ph", "language=en"]`` → ``{"country": ["PH"], "language": ["en"]}``."""
    result: dict[str, list[str]] = {}
    for item in items:
        key, sep, value = item.partition("=")
        key = key.strip().lower()
        if not sep or key not in FILTER_KEYS or not value.strip():
            raise InvalidInput("filter", f"{item!r} is not KEY=VALUE with KEY one of {', '.join(FILTER_KEYS)}")
        value = value.strip().upper() if key == "country" else value.strip()
        result.setdefault(key, []).append(value)
    return result


def wants(mirror: Mirror, message: ArticleAnnouncement) -> bool:
    """Whether a mirror's filter admits this article (an empty filter admits everything)."""
    rules: dict[str, Any] = mirror.filter or {}
    checks = {
        "language": {message.article.language},
        "country": {p.country_code for p in message.places if p.country_code},
        "place": {str(p.geonameid) for p in message.places if p.geonameid is not None},
        "entity": {e.name for e in message.entities},
    }
    return all(set(values) & checks[key] for key, values in rules.items() if key in checks)


MAX_NAME = 100  # the mirror.name column


def check_name(name: str) -> None:
    """A mirror's name is 1-100 printable characters: no controls, bidi overrides or other invisible ones."""
    if not name.strip():
        raise InvalidInput("name", "must not be empty")
    if len(name) > MAX_NAME:
        raise InvalidInput("name", f"is {len(name)} characters long; at most {MAX_NAME} are accepted")
    for position, char in enumerate(name):
        # Line and paragraph separators (Zl, Zp) break a name across lines as surely as a newline does.
        if unicodedata.category(char).startswith("C") or unicodedata.category(char) in ("Zl", "Zp"):
            raise InvalidInput("name", f"contains the control or invisible character U+{ord(char):04X} at "
                                       f"position {position}")


def add(session: Session, name: str, url: str, secret: str | None = None,
        filters: list[str] | None = None, fmt: str = "json") -> Mirror:
    """Register a mirror; a secret is generated when none is given."""
    check_name(name)
    check_url(url, get_settings().outbound_allowlist)
    if secret is not None:
        check_secret(secret)
    if fmt not in FORMATS:
        raise InvalidInput("format", f"must be one of {', '.join(FORMATS)}")
    if session.scalar(select(Mirror.id).where(Mirror.name == name)):
        raise InvalidInput("name", f"a mirror named {name!r} already exists")
    mirror = Mirror(name=name, url=url, secret=secret or generate_secret(),
                    filter=parse_filter(filters or []), format=fmt)
    session.add(mirror)
    session.flush()
    return mirror


def check_secret(secret: str) -> None:
    """Refuse a secret that is not ``whsec_`` + base64, before it breaks every signature."""
    if not secret.startswith("whsec_"):
        raise InvalidInput("secret", "must start with whsec_ (Standard Webhooks)")
    sign(secret, "check", 0, b"")  # raises InvalidInput("secret", ...) when the base64 is bad


def get(session: Session, name: str) -> Mirror:
    """The mirror called ``name``."""
    mirror = session.scalar(select(Mirror).where(Mirror.name == name))
    if mirror is None:
        raise NotFound(f"no mirror named {name!r}")
    return mirror


def listing(session: Session) -> list[Mirror]:
    """Every mirror, by name."""
    return list(session.scalars(select(Mirror).order_by(Mirror.name)))


def set_active(session: Session, name: str, active: bool) -> Mirror:
    """Enable or disable delivering to a mirror; enabling also closes its breaker (the operator fixed it),
    so the deliveries it parked go out now instead of after the cool-down."""
    mirror = get(session, name)
    mirror.active = active
    if active:
        admission.store(mirror, Breaker())
        admission.resume(session, mirror.id, utcnow())
    return mirror


def rotate_secret(session: Session, name: str, secret: str | None = None) -> Mirror:
    """Give a mirror a new secret (generated when none is given); the old one still signs until next rotation."""
    if secret is not None:
        check_secret(secret)
    mirror = get(session, name)
    # Both signatures go out meanwhile, so the receiver can switch secrets without dropping a delivery.
    mirror.previous_secret, mirror.secret = mirror.secret, secret or generate_secret()
    return mirror


def remove(session: Session, name: str) -> None:
    """Retire a mirror; its delivery history is kept, so it is disabled and renamed, not deleted."""
    mirror = get(session, name)
    mirror.active = False
    mirror.name = f"{mirror.name}#removed-{mirror.id}"


def describe(mirror: Mirror) -> dict[str, Any]:
    """A mirror as the admin API shows it: never its secrets."""
    return {"name": mirror.name, "url": mirror.url, "format": mirror.format, "filter": mirror.filter or {},
            "state": "active" if mirror.active else "disabled", "rotating": mirror.previous_secret is not None,
            "created_at": mirror.created_at.isoformat(), "breaker": mirror.breaker_state,
            "breaker_failures": mirror.breaker_failures,
            "parked_until": mirror.parked_until.isoformat() if mirror.parked_until else None}


def breaker_text(mirror: Mirror) -> str:
    """The breaker as ``mirrors list`` shows it: "breaker closed", "parked until ...", "probing"."""
    if mirror.breaker_state == "closed":
        return "breaker closed"
    until = f" until {mirror.parked_until:%Y-%m-%d %H:%M:%S} UTC" if mirror.parked_until else ""
    word = "probing" if mirror.breaker_state == "half_open" else "parked"
    return f"{word}{until} after {mirror.breaker_failures} failures in a row"
