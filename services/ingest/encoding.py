"""Content-Encoding of a posted body: identity or gzip, decompressed under the body limit (no zip bombs)."""

from __future__ import annotations

import zlib
from collections.abc import Mapping

from shared.errors import InvalidInput, PayloadTooLarge, UnsupportedMediaType

GZIP = frozenset({"gzip", "x-gzip"})
GZIP_WBITS = zlib.MAX_WBITS | 16  # zlib reads the gzip header and trailer itself


def coding(headers: Mapping[str, str]) -> str | None:
    """The body's content coding: None for identity, "gzip"; UnsupportedMediaType (415) for anything else."""
    codings = [part.strip().lower() for part in headers.get("content-encoding", "").split(",")]
    codings = [part for part in codings if part not in ("", "identity")]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in GZIP:
        return "gzip"
    given = ", ".join(codings)
    raise UnsupportedMediaType("content-encoding", f"{given!r} is not accepted; send gzip or an uncompressed body")


def gunzip(data: bytes, limit: int) -> bytes:
    """The gzip data decompressed (every member); PayloadTooLarge as soon as it grows past ``limit`` bytes."""
    out = bytearray()
    while data:
        member = zlib.decompressobj(GZIP_WBITS)
        try:
            # max_length stops inflating at the limit: a bomb costs us limit + 1 bytes, not gigabytes.
            out += member.decompress(data, limit + 1 - len(out))
        except zlib.error as exc:
            raise InvalidInput("body", f"not valid gzip data: {exc}") from None
        if len(out) > limit:
            raise PayloadTooLarge("body", f"decompresses to over the limit of {limit} bytes")
        if not member.eof:
            raise InvalidInput("body", "the gzip data ends early (truncated)")
        data = member.unused_data
    return bytes(out)


def decoded(headers: Mapping[str, str], body: bytes, limit: int) -> bytes:
    """The body as its content coding says to read it: as sent, or gunzipped under ``limit``."""
    return gunzip(body, limit) if coding(headers) == "gzip" else body
