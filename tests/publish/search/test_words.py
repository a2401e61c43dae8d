"""Words as wire copy writes them: abbreviations, hyphenated names, numbers; and what an exclusion does to rank."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from benchmarks.harness.stories import Story
from tests.publish.search.conftest import write
from tests.publish.search.desk import KYIV, ago

STORIES = {
    "envoys": Story("U.S. and U.N. envoys meet", "The U.S. envoy met the U.N. team after the 9/11 memorial.",
                    ago(hours=1), places=(KYIV,)),
    "jets": Story("F-16 deliveries resume", "Ukraine expects F-16 jets; inflation eased to 3.5 percent.",
                  ago(hours=2), places=(KYIV,)),
    "covid": Story("COVID-19 cases fall", "COVID-19 admissions fell, see who.int for figures.", ago(hours=3),
                   places=(KYIV,)),
    "truce": Story("Ceasefire holds in the east", "The ceasefire held. Ceasefire monitors reported calm; the "
                   "ceasefire line was quiet.", ago(hours=4), places=(KYIV,)),
    "truce-brief": Story("Talks continue", "Negotiators discussed a ceasefire among many other matters of trade, "
                         "energy, grain, ports and prisoners.", ago(hours=5), places=(KYIV,)),
    "truce-football": Story("Football ceasefire", "A ceasefire between football clubs.", ago(hours=6),
                            places=(KYIV,)),
}


@pytest.fixture(scope="module")
def desk(client: TestClient) -> dict[str, str]:
    return dict(zip(write(list(STORIES.values())), STORIES, strict=True))


@pytest.mark.parametrize(("q", "expected"), [
    ("U.S.", {"envoys"}), ("u.n.", {"envoys"}), ("9/11", {"envoys"}), ("F-16", {"jets"}), ("3.5", {"jets"}),
    ("COVID-19", {"covid"}), ('"F-16 jets"', {"jets"}), ("covid-19 -F-16", {"covid"}),
])
def test_abbreviations_hyphenated_names_and_numbers_are_found_as_written(client, desk, q, expected) -> None:  # type: ignore[no-untyped-def]
    """Fresh-eyes finding: U.S., COVID-19, F-16, 9/11 and 3.5 could never be found on PostgreSQL."""
    results = client.get("/v1/articles", params={"q": q}).json()["results"]
    assert {desk[r["id"]] for r in results} == expected


def test_an_excluded_word_leaves_the_ranking_of_the_others_as_it_was(client, desk) -> None:  # type: ignore[no-untyped-def]
    """Fresh-eyes finding: any -word made every PostgreSQL score 1e-20, so results came in id order."""
    plain = client.get("/v1/articles", params={"q": "ceasefire", "source": "wire"}).json()["results"]
    excluding = client.get("/v1/articles", params={"q": "ceasefire -football"}).json()["results"]
    assert [desk[r["id"]] for r in excluding] == ["truce", "truce-brief"]
    assert [r["score"] for r in excluding] == [r["score"] for r in plain if desk[r["id"]] != "truce-football"]
    assert excluding[0]["score"] > excluding[1]["score"] > 1e-6
