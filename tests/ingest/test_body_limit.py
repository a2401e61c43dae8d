"""What is accepted can be processed: a text longer than enrichment finishes within its time limit is refused
with 413 naming the field, at every door (ninjs, NDJSON, plain text, HTML); the longest allowed is accepted."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from services.ingest.formats.submission import MAX_TEXT

SENTENCE = "Talks on the new port resumed in Manila on Monday. "


def _exactly(length: int) -> str:
    text = (SENTENCE * (length // len(SENTENCE) + 1))[:length]
    return text[:-1] + "s"  # no trailing space, which would be trimmed


def test_a_ninjs_body_text_over_the_limit_is_413_naming_the_field(client: TestClient) -> None:
    answer = client.post("/v1/articles", json={"headline": "Port talks", "body_text": _exactly(MAX_TEXT + 1)})
    assert answer.status_code == 413
    body = answer.json()
    assert body["field"] == "body_text" and f"at most {MAX_TEXT}" in body["reason"] and "time limit" in body["reason"]


def test_a_ninjs_body_text_at_the_limit_is_accepted(client: TestClient) -> None:
    answer = client.post("/v1/articles", json={"headline": "Port talks", "body_text": _exactly(MAX_TEXT)})
    assert answer.status_code == 202


def test_the_issues_900000_characters_are_refused_not_accepted_to_fail_later(client: TestClient) -> None:
    answer = client.post("/v1/articles", content=_exactly(900_000), headers={"content-type": "text/plain"})
    assert answer.status_code == 413 and answer.json()["field"] == "body_text"


def test_an_ndjson_line_over_the_limit_is_413_naming_its_line(client: TestClient) -> None:
    lines = [{"guid": "urn:1", "body_text": "Port talks resumed."},
             {"guid": "urn:2", "body_text": _exactly(MAX_TEXT + 1)}]
    answer = client.post("/v1/articles", content="\n".join(json.dumps(line) for line in lines),
                         headers={"content-type": "application/x-ndjson"})
    assert answer.status_code == 413 and answer.json()["field"] == "line 2: body_text"


def test_a_page_whose_visible_text_is_over_the_limit_is_413(client: TestClient) -> None:
    page = f"<html><body><p>{_exactly(MAX_TEXT + 1)}</p></body></html>"
    answer = client.post("/v1/articles", content=page, headers={"content-type": "text/html"})
    assert answer.status_code == 413 and answer.json()["field"] == "body"


def test_a_page_with_long_markup_but_a_short_text_is_accepted(client: TestClient) -> None:
    """Markup, scripts and styles do not count: only what enrichment reads."""
    page = ("<html><head><style>" + "p { color: red; }\n" * 20_000 + "</style></head><body>"
            + '<div class="wrapper"><span class="icon"></span></div>' * 2_000 + f"<p>{SENTENCE}</p></body></html>")
    assert len(page) > MAX_TEXT
    answer = client.post("/v1/articles", content=page, headers={"content-type": "text/html"})
    assert answer.status_code == 202
