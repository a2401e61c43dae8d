"""A body is read in the charset its Content-Type declares (or an HTML page's <meta charset>), for every format."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from shared.db import session_scope
from shared.models import Submission

STORY = "Café owners in Zürich and São Paulo welcomed the “new” rules, officials said on Tuesday."
HEADLINE = "Cafés reopen in Zürich"


def _ninjs(guid: str = "urn:charset:1") -> str:
    return json.dumps({"guid": guid, "headline": HEADLINE, "body_text": STORY, "language": "en"}, ensure_ascii=False)


def _html(head: str = "") -> str:
    return (f"<html><head>{head}<title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"<p>{STORY}</p><p>{STORY}</p></article></body></html>")


BODIES: dict[str, tuple[str, str]] = {
    "json": ("application/json", _ninjs()),
    "ndjson": ("application/x-ndjson", _ninjs("urn:charset:a") + "\n" + _ninjs("urn:charset:b").replace("Tuesday",
                                                                                                       "Friday")),
    "text": ("text/plain", f"{HEADLINE}\n\n{STORY}"),
    "html": ("text/html", _html()),
}


def _stored_text() -> str:
    with session_scope() as session:
        payloads = session.scalars(select(Submission.payload))
        return " ".join(json.dumps(payload, ensure_ascii=False) for payload in payloads)


def _post(client: TestClient, content_type: str, body: bytes) -> Any:
    return client.post("/v1/articles", content=body, headers={"content-type": content_type})


@pytest.mark.parametrize("charset", ["ISO-8859-1", "windows-1252", "latin1"])
@pytest.mark.parametrize("fmt", sorted(BODIES))
def test_a_latin_1_body_is_read_in_its_declared_charset(client: TestClient, fmt: str, charset: str) -> None:
    """Given a Latin-1 body with its charset declared, Then it is accepted and stored with its accents intact."""
    media_type, text = BODIES[fmt]
    answer = _post(client, f"{media_type}; charset={charset}", text.encode("cp1252"))
    assert answer.status_code == 202, answer.text
    assert "Zürich" in _stored_text() and "São Paulo" in _stored_text()


def test_curly_quotes_in_a_body_labelled_iso_8859_1_read_as_windows_1252_like_browsers(client: TestClient) -> None:
    assert _post(client, "text/plain; charset=iso-8859-1", f"{HEADLINE}\n\n{STORY}".encode("cp1252")).status_code == 202
    assert "“new”" in _stored_text()


@pytest.mark.parametrize("meta", ['<meta charset="ISO-8859-1">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'])
def test_an_html_page_without_a_header_charset_is_read_by_its_meta_charset(client: TestClient, meta: str) -> None:
    answer = _post(client, "text/html", _html(meta).encode("cp1252"))
    assert answer.status_code == 202, answer.text
    assert "Zürich" in _stored_text()


def test_the_header_charset_outweighs_the_meta_charset(client: TestClient) -> None:
    answer = _post(client, "text/html; charset=utf-8", _html('<meta charset="ISO-8859-1">').encode("utf-8"))
    assert answer.status_code == 202 and "Zürich" in _stored_text()


@pytest.mark.parametrize(("content_type", "body", "reason"), [
    ("text/plain; charset=utf-8", f"{HEADLINE}\n\n{STORY}".encode("cp1252"), "not valid utf-8 at byte 3"),
    ("text/plain", f"{HEADLINE}\n\n{STORY}".encode("cp1252"), "not valid UTF-8 at byte 3"),
    ("application/json; charset=shift_jis", b'{"headline": "\x81\x39"}', "not valid shift_jis at byte 14"),
    # Bytes the Encoding Standard leaves undefined in Shift_JIS (Python's cp932 makes them private-use characters)
    *[("application/json; charset=shift_jis", b'{"headline": "ab' + byte + b'"}', "not valid shift_jis at byte 16")
      for byte in (b"\xa0", b"\xfd", b"\xfe", b"\xff")],
    ("text/html", _html('<meta charset="utf-8">').encode("cp1252"), "not valid utf-8 at byte"),
])
def test_a_body_not_valid_in_its_charset_is_422_naming_the_charset(
    client: TestClient, content_type: str, body: bytes, reason: str
) -> None:
    answer = _post(client, content_type, body)
    assert (answer.status_code, answer.json()["field"]) == (422, "body")
    assert answer.json()["reason"].startswith(reason)


@pytest.mark.parametrize("fmt", ["text/plain", "application/json", "text/html"])
def test_a_body_in_x_user_defined_is_read_as_the_encoding_standard_says(client: TestClient, fmt: str) -> None:
    """Fresh-eyes finding: charset=x-user-defined (a label of the Encoding Standard) answered 500. Its bytes 0x80-0xFF
    are U+F780-U+F7FF; ASCII stays ASCII."""
    text = f"{HEADLINE}\n\n{STORY}".encode("ascii", "replace").decode()
    body = {"text/plain": text, "application/json": json.dumps({"headline": HEADLINE.encode("ascii", "replace")
                                                               .decode(), "body_text": "Harbour \x80 reopened."},
                                                  ensure_ascii=False),
            "text/html": f"<html><body><h1>Harbour</h1><p>{text}</p></body></html>"}[fmt]
    answer = _post(client, f"{fmt}; charset=x-user-defined", body.encode("latin-1"))
    assert answer.status_code == 202, answer.text
    if fmt == "application/json":
        assert "Harbour \uf780 reopened." in _stored_text()


def test_a_charset_we_cannot_read_is_415_naming_it(client: TestClient) -> None:
    answer = _post(client, "text/plain; charset=klingon-8", b"Qapla'")
    assert (answer.status_code, answer.json()["field"]) == (415, "content-type")
    assert "'klingon-8'" in answer.json()["reason"]


def test_a_utf_16_body_with_its_byte_order_mark_is_read_whatever_the_label(client: TestClient) -> None:
    answer = _post(client, "application/json; charset=utf-16", _ninjs().encode("utf-16"))
    assert answer.status_code == 202 and "Zürich" in _stored_text()


def test_a_nul_character_in_a_utf_16_body_is_422_at_its_byte(client: TestClient) -> None:
    answer = _post(client, "text/plain; charset=utf-16le", "Manila\x00talks".encode("utf-16le"))
    assert (answer.status_code, answer.json()["reason"]) == (422, "contains a NUL character at byte 12")
