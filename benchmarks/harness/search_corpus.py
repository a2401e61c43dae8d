"""The search benchmark's articles: the eval texts (else the samples) with their real enrichments, permuted and
re-dated into as many stories as asked, and the typical queries an editor would run over them.

Texts are read at run time and never written anywhere; each copy shuffles its base text's sentences, so no
two stories share a body, and keeps the places and entities newsflow's own enrich stage found in it.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from benchmarks.harness.corpus import Text, load_texts
from benchmarks.harness.stories import Story, StoryPlace
from shared.enrichment import Enrichment

SOURCES = tuple(f"wire-{n}" for n in range(1, 11))
DAYS = 60  # stories are spread over the last two months
PLACE_LABELS = {"GPE", "LOC", "FAC"}
STOP_WORDS = frozenset({"about", "above", "after", "again", "against", "because", "before", "being", "below",
                        "between", "could", "doing", "during", "further", "having", "herself", "himself", "itself",
                        "myself", "other", "ourselves", "should", "their", "theirs", "there", "these", "themselves",
                        "those", "through", "under", "until", "where", "which", "while", "would", "yours",
                        "yourself", "yourselves"})
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Base:
    """One corpus text and what enrich found in it."""

    text: Text
    places: tuple[StoryPlace, ...]
    entities: tuple[tuple[str, str], ...]
    focus_country: str | None
    enrichment: Enrichment


def enriched_texts() -> tuple[str, list[Base]]:
    """(corpus name, its texts with their enrichments by newsflow's own enrich stage)."""
    from services.enrich.pipeline import get_enricher

    name, texts = load_texts()
    enrichments = get_enricher().enrich([f"{t.headline}\n\n{t.body}" for t in texts])
    return name, [_base(text, found) for text, found in zip(texts, enrichments, strict=True)]


def _base(text: Text, found: Enrichment) -> Base:
    places = tuple({p.geonameid: StoryPlace(p.geonameid, p.name, p.country_code or "", p.lat, p.lon,
                                            p.feature_code or "PPL", p.admin1_code)
                    for p in found.places if p.geonameid and p.lat is not None and p.lon is not None}.values())
    entities = tuple(dict.fromkeys((e.label, e.name) for e in found.entities if e.label not in PLACE_LABELS))
    return Base(text, places, entities, found.focus.country_code, found)


def stories(bases: list[Base], count: int, seed: int = 16) -> Iterator[Story]:
    """``count`` stories: the bases over and over, sentences shuffled, sources and dates spread."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    for index in range(count):
        base = bases[index % len(bases)]
        sentences = _SENTENCE.split(base.text.body)
        if index >= len(bases):
            rng.shuffle(sentences)
        yield Story(base.text.headline, " ".join(sentences), now - timedelta(seconds=rng.uniform(0, DAYS * 86400)),
                    source=rng.choice(SOURCES), places=base.places, entities=base.entities,
                    focus_country=base.focus_country, guid=f"bench-search-{seed}-{index}",
                    enrichment=base.enrichment)


def typical_queries(bases: list[Base]) -> dict[str, dict[str, str]]:
    """The issue's typical queries, aimed at what the corpus talks about most."""
    divisions = Counter(p for b in bases for p in b.places if p.feature_code == "ADM1" and p.admin1_code)
    towns = Counter(p for b in bases for p in b.places if p.feature_code.startswith("PPL"))
    entities = Counter(e for b in bases for e in b.entities if e[0] in ("PERSON", "ORG"))
    words = Counter(w.lower() for b in bases for w in re.findall(r"[A-Za-z]{5,}", b.text.body))
    # Common, not a stop word (PostgreSQL's english configuration drops those: "between" would find nothing).
    word = next(w for w, _ in words.most_common(300)[40:] if w not in STOP_WORDS)
    pairs = Counter(" ".join(pair).lower() for b in bases for pair in re.findall(r"\b([A-Za-z]{4,}) ([A-Za-z]{4,})\b",
                                                                              b.text.body))
    phrase = pairs.most_common(100)[20][0]  # a phrase desks use, not the corpus's commonest ("police said")
    division, town = divisions.most_common(1)[0][0], towns.most_common(1)[0][0]
    entity = entities.most_common(1)[0][0][1]
    return {
        "a word": {"q": word},
        "a phrase": {"q": f'"{phrase}"'},
        "place + contained": {"place": str(division.geonameid), "include": "contained"},
        "near a point": {"near": f"{town.lat},{town.lon},50"},
        "an entity": {"entity": entity},
        "newest, no filter": {},
        "words + place + 7 days": {"q": word, "place": str(division.geonameid), "include": "contained",
                                   "since": "7d"},
    }
