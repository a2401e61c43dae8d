"""GET /v1/articles on both engines: every filter alone and combined finds exactly the stories it should."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from shared.settings import get_settings
from tests.publish.search.conftest import write
from tests.publish.search.desk import DESK, ago


@pytest.fixture(scope="module")
def desk(client: TestClient) -> dict[str, str]:
    """The desk's stories, loaded once per engine: article id -> story name."""
    ids = write(list(DESK.values()))
    return dict(zip(ids, DESK, strict=True))


def found(client: TestClient, desk: dict[str, str], **params: Any) -> list[str]:
    """The names of the stories a search finds, in the order it lists them (as the admin, who may ask for
    what is not published)."""
    answer = client.get("/v1/articles", params=params | {"limit": 100},
                        headers={"Authorization": f"Bearer {get_settings().admin_key}"})
    assert answer.status_code == 200, answer.text
    return [desk[result["id"]] for result in answer.json()["results"]]


CASES = [
    ({"q": "ceasefire"}, {"kyiv_talks", "bila_tserkva", "football"}),
    ({"q": '"ceasefire agreed"'}, {"kyiv_talks"}),
    ({"q": "ceasefire -football"}, {"kyiv_talks", "bila_tserkva"}),
    ({"q": 'ceasefire -"football feud"'}, {"kyiv_talks", "bila_tserkva"}),
    ({"q": "strike OR cyclone"}, {"manila_strike", "suva_cyclone"}),
    # every group must match: dockers AND (strike OR cyclone), not (dockers AND strike) OR cyclone (fresh-eyes finding)
    ({"q": "dockers strike OR cyclone"}, {"manila_strike"}),
    ({"q": "ceasefires"}, {"kyiv_talks", "bila_tserkva", "football"}),  # stemmed
    ({"place": "703448"}, {"kyiv_talks", "football"}),
    ({"place": "703446"}, {"oblast_budget"}),
    ({"place": "703446", "include": "contained"}, {"oblast_budget", "bila_tserkva"}),
    ({"place": "690791", "include": "contained"},
     {"kyiv_talks", "bila_tserkva", "lviv_rail", "football", "oblast_budget"}),
    ({"place": "703448", "include": "contained"}, {"kyiv_talks", "football"}),  # a city contains only itself
    # Regions no story named itself: GeoNames data says which country or division the id is
    ({"place": "702549"}, set()),
    ({"place": "702549", "include": "contained"}, {"lviv_rail"}),  # Lviv Oblast: Lviv lies in it
    ({"place": "703447", "include": "contained"}, {"kyiv_talks", "football"}),  # Kyiv City, a first-level division
    ({"place": "2205218", "include": "contained"}, {"suva_cyclone"}),  # Fiji
    ({"near": "50.45,30.52,100"}, {"kyiv_talks", "bila_tserkva", "football", "oblast_budget"}),
    # Ukraine's point lies 193 km from Kyiv: a country has no location, so Lviv's story (470 km) stays out
    ({"near": "50.45,30.52,200"}, {"kyiv_talks", "bila_tserkva", "football", "oblast_budget"}),
    ({"near": "49.0,32.0,20"}, set()),  # at Ukraine's own point
    ({"bbox": "31.5,48.5,32.5,49.5"}, set()),
    ({"bbox": "29,49.5,31,51"}, {"kyiv_talks", "bila_tserkva", "football", "oblast_budget"}),
    ({"bbox": "170,-25,-170,-10"}, {"suva_cyclone"}),  # across the antimeridian
    ({"country": "UA"}, {"kyiv_talks", "bila_tserkva", "lviv_rail", "football", "oblast_budget"}),
    ({"country": "ph"}, {"manila_strike"}),
    ({"focus_country": "FR"}, {"paris_fashion"}),
    ({"entity": "united nations"}, {"kyiv_talks", "manila_strike"}),
    ({"entity": "Jane Doe"}, {"bila_tserkva"}),
    ({"source": "agency"}, {"bila_tserkva"}),
    ({"language": "fr"}, {"paris_fashion"}),
    ({"status": "held"}, {"held"}),
    ({"since": "36h"}, {"kyiv_talks", "suva_cyclone"}),
    ({"until": ago(days=5, hours=23).isoformat()}, {"markets", "lviv_rail", "oblast_budget"}),
    ({"since": "8d", "until": "6d"}, {"markets", "oblast_budget"}),
    ({"updated_since": "1h"}, {"markets"}),
    ({"q": "ceasefire", "near": "50.45,30.52,100", "since": "7d"}, {"kyiv_talks", "bila_tserkva", "football"}),
    ({"q": "ceasefire -football", "place": "690791", "include": "contained", "since": "2d"}, {"kyiv_talks"}),
    ({"entity": "United Nations", "focus_country": "PH", "language": "en"}, {"manila_strike"}),
    ({"q": "ceasefire", "source": "agency", "country": "UA", "bbox": "29,49.5,31,51"}, {"bila_tserkva"}),
    ({"q": "Paris", "language": "en"}, set()),
    ({"q": "kyiv"}, {"kyiv_talks", "football", "oblast_budget"}),
    ({"q": "ＫＹＩＶ"}, {"kyiv_talks", "football", "oblast_budget"}),  # full-width letters read as the ones they show
]


# Ids without the moments computed at import: every pytest-xdist process must collect the same test names
@pytest.mark.parametrize(("params", "expected"), CASES,
                         ids=[re.sub(r"\d{4}-\d\d-\d\dT[\d:.+]+", "<moment>", str(params)) for params, _ in CASES])
def test_each_filter_alone_and_combined_finds_exactly_its_stories(client, desk, params, expected) -> None:  # type: ignore[no-untyped-def]
    assert set(found(client, desk, **params)) == expected


def test_without_filters_every_published_story_is_listed_newest_first_and_held_or_withdrawn_ones_are_not(
        client, desk) -> None:  # type: ignore[no-untyped-def]
    listed = found(client, desk)
    assert listed == sorted((name for name in DESK if name not in ("held", "withdrawn")),
                            key=lambda name: DESK[name].dated, reverse=True)


def test_a_filter_left_blank_is_no_filter_whichever_it_is(client, desk) -> None:  # type: ignore[no-untyped-def]
    """What a web form sends for fields left empty: the same answer as not sending them (fresh-eyes finding:
    a blank q was no filter but a blank entity was refused)."""
    blank = {name: "" for name in ("q", "place", "include", "near", "bbox", "country", "focus_country", "entity",
                                   "source", "language", "status", "since", "until", "updated_since", "sort")}
    assert found(client, desk, **blank) == found(client, desk) and len(found(client, desk)) > 5
    assert found(client, desk, entity=" ", source="") == found(client, desk)


def test_what_is_not_published_is_listed_only_with_the_admin_key(client, desk) -> None:  # type: ignore[no-untyped-def]
    refused = client.get("/v1/articles", params={"status": "held"})
    assert refused.status_code == 401 and refused.json()["field"] == "authorization"
    assert found(client, desk, status="held") == ["held"]


def test_entity_by_id_finds_what_its_name_finds(client, desk) -> None:  # type: ignore[no-untyped-def]
    [result] = client.get("/v1/articles", params={"source": "agency", "fields": "entities"}).json()["results"]
    [jane] = result["entities"]
    assert jane["name"] == "Jane Doe" and jane["feed"].endswith(f"/feeds/entities/{jane['id']}.atom")
    assert found(client, desk, entity=str(jane["id"])) == ["bila_tserkva"]


def test_relevance_puts_the_headline_match_first_and_snippets_mark_the_matched_words(client, desk) -> None:  # type: ignore[no-untyped-def]
    """Given "railway" only in one headline and "station" in its body and another's, relevance lists it first."""
    answer = client.get("/v1/articles", params={"q": "ceasefire Kyiv"}).json()
    scores = [result["score"] for result in answer["results"]]
    assert scores == sorted(scores, reverse=True) and all(score > 0 for score in scores)
    snippet = answer["results"][0]["snippet"]
    assert "<mark>" in snippet and "ceasefire</mark>" in snippet.lower()


def test_fields_trim_each_result_and_body_comes_only_when_asked(client, desk) -> None:  # type: ignore[no-untyped-def]
    default = client.get("/v1/articles", params={"source": "agency"}).json()["results"][0]
    assert "body" not in default and default["url"].endswith(f"/articles/{default['id']}")
    assert default["places"][0]["geonameid"] == 710791
    trimmed = client.get("/v1/articles", params={"source": "agency", "fields": "headline,body"}).json()
    assert trimmed["results"] == [{"id": default["id"], "headline": "Ceasefire collapses near Bila Tserkva",
                                   "body": "Shelling resumed near Bila Tserkva, Jane Doe said."}]


def test_facets_count_the_matches_per_country_place_entity_source_and_day(client, desk) -> None:  # type: ignore[no-untyped-def]
    facets = client.get("/v1/articles/facets", params={"q": "ceasefire OR strike"}).json()
    assert facets["total"] == 4
    assert facets["countries"] == [{"country_code": "UA", "count": 3}, {"country_code": "PH", "count": 1}]
    assert facets["places"][0] == {"geonameid": 703448, "name": "Kyiv", "country_code": "UA", "lat": 50.45466,
                                   "lon": 30.5238, "count": 2}
    assert {e["name"]: e["count"] for e in facets["entities"]} == {"United Nations": 2, "Jane Doe": 1}
    assert {s["source"]: s["count"] for s in facets["sources"]} == {"wire": 3, "agency": 1}
    assert sum(d["count"] for d in facets["days"]) == 4
    assert [d["day"] for d in facets["days"]] == sorted(d["day"] for d in facets["days"])
