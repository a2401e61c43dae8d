"""How a posted body's bytes are read: its Content-Encoding (identity or gzip, decompressed under the body limit,
no zip bombs), then its charset (declared in Content-Type, or by an HTML page's ``<meta charset>``).

Charset labels are the WHATWG Encoding Standard's (webencodings), as browsers read them: ISO-8859-1 and
latin1 name windows-1252, a byte-order mark overrides the label, and no declaration means UTF-8.
"""

from __future__ import annotations

import codecs
import re
import zlib
from collections.abc import Mapping

import webencodings

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


UTF8 = webencodings.lookup("utf-8")
BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16le"), (codecs.BOM_UTF16_BE, "utf-16be"))
CHARSET = re.compile(r"""charset\s*=\s*["']?([^"';\s]*)""", re.I)
# The HTML prescan (WHATWG 13.2.3.2), reduced to its two forms: <meta charset=x> and the http-equiv
# Content-Type's content="...; charset=x", within the first 1024 bytes.
META = re.compile(rb"""<meta\s[^>]*?charset\s*=\s*["']?\s*([\w.:+-]+)""", re.I)
PRESCAN_BYTES = 1024


def _windows_1252_c1(error: UnicodeError) -> tuple[str, int]:
    # windows-1252 as the standard has it leaves no byte undefined: the five that Python's cp1252 lacks
    # (0x81, 0x8D, 0x8F, 0x90, 0x9D) are the C1 controls of the same number.
    assert isinstance(error, UnicodeDecodeError)
    return chr(error.object[error.start]), error.start + 1


codecs.register_error("newsflow-windows-1252", _windows_1252_c1)


def declared_charset(content_type: str) -> str | None:
    """The charset parameter of a Content-Type header, as given; None when there is none."""
    _, _, parameters = content_type.partition(";")
    found = CHARSET.search(parameters)
    return found.group(1) if found and found.group(1) else None


def _meta_charset(body: bytes) -> str | None:
    found = META.search(body[:PRESCAN_BYTES])
    return found.group(1).decode("ascii") if found else None


def _encoding(label: str, field: str) -> webencodings.Encoding:
    found = webencodings.lookup(label)
    if found is None or found.name == "replacement":
        raise UnsupportedMediaType(field, f"charset {label!r} is not one we can read; send UTF-8, or declare a "
                                          "charset such as ISO-8859-1 or windows-1252")
    return found


# Bytes the Encoding Standard leaves undefined, which Python's codec for the same charset decodes anyway: Shift_JIS
# (Python's cp932) reads the single bytes 0xA0 and 0xFD-0xFF as the private-use U+F8F0-U+F8F3.
UNDEFINED = {"shift_jis": re.compile("[\uf8f0-\uf8f3]")}


def text(content_type: str, body: bytes, html: bool = False) -> str:
    """The body's text, read in its declared charset (or, for HTML without one, its <meta charset>; else UTF-8).

    A charset we cannot read is UnsupportedMediaType (415); bytes not valid in it are InvalidInput naming it.
    """
    label = declared_charset(content_type)
    encoding = _encoding(label, "content-type") if label else None
    if encoding is None and html and (meta := _meta_charset(body)) is not None:
        label, encoding = meta, webencodings.lookup(meta)  # an unknown <meta charset> is ignored, as browsers do
    encoding, unmarked = encoding or UTF8, body
    for bom, name in BOMS:
        if body.startswith(bom):  # a byte-order mark outweighs any label
            encoding, label, unmarked = webencodings.lookup(name), name.upper(), body[len(bom):]
            break
    offset = len(body) - len(unmarked)
    errors = "newsflow-windows-1252" if encoding.name == "windows-1252" else "strict"
    try:
        # The codec itself, not its name: webencodings' x-user-defined is not registered with Python's codecs
        decoded, _ = encoding.codec_info.decode(unmarked, errors)
    except UnicodeDecodeError as exc:
        raise InvalidInput("body", f"not valid {label or 'UTF-8'} at byte {offset + exc.start}") from None
    if (undefined := UNDEFINED.get(encoding.name)) and (found := undefined.search(decoded)):
        at = len(encoding.codec_info.encode(decoded[:found.start()])[0])
        raise InvalidInput("body", f"not valid {label} at byte {offset + at}")
    _refuse_nul(decoded, unmarked, encoding, offset)
    return decoded


def _refuse_nul(decoded: str, unmarked: bytes, encoding: webencodings.Encoding, offset: int) -> None:
    nul = decoded.find("\x00")
    if nul < 0:
        return
    # Every other charset we read is ASCII-compatible: its NUL byte is the NUL character and nothing else.
    at = len(encoding.codec_info.encode(decoded[:nul])[0]) if encoding.name.startswith("utf-16") else \
        unmarked.find(b"\x00")
    raise InvalidInput("body", f"contains a NUL character at byte {offset + at}")
