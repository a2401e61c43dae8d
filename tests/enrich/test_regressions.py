"""Self-written annotated articles whose places were once or could easily be resolved wrongly."""

from __future__ import annotations

import pytest

from services.enrich.pipeline import Enricher
from tests.enrich.helpers import entity_named, place_named

# (article, surface, expected country code, expected first-level division or None, expected feature code or None)
ARTICLES = [
    ("MANILA, Aug 6 — Ferries stayed in port in Manila as the storm crossed Luzon.", "Manila", "PH", None, None),
    ("Ukraine said on Monday that drones struck a depot in Crimea overnight.", "Crimea", "UA", None, None),
    ("Washington said on Tuesday it would send more aid, the State Department announced.",
     "Washington", "US", "DC", None),
    ("Apple growers in Yakima and Wenatchee say Washington faces its worst frost in years.",
     "Washington", "US", "WA", "ADM1"),
    ("Protesters filled the streets of Tbilisi as Georgia's parliament voted; Russia criticised Georgia.",
     "Georgia", "GE", None, "PCLI"),
    ("Voters in Atlanta, Savannah and Macon helped decide the race for Georgia's governor.",
     "Georgia", "US", "GA", "ADM1"),
    ("Tourists crowded the Louvre in Paris, France, as the Seine rose.", "Paris", "FR", None, None),
    ("The county fair in Paris, Texas, drew visitors from Dallas and Texarkana.", "Paris", "US", "TX", None),
    ("Ranchers across Texas prayed for rain as drought spread from Austin to Lubbock.", "Texas", "US", "TX", "ADM1"),
]

DIVISION_NAMES = {"DC": "District of Columbia", "WA": "Washington", "GA": "Georgia", "TX": "Texas"}


@pytest.mark.parametrize("text, surface, country, admin1, feature", ARTICLES,
                         ids=[f"{a[1]}-{a[2]}-{a[3] or a[4] or 'any'}" for a in ARTICLES])
def test_place_resolves_in_its_context(enricher: Enricher, text: str, surface: str, country: str | None,
                                       admin1: str | None, feature: str | None) -> None:
    (result,) = enricher.enrich([text])
    place = place_named(result, surface)
    assert place.lat is not None and place.country_code == country
    if feature:
        assert place.feature_code == feature
    if admin1:
        assert (place.admin1_code, place.admin1_name) == (admin1, DIVISION_NAMES[admin1])
    if admin1 == "DC":
        assert place.feature_code == "PPLC"  # the capital, speaking for its government


def test_crimea_is_disputed_between_ukraine_and_russia(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Ukraine said on Monday that drones struck a depot in Crimea overnight."])
    assert set(place_named(result, "Crimea").disputed) == {"UA", "RU"}


def test_town_teams_in_a_results_table_are_organisations(enricher: Enricher) -> None:
    """Given a results table, the towns' clubs are organisations, and so are their later mentions."""
    text = ("Football results on Saturday:\nAshby Rovers 2 Elmford 1\nElmford 0 Carrick United 3\n"
            "Elmford have now lost twice.")
    (result,) = enricher.enrich([text])
    assert entity_named(result, "Ashby Rovers").label == "ORG"
    elmford = [e for e in result.entities if e.name == "Elmford"]
    assert elmford and all(e.label == "ORG" for e in elmford) and len(elmford[0].mentions) == 3


def test_athlete_in_a_results_table_stays_a_person(enricher: Enricher) -> None:
    text = "Women's high jump:\n1. Natalya Petrova ( Russia ) 1.95\n2. Maria Lopez ( Spain ) 1.93"
    (result,) = enricher.enrich([text])
    assert entity_named(result, "Natalya Petrova").label == "PERSON"
    assert entity_named(result, "Maria Lopez").label == "PERSON"
    assert place_named(result, "Spain").country_code == "ES"


def test_initial_and_surname_is_a_person(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Batting: J. Hartwell 54, R. Okonkwo not out 12."])
    assert entity_named(result, "J. Hartwell").label == "PERSON"


def test_event_entities_are_kept(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Athletes from Kenya won three medals at the Olympic Games in Tokyo."])
    assert any(e.label == "EVENT" for e in result.entities)


def test_focus_is_the_dateline_city_and_its_country(enricher: Enricher) -> None:
    text = ("MANILA, Aug 6 — The Philippines closed schools in Manila and Quezon City. "
            "A ferry from Cebu was delayed; officials in Tokyo offered help.")
    (result,) = enricher.enrich([text])
    assert result.focus.country_code == "PH" and result.focus.city and result.focus.city.name == "Manila"
    assert result.focus.country and result.focus.country.name == "Philippines"


def test_salience_ranks_by_mentions_then_first_position(enricher: Enricher) -> None:
    text = "Anna Kowalski met Peter Brandt in Oslo. Kowalski said talks went well, and Kowalski left."
    (result,) = enricher.enrich([text])
    top = result.salience[0]
    assert (top.label, top.name, top.count, top.first) == ("PERSON", "Anna Kowalski", 3, 0)
