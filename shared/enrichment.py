"""The enrichment contract: what the enrich stage finds in an article version (schema version 1).

The enrich stage builds an ``Enrichment``; the store writes it to the version's JSON column and reads it back
through ``Enrichment.model_validate``; the HTTP body, ``newsflow enrich --jsonl``, the announcement, the
mirrors' ninjs body, the feeds, the console and the CLI all read these objects. A field added here reaches
every output that derives from the model.

    Enrichment ── places:   Place (Located + confidence) ── mentions: Mention
               ── entities: Entity ── mentions: Mention
               ── salience: Salience
               ── focus:    Focus ── country, city: FocusPlace (Located + weight)

Fields added after schema version 1 was first written have defaults, so every stored enrichment still reads.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict


class _Contract(BaseModel):
    # A tolerant reader: a field a newer writer added within the same schema version (a rolling deploy) is
    # ignored, not a reason to fail every page that shows the article. A new schema version is refused.
    model_config = ConfigDict(frozen=True, extra="ignore")


class Mention(_Contract):
    """Where the text names something: character offsets into headline, blank line, body."""

    start: int
    end: int
    text: str


class Located(_Contract):
    """A place as the gazetteer knows it; ``geonameid`` and the point are None for a place it does not know."""

    name: str
    geonameid: int | None
    country_code: str | None
    lat: float | None
    lon: float | None
    # The GeoNames first-level division (a US state, a province): its admin1 code and its name.
    admin1_code: str | None = None
    admin1_name: str | None = None
    feature_class: str | None = None
    feature_code: str | None = None
    disputed: tuple[str, ...] = ()  # ISO codes of the countries that claim it, when more than one does


class Place(Located):
    """A place the article names, how sure the resolution is, and every mention of it."""

    confidence: float | None = None
    mentions: tuple[Mention, ...] = ()


class Entity(_Contract):
    """A person, organisation or other named thing, under its canonical name."""

    label: str  # PERSON | ORG | NORP | GPE | LOC | FAC | EVENT
    name: str
    mentions: tuple[Mention, ...] = ()


class Salience(_Contract):
    """How often and how early the article names an entity."""

    label: str
    name: str
    count: int
    first: int


class FocusPlace(Located):
    """The article's main country or city, and how much the article weighs it."""

    weight: float


FocusReason = Literal["dateline", "located", "salience"]


class Focus(_Contract):
    """Where the story is: its main country (by ISO code, named when the article names it) and main city.

    ``reason`` says what decided it: the ``dateline`` the story was filed under, the ``located`` place the
    sender gave (ninjs ``located``), or, with neither, ``salience``: the place named most, earliest and most
    specifically. The country routes the article (country feeds, the announcement's routing key).
    """

    country_code: str | None = None
    country: FocusPlace | None = None
    city: FocusPlace | None = None
    reason: FocusReason | None = None


class Enrichment(_Contract):
    """Places, entities, salience and focus of one article version."""

    schema_version: Literal[1] = 1
    places: tuple[Place, ...] = ()
    entities: tuple[Entity, ...] = ()
    salience: tuple[Salience, ...] = ()
    focus: Focus = Focus()


# The longest text the enrich stage takes (some 16,000 words; rare in news): it finishes well within the task's
# time limit (docs/performance.md, "Longest text"). Ingest refuses longer texts (413); one enrich task takes at
# most this many characters in all, however many articles its batch holds.
LONGEST_TEXT = 100_000
PLACE_FIELDS = tuple(name for name in Place.model_fields if name != "mentions")
"""The fields of a place every output carries beside its mentions."""
