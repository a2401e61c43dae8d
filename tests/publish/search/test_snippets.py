"""Snippets mark the matched words wherever they fall in a body, at a cost that does not grow with its length."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from benchmarks.harness.stories import Story
from tests.publish.search.conftest import write
from tests.publish.search.desk import KYIV, ago

# ~64 KB, 12,000 words: PostgreSQL keeps word positions up to 16,383 only, so a phrase further into a body
# than that cannot be matched as a phrase there (docs/search.md)
FILLER = "The committee met again on Tuesday and adjourned without a vote on the budget. " * 800


@pytest.fixture(scope="module")
def long_stories(client: TestClient) -> TestClient:
    write([Story("Budget committee diary", FILLER + "Late in the night the governors signed a ceasefire accord.",
                 ago(hours=2), places=(KYIV,)),
           Story("Short note", "Governments signed a ceasefire accord in Kyiv.", ago(hours=3), places=(KYIV,))])
    return client


@pytest.mark.parametrize("q", ["ceasefire", '"ceasefire accord"', "accord ceasefire -football"])
def test_a_match_at_the_end_of_a_long_body_is_marked_in_its_snippet(long_stories, q) -> None:  # type: ignore[no-untyped-def]
    results = long_stories.get("/v1/articles", params={"q": q, "sort": "newest"}).json()["results"]
    assert [r["headline"] for r in results] == ["Budget committee diary", "Short note"]
    for result in results:
        assert re.search(r"<mark>[^<]*ceasefire", result["snippet"].lower()), result["snippet"]
        assert len(result["snippet"]) < 1000


def test_a_snippet_marks_the_words_of_every_form_the_query_stems_to(long_stories) -> None:  # type: ignore[no-untyped-def]
    """"governor" finds "governors" and "Governments" is not it; the mark follows the engine's stemming."""
    [result] = long_stories.get("/v1/articles", params={"q": "governor"}).json()["results"]
    assert result["headline"] == "Budget committee diary" and "<mark>governors</mark>" in result["snippet"]
