"""Recognition: datelines, the gazetteer layer, and names that only look like places."""

from __future__ import annotations

from services.enrich.pipeline import Enricher
from services.enrich.recognition.dateline import datelines
from services.enrich.recognition.mention import Mention
from services.enrich.recognition.relabel import merge
from tests.enrich.helpers import entity_named, place_named, place_surfaces


def test_dateline_forms_are_found() -> None:
    text = "KUALA LUMPUR, March 3 (Reuters) - Talks began.\nOSLO 1998-02-11\nSPORTS - A headline."
    assert [text[s:e] for s, e in datelines(text)] == ["KUALA LUMPUR", "OSLO", "SPORTS"]


def test_dateline_place_is_recognised_and_resolved(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["MANILA, Aug 6 — Fishermen returned to port after the typhoon passed."])
    manila = place_named(result, "MANILA")
    assert manila.geonameid == 1701668 and manila.mentions[0].start == 0


def test_upper_case_words_that_are_not_places_are_no_dateline(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["SPORTS - The local rowing club won its third regatta in a row."])
    assert "SPORTS" not in place_surfaces(result)


def test_foreign_ministry_is_an_organisation_not_a_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["The Russian Foreign Ministry summoned the ambassador on Tuesday."])
    assert place_surfaces(result) == set()
    assert entity_named(result, "Russian Foreign Ministry").label == "ORG"


def test_demonym_refers_to_its_country_and_stays_a_group(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Several Ukrainian farmers said the harvest was late."])
    assert (place_named(result, "Ukrainian").name, place_named(result, "Ukrainian").geonameid) == ("Ukraine", 690791)
    assert entity_named(result, "Ukrainian").label == "NORP"


def test_place_named_inside_an_organisation_is_a_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["The Nebraska Supreme Court ruled on Friday."])
    assert place_named(result, "Nebraska").name == "Nebraska"
    assert entity_named(result, "Nebraska Supreme Court").label == "ORG"


def test_physical_features_come_from_the_gazetteer_layer(enricher: Enricher) -> None:
    text = "Tankers waited in the Strait of Hormuz while storms crossed the Arabian Sea."
    (result,) = enricher.enrich([text])
    assert {"Strait of Hormuz", "Arabian Sea"} <= place_surfaces(result)
    assert place_named(result, "Arabian Sea").feature_class == "H"


def test_person_named_like_a_town_is_not_a_place(enricher: Enricher) -> None:
    text = "Coach Tyler Jackson praised the defence. Jackson said the team had improved."
    (result,) = enricher.enrich([text])
    assert "Jackson" not in place_surfaces(result)


def test_city_state_apposition_gives_both_places(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["The plant in Springfield, Ill., will close next spring."])
    assert place_named(result, "Springfield").country_code == "US"
    assert place_named(result, "Ill.").name == "Illinois"


def test_plural_demonym_names_people_not_a_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Thousands of Ukrainians crossed the border, Polish officials said."])
    assert "Ukrainians" not in place_surfaces(result) and "Polish" in place_surfaces(result)
    assert entity_named(result, "Ukrainians").label == "NORP"


def test_a_nationality_word_is_never_a_persons_name(enricher: Enricher) -> None:
    """Given a nationality word that opens with a given name ("Sri Lankan"),
    When the article is enriched,
    Then it refers to its country and is no person."""
    (result,) = enricher.enrich(["Nobody in the Sri Lankan political establishment is sure the truce will hold."])
    people = {m.text for e in result.entities if e.label == "PERSON" for m in e.mentions}
    assert "Sri Lankan" not in people
    assert place_named(result, "Sri Lankan").country_code == "LK"


def test_spacy_person_on_a_word_that_only_names_a_people_becomes_that_people() -> None:
    """Given spaCy calling "Burkinabe" a person and the gazetteer knowing it only as a people's name,
    When the two are merged, Then the word is a nationality that refers to its country."""
    ner = [Mention(4, 13, "Burkinabe", "PERSON", "ner")]
    layer = [Mention(4, 13, "Burkinabe", "NORP", "gazetteer", demonym=True)]
    (merged,) = merge(ner, layer)
    assert merged.label == "NORP" and merged.demonym and merged.is_place
