"""Resolution of place names to gazetteer entries with the article as context."""

from __future__ import annotations

from services.enrich.pipeline import Enricher
from tests.enrich.helpers import place_named, place_surfaces


def test_manila_is_the_philippine_capital(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Delegates gathered in Manila for a regional security forum."])
    manila = place_named(result, "Manila")
    assert (manila.geonameid, manila.country_code) == (1701668, "PH")
    assert abs(manila.lat - 14.6042) < 0.01 and abs(manila.lon - 120.9822) < 0.01


def test_moscow_is_the_russian_capital_not_the_idaho_town(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Officials in Moscow rejected the proposal on Friday."])
    assert place_named(result, "Moscow").geonameid == 524901


def test_context_moves_a_name_to_the_local_sense(enricher: Enricher) -> None:
    text = "The University of Idaho campus in Moscow, Idaho, reopened after the storm."
    (result,) = enricher.enrich([text])
    assert place_named(result, "Moscow").country_code == "US"


def test_crimea_is_the_disputed_region(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Ferries to Crimea were cancelled because of high winds."])
    crimea = place_named(result, "Crimea")
    assert crimea.geonameid == 703883 and crimea.disputed == ("UA", "RU")


def test_washington_as_a_government_is_the_capital(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Washington said the sanctions would stay in place until talks resume."])
    assert place_named(result, "Washington").geonameid == 4140963


def test_one_sense_per_name_within_an_article(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Paris, Texas, held a fair. Later, Paris hosted a parade downtown."])
    (paris,) = [p for p in result.places if p.name == "Paris"]
    assert paris.country_code == "US" and len(paris.mentions) == 2


def test_every_place_has_a_confidence_between_zero_and_one(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Flights from Nairobi to Lagos resumed, Kenya said."])
    assert result.places and all(0.0 < p.confidence <= 1.0 for p in result.places)


def test_unresolvable_place_is_kept_without_coordinates(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Rescuers reached the village of Zqorvanthiel in the Zqorvanthiel Valley."])
    unknown = [p for p in result.places if p.geonameid is None]
    assert unknown and all(p.lat is None and p.lon is None and p.confidence == 0.0 for p in unknown)


def test_names_for_one_place_become_one_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Russian officials said Russia would reply."])
    (russia,) = [p for p in result.places if p.geonameid == 2017370]
    assert [m.text for m in russia.mentions] == ["Russian", "Russia"]


def test_unknown_one_word_name_is_an_entity_not_a_place(enricher: Enricher) -> None:
    """Given a one-word name spaCy calls a place that no gazetteer entry knows, and a longer unknown name,
    When the article is enriched,
    Then the one-word name is reported as an entity only, while the longer name stays a place."""
    (result,) = enricher.enrich(["Officials in Zqorvanthia met residents of Upper Blorvick Township on Friday."])
    surfaces = place_surfaces(result)
    assert "Zqorvanthia" not in surfaces and "Upper Blorvick Township" in surfaces
    assert any(m.text == "Zqorvanthia" for e in result.entities for m in e.mentions)


def test_st_and_saint_are_one_word(enricher: Enricher) -> None:
    """Given "St. Paul", which the gazetteer spells "Saint Paul" for the big city and "St. Paul" for a village,
    When it is resolved, Then the abbreviation counts as the city's own name and the big city wins."""
    (result,) = enricher.enrich(["Fans lined the streets of St. Paul to cheer the team home."])
    assert place_named(result, "St. Paul").geonameid == 5045360
