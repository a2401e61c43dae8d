"""Canonical entities: name variants of one person merged within an article."""

from __future__ import annotations

from services.enrich.pipeline import Enricher
from services.enrich.recognition.entities import person_names
from services.enrich.recognition.mention import Mention
from tests.enrich.helpers import entity_named


def _people(*names: str) -> list[Mention]:
    return [Mention(i * 100, i * 100 + len(n), n, "PERSON", "ner") for i, n in enumerate(names)]


def test_surname_merges_into_the_full_name() -> None:
    assert person_names(_people("Sergey Lavrov", "Lavrov"))["Lavrov"] == "Sergey Lavrov"


def test_spelling_variant_merges_into_the_first_full_name() -> None:
    assert person_names(_people("Sergey Lavrov", "Sergei Lavrov"))["Sergei Lavrov"] == "Sergey Lavrov"


def test_different_people_with_one_surname_stay_apart() -> None:
    names = person_names(_people("Hillary Clinton", "Bill Clinton"))
    assert names["Bill Clinton"] == "Bill Clinton"


def test_article_mentions_of_one_person_become_one_entity(enricher: Enricher) -> None:
    (result,) = enricher.enrich(["Foreign Minister Sergey Lavrov arrived on Monday. Lavrov met reporters, "
                                 "and Sergei Lavrov later left for the airport."])
    lavrov = entity_named(result, "Lavrov")
    assert lavrov.label == "PERSON" and lavrov.name == "Sergey Lavrov"
    assert {m.text for m in lavrov.mentions} == {"Sergey Lavrov", "Lavrov", "Sergei Lavrov"}
