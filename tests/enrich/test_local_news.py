"""Local news: hometowns, bylines, places nested in facility names, and towns that lie near each other."""

from __future__ import annotations

from services.enrich.gazetteer.index import Gazetteer
from services.enrich.pipeline import Enricher
from services.enrich.recognition.dateline import datelines
from services.enrich.recognition.mention import Mention
from services.enrich.resolution.colocation import neighbours
from services.enrich.resolution.resolve import candidates_for
from tests.enrich.helpers import place_named, place_surfaces


def test_town_resolves_next_to_a_county_that_shares_its_region(enricher: Enricher) -> None:
    """Given a town and a county both named in many states,
    When the article names them together,
    Then the town is the one that lies in (or next to) a county of that name, not the most famous one."""
    text = ("Firefighters from Paris put out a barn fire on Tuesday night. Nobody was hurt, "
            "the Henry County sheriff said, and the road reopened by morning.")
    (result,) = enricher.enrich([text])
    paris, county = place_named(result, "Paris"), place_named(result, "Henry County")
    assert paris.country_code == "US" and county.country_code == "US"
    assert (paris.lat is not None and county.lat is not None
            and abs(paris.lat - county.lat) < 0.7 and abs((paris.lon or 0) - (county.lon or 0)) < 0.7)


def test_hamlets_named_like_big_cities_do_not_pull_each_other(enricher: Enricher) -> None:
    """Given three famous city names that small towns elsewhere also bear, close to one another,
    When an article lists the cities,
    Then each is the famous city: a likely reading is not given up for a cluster of unlikely ones."""
    (result,) = enricher.enrich(["The orchestra played Boston, Chicago and Houston before it flew to Tokyo."])
    assert place_named(result, "Boston").geonameid == 4930956
    assert place_named(result, "Chicago").geonameid == 4887398
    assert place_named(result, "Houston").geonameid == 4699066


def test_neighbours_count_only_other_names_close_by(gazetteer: Gazetteer) -> None:
    """Given two names with readings in one region, each reading there is backed by the other name only."""
    found = {"paris": gazetteer.lookup("Paris"), "henry county": gazetteer.lookup("Henry County")}
    support = neighbours(found)
    tennessee = next(c for c in found["paris"] if c.admin1 == "TN")
    france = next(c for c in found["paris"] if c.country_code == "FR")
    assert 0 < support[tennessee.id] <= 1.0
    assert france.id not in support


def test_legislators_district_is_a_place(enricher: Enricher) -> None:
    """Given a legislator written with party and district ("D-Raleigh"),
    When the article is enriched,
    Then the district's town is a place, though spaCy saw none there."""
    (result,) = enricher.enrich(["The bill was backed by Rep. Carla Munro, D-Raleigh, and two colleagues "
                                 "before the D-Day anniversary."])
    assert "Raleigh" in place_surfaces(result) and "Day" not in place_surfaces(result)
    assert place_named(result, "Raleigh").country_code == "US"


def test_town_used_for_its_people_and_services_is_a_place(enricher: Enricher) -> None:
    """Given a town named as an adjective ("a Winona man", "Grand Ledge police"),
    Then the town is a place; surnames before "family" and words opening a sentence are not."""
    text = ("A Winona man was treated for burns after the fire, and Grand Ledge police closed the road. "
            "Many women volunteered. The Becker family thanked them.")
    (result,) = enricher.enrich([text])
    surfaces = place_surfaces(result)
    assert {"Winona", "Grand Ledge"} <= surfaces
    assert not {"Many", "Becker"} & surfaces


def test_byline_date_and_colon_datelines_are_found() -> None:
    """Given a dateline after a byline's date, or one closed by a colon, both are datelines."""
    text = "By Jo Ames, Staff Writer March 3, 2010 NEWARK -- The council met.\nBEIRUT: Talks resumed."
    assert [text[s:e] for s, e in datelines(text)] == ["NEWARK", "BEIRUT"]


def test_unknown_facility_is_placed_in_the_place_it_opens_with(gazetteer: Gazetteer) -> None:
    """Given a place name the gazetteer lacks that opens with a known county ("Henderson County Jail"),
    When it is resolved,
    Then its candidates are that county's readings, so it gets the county's coordinates."""
    found = candidates_for(gazetteer, Mention(0, 21, "Henderson County Jail", "FAC", "ner"))
    assert found and {c.name for c in found} == {"Henderson County"}
    assert candidates_for(gazetteer, Mention(0, 12, "Park Library", "FAC", "ner")) == ()


def test_a_facility_named_after_a_town_does_not_vouch_for_the_town(enricher: Enricher) -> None:
    """Given a town named again inside a facility's name ("Paris City Hall"),
    When the facility is placed in the town,
    Then that second name is not taken as independent evidence for the town's most famous reading."""
    text = ("A Paris man was arrested at Paris City Hall on Sunday. He was booked into the jail, "
            "the Henry County sheriff said.")
    (result,) = enricher.enrich([text])
    assert place_named(result, "Paris").country_code == "US"


def test_city_followed_by_its_one_reading_district_resolves_there(enricher: Enricher) -> None:
    """Given "Washington, D.C." in an article that also names a city in Washington state,
    Then Washington is the capital, as the name after the comma says."""
    (result,) = enricher.enrich(["She moved from Seattle to Washington, D.C., last spring to work for a senator."])
    assert place_named(result, "Washington").geonameid == 4140963


def test_names_in_a_list_of_counties_are_those_counties(enricher: Enricher) -> None:
    """Given "In Barrow, Jackson and Madison counties", whatever spaCy made of the three names,
    When the article is enriched,
    Then each name is a place, resolved to the county of that name (in one state, as they lie together)."""
    (result,) = enricher.enrich(["In Barrow, Jackson and Madison counties the school boards voted on Tuesday."])
    places = [place_named(result, name) for name in ("Barrow", "Jackson", "Madison")]
    assert [p.name for p in places] == ["Barrow County", "Jackson County", "Madison County"]
    assert {p.feature_code for p in places} == {"ADM2"}
    lats = [p.lat or 0.0 for p in places]
    assert max(lats) - min(lats) < 1.0  # neighbouring counties, not three namesakes across the country


def test_of_after_an_age_or_a_town_word_says_where(enricher: Enricher) -> None:
    """Given a police-blotter "Name, 41, of Town" and "the city of Town",
    When the article is enriched, Then both towns are places, whatever spaCy labelled them."""
    text = "Dana Kirby, 41, of Huntsville was charged with theft. Officials of the city of Lawrenceburg agreed."
    (result,) = enricher.enrich([text])
    assert {"Huntsville", "Lawrenceburg"} <= place_surfaces(result)
