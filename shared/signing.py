"""Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com/): sign what we send, verify the rest.

The signed content is ``f"{webhook-id}.{webhook-timestamp}.{body}"``, HMAC-SHA256 with the base64-decoded
secret that follows ``whsec_``; the header carries space-separated ``v1,<base64>`` signatures so a mirror
keeps verifying while its secret rotates.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets as random_source
import time
from collections.abc import Mapping, Sequence

from shared.errors import InvalidInput

PREFIX = "whsec_"
VERSION = "v1"
SECRET_BYTES = 32  # the spec asks for 24 to 64 random bytes


class SignatureError(InvalidInput):
    """A webhook whose headers or signature do not prove it came from the holder of the secret."""


def generate_secret() -> str:
    """A fresh signing secret: ``whsec_`` + base64 of 32 random bytes."""
    return PREFIX + base64.b64encode(random_source.token_bytes(SECRET_BYTES)).decode("ascii")


def sign(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The ``v1,<base64>`` signature of one message under one secret."""
    signed = f"{msg_id}.{timestamp}.".encode() + body
    digest = hmac.new(_key(secret), signed, hashlib.sha256).digest()
    return f"{VERSION},{base64.b64encode(digest).decode('ascii')}"


def headers(secret: str | Sequence[str], msg_id: str, body: bytes, now: int | None = None) -> dict[str, str]:
    """The headers of a signed delivery; several secrets give several signatures (rotation)."""
    timestamp = int(time.time()) if now is None else now
    signatures = " ".join(sign(one, msg_id, timestamp, body) for one in _as_list(secret))
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": signatures,
        "content-type": "application/json",
    }


def verify(
    secrets: str | Sequence[str],
    headers: Mapping[str, str],
    body: bytes,
    tolerance: int = 300,
    now: int | None = None,
) -> None:
    """Return if one of ``secrets`` signed this message within ``tolerance`` s of now; else SignatureError."""
    lowered = {name.lower(): value for name, value in headers.items()}
    msg_id = _header(lowered, "webhook-id")
    timestamp = _timestamp(_header(lowered, "webhook-timestamp"), tolerance, now)
    offered = _offered_signatures(_header(lowered, "webhook-signature"))
    for secret in _as_list(secrets):
        expected = sign(secret, msg_id, timestamp, body).partition(",")[2].encode("ascii")
        # Compare against every offered signature without stopping early: no timing hint either way.
        if any([hmac.compare_digest(expected, candidate) for candidate in offered]):
            return
    raise SignatureError("webhook-signature", "no signature matches")


def _key(secret: str) -> bytes:
    """The HMAC key: base64 after the optional ``whsec_`` prefix, as the reference libraries accept."""
    encoded = secret.removeprefix(PREFIX)
    try:
        return base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput("secret", "not a whsec_ base64 secret") from None


def _as_list(secret: str | Sequence[str]) -> list[str]:
    """One secret or several, as a list."""
    return [secret] if isinstance(secret, str) else list(secret)


def _header(lowered: Mapping[str, str], name: str) -> str:
    """A required header's value."""
    value = lowered.get(name, "").strip()
    if not value:
        raise SignatureError(name, "missing")
    return value


def _timestamp(value: str, tolerance: int, now: int | None) -> int:
    """The webhook timestamp, refused outside ``now ± tolerance`` (replay window, clock skew)."""
    if not value.isascii() or not value.isdigit():
        raise SignatureError("webhook-timestamp", "not an integer of seconds")
    timestamp = int(value)
    current = int(time.time()) if now is None else now
    if timestamp < current - tolerance:
        raise SignatureError("webhook-timestamp", "too old")
    if timestamp > current + tolerance:
        raise SignatureError("webhook-timestamp", "too new")
    return timestamp


def _offered_signatures(value: str) -> list[bytes]:
    """The base64 parts of the header's ``v1,`` signatures; other versions are skipped, as the spec says."""
    offered = []
    for item in value.split():
        version, _, signature = item.partition(",")
        if version == VERSION and signature:
            offered.append(signature.encode("ascii", "replace"))
    return offered
