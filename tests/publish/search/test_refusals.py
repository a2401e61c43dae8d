"""Bad search filters are answered 422 naming the field and the reason, on both engines, never 500."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from services.publish.search.cursor import Cursor
from tests.publish.search.conftest import write
from tests.publish.search.desk import DESK

FIXED = datetime(2026, 11, 30, 8, tzinfo=UTC)  # not a moment of the run: every xdist process collects the same ids
BAD = [
    ({"q": "-football"}, "q", "only says what to exclude"),
    ({"q": '"" OR -'}, "q", "no words"),
    ({"q": "x" * 501}, "q", "500"),
    ({"q": "a\x00b"}, "q", "control character"),
    ({"place": "kyiv"}, "place", "GeoNames id"),
    ({"place": "99999999999"}, "place", "GeoNames id"),
    ({"include": "contained"}, "include", "needs a place"),
    ({"place": "1", "include": "inside"}, "include", "not 'contained'"),
    ({"near": "50.45,30.52"}, "near", "lat,lon,km"),
    ({"near": "95,30,10"}, "near", "latitude"),
    ({"near": "50,30,0"}, "near", "distance"),
    ({"near": "50,nan,10"}, "near", "lat,lon,km"),
    ({"bbox": "29,51,31,49"}, "bbox", "north"),
    ({"bbox": "1,2,3"}, "bbox", "four numbers"),
    ({"country": "XX"}, "country", "ISO 3166"),
    ({"focus_country": "Ukraine"}, "focus_country", "ISO 3166"),
    ({"entity": "x" * 301}, "entity", "characters"),
    ({"entity": "99999999999"}, "entity", "not an entity id"),
    ({"q": "kyiv", "place": "x\ufffdy"}, "place", "not valid UTF-8"),
    ({"language": "english!"}, "language", "language code"),
    ({"status": "lost"}, "status", "published"),
    ({"since": "yesterday"}, "since", "time ago"),
    ({"until": "2026-11-30T08:00:00"}, "until", "offset"),
    ({"since": "2d", "until": "3d"}, "until", "later than since"),
    ({"since": "999999d"}, "since", "before the year 1"),  # fresh-eyes finding: was a 500
    ({"updated_since": "500000w"}, "updated_since", "before the year 1"),
    ({"updated_since": "0001-01-01T00:00:00+01:00"}, "updated_since", "years 1 to 9999"),
    ({"sort": "oldest"}, "sort", "relevance, newest"),
    ({"sort": "relevance"}, "sort", "needs words"),
    ({"fields": "headline,author"}, "fields", "'author'"),
    ({"limit": "0"}, "limit", "greater than or equal to 1"),
    ({"limit": "101"}, "limit", "less than or equal to 100"),
    ({"cursor": "not-a-cursor"}, "cursor", "not a cursor"),
    ({"cursor": Cursor("relevance", 1.0, "an-id").encode()}, "cursor", "sort=relevance"),  # newest was asked
    ({"cursor": Cursor("newest", FIXED, "an-id\x00").encode()}, "cursor", "not a cursor"),  # was a 500
    # A misspelt or repeated filter would otherwise be dropped without a word and widen the search
    ({"contry": "FR"}, "contry", "not a parameter of this search"),
    ({"q": "ceasefire", "plce": "703448"}, "plce", "not a parameter of this search"),
    ([("place", "703448"), ("place", "702550")], "place", "more than once"),
    ([("q", "kyiv"), ("q", "lviv")], "q", "more than once"),
]


@pytest.fixture(scope="module")
def loaded(client: TestClient) -> TestClient:
    """The desk's stories are there: a refusal is not an empty answer."""
    write(list(DESK.values()))
    return client


@pytest.mark.parametrize(("params", "field", "reason"), BAD, ids=[str(params)[:60] for params, _, _ in BAD])
def test_a_bad_filter_is_refused_naming_the_field_and_why(loaded, params, field, reason) -> None:  # type: ignore[no-untyped-def]
    answer = loaded.get("/v1/articles", params=params)
    assert answer.status_code == 422, answer.text
    assert answer.json()["field"] == field and reason in answer.json()["reason"], answer.json()


@pytest.mark.parametrize("q", ['"unclosed phrase', "OR ceasefire OR", "c++ && !ceasefire", "NEAR(a b)",
                               "ceasefire*", "^ceasefire", "col:ceasefire", "'ceasefire'"])
def test_engine_syntax_in_the_words_is_read_as_words_not_an_error(loaded, q) -> None:  # type: ignore[no-untyped-def]
    """FTS5 operators, prefixes and column filters typed into q are plain words: 200, never a 500."""
    assert loaded.get("/v1/articles", params={"q": q}).status_code == 200


@pytest.mark.parametrize("query", ["%ff=1", "q=kyiv&place=%ff", "q=%c3%28"])
def test_bytes_that_are_not_utf8_are_refused_in_a_name_or_a_value(loaded, query) -> None:  # type: ignore[no-untyped-def]
    answer = loaded.get(f"/v1/articles?{query}")
    assert answer.status_code == 422 and "not valid UTF-8" in answer.json()["reason"], answer.text


@pytest.mark.parametrize("name", ["limit", "cursor"])
def test_an_export_refuses_the_paging_parameters_it_would_not_apply(loaded, name) -> None:  # type: ignore[no-untyped-def]
    value = "5" if name == "limit" else Cursor("newest", FIXED, "an-id").encode()
    answer = loaded.get("/v1/articles", params={name: value}, headers={"Accept": "application/x-ndjson"})
    assert answer.status_code == 422 and answer.json()["field"] == name, answer.text


@pytest.mark.parametrize(("accept", "ndjson"), [
    ("application/x-ndjson", True), ("application/x-ndjson, application/json;q=0.5", True),
    ("application/x-ndjson;q=0.1, application/json", False), ("application/json", False), ("*/*", False),
])
def test_the_export_is_streamed_only_when_ndjson_is_preferred(loaded, accept, ndjson) -> None:  # type: ignore[no-untyped-def]
    answer = loaded.get("/v1/articles", headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/x-ndjson" if ndjson else "application/json")


def test_facets_refuse_the_same_bad_filters(loaded) -> None:  # type: ignore[no-untyped-def]
    answer = loaded.get("/v1/articles/facets", params={"near": "1,2"})
    assert answer.status_code == 422 and answer.json()["field"] == "near"


@pytest.mark.parametrize(("path", "params", "field"), [
    ("/v1/articles/facets", {"limit": "5"}, "limit"),
    ("/v1/articles/facets", [("country", "UA"), ("country", "PH")], "country"),
    ("/feeds/search.atom", {"q": "ceasefire", "utm_source": "x"}, "utm_source"),
    ("/v1/articles/facets", {"q": "ceasefire", "sort": "newest"}, "sort"),  # facets have no order
    ("/feeds/search.atom", {"q": "ceasefire", "sort": "relevance"}, "sort"),  # a feed is always newest first
])
def test_facets_and_saved_search_feeds_refuse_parameters_they_do_not_read(loaded, path, params, field) -> None:  # type: ignore[no-untyped-def]
    answer = loaded.get(path, params=params)
    assert answer.status_code == 422 and answer.json()["field"] == field, answer.text


def test_every_parameter_a_search_route_documents_is_one_it_accepts(loaded) -> None:  # type: ignore[no-untyped-def]
    """The refusal of unknown parameters stays in step with what each route declares in its OpenAPI document."""
    paths = loaded.get("/openapi.json").json()["paths"]
    for path in ("/v1/articles", "/v1/articles/facets", "/feeds/search.{fmt}"):
        declared = {p["name"]: p for p in paths[path]["get"]["parameters"] if p["in"] == "query"}
        values = {"include": "contained", "place": "703448", "sort": "newest", "status": "published",
                  "since": "7d", "until": "1d", "updated_since": "30d", "near": "50.45,30.52,10",
                  "bbox": "29,49,31,51", "country": "UA", "focus_country": "UA", "language": "en", "limit": "5",
                  "fields": "id", "q": "kyiv", "entity": "kyiv", "source": "agency"}
        params = {name: values[name] for name in declared if name != "cursor"}
        answer = loaded.get(path.replace("{fmt}", "atom"), params=params)
        assert answer.status_code == 200, (path, answer.text)


def test_the_openapi_document_describes_both_search_routes_and_the_ndjson_export(loaded) -> None:  # type: ignore[no-untyped-def]
    paths = loaded.get("/openapi.json").json()["paths"]
    listed = paths["/v1/articles"]["get"]
    assert {"q", "place", "include", "near", "bbox", "country", "focus_country", "entity", "source", "language",
            "status", "since", "until", "updated_since", "sort", "fields", "limit", "cursor"} <= {
        p["name"] for p in listed["parameters"]}
    assert "application/x-ndjson" in listed["responses"]["200"]["content"]
    assert "422" in paths["/v1/articles/facets"]["get"]["responses"]
