"""The enrich stage's entry point: texts in, places and canonical entities out.

What counts as a place (chosen for geotagging news, measured by `make eval`, benchmarks/eval.py):
- spaCy's GPE/LOC/FAC spans, the gazetteer layer's countries, divisions, seas and regions, datelines, and
  known place names after "in"/"at"/"near" or "Name, 41, of" (whatever spaCy labelled them);
- local news's hometowns ("Rep. Ann Lee, D-Springfield", "a Winona man", "Grovetown police") and the
  names in a list of counties ("Barrow, Jackson and Hall counties", each its county);
- a nationality adjective refers to its country ("Russian troops" -> Russia) and is a place; its plural
  ("Russians") names people and is only a NORP entity;
- a place that opens an organisation's name ("Ohio Supreme Court") or follows its "of" is a place too, but
  a nationality word inside one ("Russian Foreign Ministry") is not;
- a one-word name the gazetteer does not know is no place (spaCy's GPE on a surname or a brand), though it
  stays an entity; a longer unknown name ("Oakport Township") is kept without coordinates.
spaCy reads shouted lines (wire headlines) re-cased, offsets unchanged (recognition/casing.py).
Every place is also an entity (GPE, LOC or FAC, named by its resolved place; NORP under its own word), so
``entities`` lists everything; the CoNLL scorer counts places as LOC either way. The price of the two rules
above is CoNLL LOC precision, where nationality words are MISC and city-named clubs ORG.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from functools import lru_cache

from shared import enrichment as contract
from shared.enrichment import Enrichment, Entity, Place
from shared.settings import Settings, get_settings

from .recognition.acronyms import link
from .recognition.casing import recased
from .recognition.entities import group_mentions, surname_labels
from .recognition.mention import Mention
from .resolution.focus import focus, salience
from .resolution.resolve import Resolution

# Components the NER does not need; leaving them out roughly halves the time per article. The model's NER has
# its own embedding layer (the shared "tok2vec" has no listeners once tagger and parser are gone), so that
# component would only fill doc.tensor, which nothing reads: leaving it out too saves another ~12 %.
_UNUSED_PIPES = ["lemmatizer", "parser", "tagger", "attribute_ruler", "tok2vec"]
# spaCy's small matrices run ~1.6x faster through numpy's OpenBLAS on one thread than through blis, and
# OpenBLAS threads only fight each other (and the other worker processes) for the cores. Read when numpy
# loads, so it is set on import of this module, before spaCy.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _spans(mentions: Sequence[Mention]) -> tuple[contract.Mention, ...]:
    return tuple(contract.Mention(start=m.start, end=m.end, text=m.text)
                 for m in sorted(mentions, key=lambda m: m.start))


def _place(resolution: Resolution) -> Place:
    c = resolution.candidate
    where = c.located() if c else {"geonameid": None, "country_code": None, "lat": None, "lon": None}
    return Place(name=resolution.name, **where, confidence=resolution.confidence, mentions=_spans(resolution.mentions))


def _place_entities(resolution: Resolution) -> list[Entity]:
    """A place as entities: one under the place's name, one per demonym word (a NORP group) it was named by."""
    places = [m for m in resolution.mentions if not m.demonym]
    groups: dict[str, list[Mention]] = {}
    for mention in resolution.mentions:
        if mention.demonym:
            groups.setdefault(mention.text, []).append(mention)
    entities = [Entity(label=places[0].label, name=resolution.name, mentions=_spans(places))] if places else []
    return entities + [Entity(label="NORP", name=word, mentions=_spans(found)) for word, found in groups.items()]


class Enricher:
    """spaCy and the gazetteer, loaded once per process; one worker child calls it at a time."""

    def __init__(self, settings: Settings | None = None) -> None:
        import spacy
        from thinc.api import NumpyOps, set_current_ops

        from .gazetteer.build import ensure_built
        from .gazetteer.index import Gazetteer
        from .recognition.recognize import Recognizer

        set_current_ops(NumpyOps(use_blis=False))  # before the model is loaded: its layers keep these ops
        settings = settings or get_settings()
        self.gazetteer = Gazetteer(ensure_built(settings.gazetteer_file))
        self.nlp = spacy.load(settings.spacy_model, exclude=_UNUSED_PIPES)
        self.recognizer = Recognizer(self.gazetteer)
        self._lock = threading.Lock()

    def enrich(self, texts: Sequence[str], located: Sequence[str | None] | None = None) -> list[Enrichment]:
        """Places and entities of each text, in order; texts go through spaCy in one batch.

        ``located``, one per text where given, is the place the sender said the story was filed from (ninjs
        ``located``): the focus when the text has no dateline.
        """
        filed = list(located) if located is not None else [None] * len(texts)
        with self._lock:
            docs = self.nlp.pipe((recased(text, self.recognizer.is_name) for text in texts), batch_size=32)
            return [self._enrich_doc(doc, text, where)
                    for doc, text, where in zip(docs, texts, filed, strict=True)]

    def _enrich_doc(self, doc, text: str, located: str | None = None) -> Enrichment:
        from .resolution.resolve import locate, reportable, resolve

        mentions, names = link(text, surname_labels(self.recognizer.recognize(doc, text)))
        places = [m for m in mentions if m.is_place]
        resolutions = resolve(text, places, self.gazetteer)
        others = [m for m in mentions if not m.is_place]
        entities = [Entity(label=label, name=name, mentions=_spans(found))
                    for label, name, found in group_mentions(others, names)]
        entities += [e for r in resolutions for e in _place_entities(r)]
        places_found = tuple(_place(r) for r in resolutions if reportable(r))
        given = locate(located, resolutions, self.gazetteer) if located else None
        return Enrichment(places=places_found, entities=tuple(entities), salience=salience(entities),
                          focus=focus(resolutions, given, self.gazetteer.country, text))


@lru_cache(maxsize=1)
def get_enricher() -> Enricher:
    """The process's enricher, made on first use. Deliberately not in shared/state.py's registry: it is loaded
    before fork and shared with the pool children, and reloading the model on every reset costs seconds."""
    return Enricher()

