"""Input formats: what each media type yields, and exactly which field and reason each bad input reports."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from services.ingest.formats import Submission, parse
from services.ingest.formats.ndjson import parse_ndjson
from shared.errors import InvalidInput, UnsupportedMediaType

SAMPLES = Path(__file__).resolve().parents[2] / "services" / "ingest" / "samples"


def ninjs(**fields: object) -> bytes:
    """A minimal valid ninjs object with ``fields`` added or overridden (None removes a field)."""
    item: dict[str, object] = {"guid": "urn:test:1", "headline": "Talks resume", "body_text": "Talks on."}
    item.update(fields)
    return orjson.dumps({key: value for key, value in item.items() if value is not None})


# --- happy paths -----------------------------------------------------------------------------------------


def test_json_sample_becomes_one_ninjs_submission_with_its_fields() -> None:
    [sub] = parse("application/json", (SAMPLES / "flood-relief.json").read_bytes())
    assert sub.format == "ninjs"
    assert sub.guid == "urn:newsflow:sample:flood-relief-2024-001"
    assert sub.headline == "Relief boats reach cut-off villages as Bangladesh floods recede"
    assert sub.byline == "Rafiq Hasan"
    assert sub.versioncreated == datetime(2024, 8, 15, 9, 30, tzinfo=UTC)
    assert (sub.language, sub.located, sub.pubstatus) == ("en", "Dhaka", "usable")
    assert sub.body_html is not None and "Bay of Bengal" in sub.body_html


def test_plain_text_sample_keeps_the_raw_page_as_body_text() -> None:
    raw = (SAMPLES / "manila-summit.txt").read_bytes()
    [sub] = parse("text/plain", raw)
    assert sub.format == "text"
    assert sub.body_text == raw.decode().strip()
    assert sub.headline is None and sub.guid is None


def test_html_sample_keeps_the_raw_page_as_body_html() -> None:
    raw = (SAMPLES / "port-strike.html").read_bytes()
    [sub] = parse("text/html", raw)
    assert sub.format == "html"
    assert sub.body_html == raw.decode().strip()


def test_ndjson_sample_yields_one_submission_per_line_in_order() -> None:
    subs = parse("application/x-ndjson", (SAMPLES / "markets.ndjson").read_bytes())
    assert [sub.located for sub in subs] == ["Tokyo", "Nairobi"]
    assert all(sub.format == "ninjs" for sub in subs)


def test_ndjson_skips_blank_lines() -> None:
    body = ninjs(guid="a") + b"\n\n   \n" + ninjs(guid="b") + b"\n"
    assert [sub.guid for sub in parse("application/x-ndjson", body)] == ["a", "b"]


def test_media_type_is_matched_without_parameters_and_case() -> None:
    [sub] = parse("Application/JSON; charset=UTF-8", ninjs())
    assert sub.headline == "Talks resume"


def test_utf8_byte_order_mark_is_ignored() -> None:
    [sub] = parse("text/plain", "\ufeffFloods recede in the delta.".encode())
    assert sub.body_text == "Floods recede in the delta."


def test_ninjs_uri_stands_in_for_a_missing_guid() -> None:
    [sub] = parse("application/json", ninjs(guid=None, uri="https://wire.example/1"))
    assert (sub.guid, sub.uri) == ("https://wire.example/1", "https://wire.example/1")


def test_ninjs_fields_we_do_not_use_are_ignored() -> None:
    [sub] = parse("application/json", ninjs(subject=[{"code": "x"}], renditions={}, version="2"))
    assert isinstance(sub, Submission)


def test_ninjs_2_headlines_bodies_and_by_are_understood() -> None:
    body = orjson.dumps({
        "uri": "urn:test:2",
        "headlines": [{"role": "short", "value": "Short"}, {"role": "main", "value": "Main headline"}],
        "bodies": [{"role": "main", "contenttype": "text/html", "value": "<p>Rain eased.</p>"}],
        "by": "A. Reporter",
    })
    [sub] = parse("application/json", body)
    assert (sub.headline, sub.body_html, sub.byline) == ("Main headline", "<p>Rain eased.</p>", "A. Reporter")


def test_versioncreated_with_an_offset_is_converted_to_utc() -> None:
    [sub] = parse("application/json", ninjs(versioncreated="2024-10-01T12:40:00+03:00"))
    assert sub.versioncreated == datetime(2024, 10, 1, 9, 40, tzinfo=UTC)


def test_versioncreated_without_an_offset_is_read_as_utc() -> None:
    [sub] = parse("application/json", ninjs(versioncreated="2024-10-01T12:40:00"))
    assert sub.versioncreated == datetime(2024, 10, 1, 12, 40, tzinfo=UTC)


@pytest.mark.parametrize(("given", "code"), [("en-GB", "en"), ("PT_br", "pt"), ("eng", "en"), ("fil", "fil")])
def test_language_tags_become_lower_case_iso_639_1_codes(given: str, code: str) -> None:
    [sub] = parse("application/json", ninjs(language=given))
    assert sub.language == code


def test_pubstatus_is_case_insensitive_and_accepts_british_cancelled() -> None:
    [sub] = parse("application/json", ninjs(pubstatus="Cancelled"))
    assert sub.pubstatus == "canceled"


def test_blank_optional_fields_count_as_absent() -> None:
    [sub] = parse("application/json", ninjs(byline="  ", located=""))
    assert (sub.byline, sub.located) == (None, None)


# --- errors: every case names its field and says why -------------------------------------------------------

TOO_MANY = b"\n".join(ninjs(guid=str(n)) for n in range(1001))
ERRORS = {
    "non_utf8_body": ("text/plain", b"Caf\xe9 society", "body", "not valid UTF-8 at byte 3"),
    "empty_body": ("text/plain", b"", "body", "empty body"),
    "whitespace_only_body": ("application/json", b" \n\t ", "body", "only whitespace"),
    "nul_byte": ("text/plain", b"News\x00 today", "body", "NUL character at byte 4"),
    "nul_escaped_in_json": ("application/json", ninjs(headline="Ta\u0000lks"), "headline", "NUL character"),
    "invalid_json": ("application/json", b'{"headline": ', "body", "not valid JSON"),
    "json_array": ("application/json", b"[" + ninjs() + b"]", "body", "send a batch as application/x-ndjson"),
    "json_scalar": ("application/json", b'"just a string"', "body", "must be a JSON object"),
    "no_body_fields": ("application/json", ninjs(body_text=None), "body", "neither body_text nor body_html"),
    "body_text_without_letters": ("application/json", ninjs(body_text="12 34"), "body_text", "no letters"),
    "body_html_without_letters": ("application/json", ninjs(body_text=None, body_html="<p>2024</p>"),
                                  "body_html", "no letters"),
    "headline_too_long": ("application/json", ninjs(headline="x" * 1001), "headline", "1001 characters"),
    "headline_not_a_string": ("application/json", ninjs(headline=42), "headline", "a string, not int"),
    "versioncreated_not_iso": ("application/json", ninjs(versioncreated="last Tuesday"), "versioncreated",
                               "not an ISO 8601 date-time"),
    "versioncreated_before_1900": ("application/json", ninjs(versioncreated="1899-12-31T23:00:00Z"),
                                   "versioncreated", "lies outside 1900-01-01"),
    "versioncreated_in_the_future": ("application/json", ninjs(versioncreated="2999-01-01T00:00:00Z"),
                                     "versioncreated", "lies outside 1900-01-01"),
    "versioncreated_a_number": ("application/json", ninjs(versioncreated=1722902400), "versioncreated",
                                "must be an ISO 8601 string"),
    "language_a_word": ("application/json", ninjs(language="English language"), "language",
                        "does not look like a language code"),
    "language_unknown_code": ("application/json", ninjs(language="zz"), "language", "not an ISO 639"),
    "pubstatus_unknown": ("application/json", ninjs(pubstatus="deleted"), "pubstatus", "'usable'"),
    "guid_not_a_string": ("application/json", ninjs(guid=7), "guid", "must be a string"),
    "plain_text_without_letters": ("text/plain", b"1234 5678 -- ##", "body", "no letters"),
    "html_without_visible_letters": ("text/html", b"<html><script>var a = 1;</script><p>42</p></html>",
                                     "body", "no letters"),
    "ndjson_line_invalid_json": ("application/x-ndjson", ninjs() + b"\n{oops\n", "line 2", "not valid JSON"),
    "ndjson_line_bad_field": ("application/x-ndjson", ninjs() + b"\n\n" + ninjs(guid=5), "line 3: guid",
                              "must be a string"),
    "ndjson_line_not_an_object": ("application/x-ndjson", b"[1, 2]\n", "line 1", "must be a JSON object"),
    "ndjson_too_many_lines": ("application/x-ndjson", TOO_MANY, "body", "a batch holds at most 1000"),
    "ndjson_only_blank_lines": ("application/x-ndjson", b"\n  \n", "body", "only whitespace"),
}


@pytest.mark.parametrize(("content_type", "body", "field", "reason"), ERRORS.values(), ids=ERRORS.keys())
def test_bad_input_raises_invalid_input_naming_field_and_reason(
    content_type: str, body: bytes, field: str, reason: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse(content_type, body)
    assert (caught.value.field, type(caught.value)) == (field, InvalidInput)
    assert reason in caught.value.reason


def test_ndjson_text_of_blank_lines_is_an_empty_batch() -> None:
    """parse stops a blank body earlier; the batch reader still refuses one when called on its own."""
    with pytest.raises(InvalidInput) as caught:
        parse_ndjson("\n \n")
    assert (caught.value.field, caught.value.reason) == ("body", "no items: every line is blank")


@pytest.mark.parametrize("content_type", ["image/png", "application/xml", ""])
def test_unknown_media_type_is_unsupported_and_lists_what_is_accepted(content_type: str) -> None:
    with pytest.raises(UnsupportedMediaType) as caught:
        parse(content_type, b"anything")
    assert caught.value.field == "content-type"
    for accepted in ("application/json", "application/x-ndjson", "text/plain", "text/html"):
        assert accepted in caught.value.reason
