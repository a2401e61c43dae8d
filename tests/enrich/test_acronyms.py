"""Organisations by their cues: acronyms tied to their long forms, names ending in an organisation word."""

from __future__ import annotations

from services.enrich.pipeline import Enricher
from services.enrich.recognition.acronyms import definitions
from tests.enrich.helpers import entity_named, place_surfaces


def _defined(text: str) -> dict[str, str]:
    return {text[a:b]: text[s:e] for (a, b), (s, e) in definitions(text)}


def test_long_form_then_acronym_is_a_definition() -> None:
    text = "Leaders of the Association of Southeast Asian Nations (ASEAN) met on Friday."
    assert _defined(text) == {"ASEAN": "Association of Southeast Asian Nations"}


def test_acronym_then_long_form_is_a_definition() -> None:
    text = "Officials from NATO (North Atlantic Treaty Organization) arrived."
    assert _defined(text) == {"NATO": "North Atlantic Treaty Organization"}


def test_brackets_that_do_not_spell_the_acronym_are_no_definition() -> None:
    assert _defined("The shares of Brindle Holdings (NYSE) rose, said Chief Executive Officer (BRX) Tom Hale.") == {}


def test_acronym_mentions_merge_into_the_long_form(enricher: Enricher) -> None:
    text = ("ASEAN ministers gathered in Jakarta on Monday. The Association of Southeast Asian Nations (ASEAN) "
            "said the talks would go on. A spokesman for ASEAN declined to comment.")
    (result,) = enricher.enrich([text])
    org = entity_named(result, "Association of Southeast Asian Nations")
    assert org.label == "ORG" and org.name == "Association of Southeast Asian Nations"
    assert sum(m.text == "ASEAN" for m in org.mentions) == 3
    assert not [e for e in result.entities if e.name == "ASEAN"]
    assert "Jakarta" in place_surfaces(result)


def test_acronym_first_order_merges_too(enricher: Enricher) -> None:
    text = ("The QFDA (Quillon Food and Drug Agency) recalled the tins on Tuesday. "
            "Inspectors from the QFDA visited three plants.")
    (result,) = enricher.enrich([text])
    org = entity_named(result, "QFDA")
    assert org.label == "ORG" and org.name == "Quillon Food and Drug Agency"
    assert sum(m.text == "QFDA" for m in org.mentions) == 2


def test_entity_rows_keep_their_keys(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["The Marlow Rowing Union (MRU) held its regatta. The MRU thanked volunteers."])
    assert all(set(row) == {"label", "name", "mentions"} for row in result.model_dump()["entities"])


def test_names_ending_in_an_organisation_word_are_organisations(enricher: Enricher) -> None:
    text = ("Shares in Pelham Brothers Corporation fell after Daventry Town FC signed a striker, "
            "and Ohio Valley University said it would sue.")
    (result,) = enricher.enrich([text])
    for name in ("Pelham Brothers Corporation", "Daventry Town FC", "Ohio Valley University"):
        hits = [e for e in result.entities if e.name == name]
        assert hits and all(e.label == "ORG" for e in hits), name


def test_a_place_ending_in_an_organisation_word_stays_a_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Settlers in the West Bank protested on Sunday."])
    assert "West Bank" in place_surfaces(result)


def test_a_place_opening_an_organisation_stays_a_place(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["The Ohio Supreme Court ruled on Monday that the map was fair."])
    assert "Ohio" in place_surfaces(result)
    assert entity_named(result, "Ohio Supreme Court").label == "ORG"
