"""How likely a name means a place before the article is read: kind of place, size, and how it matched."""

from __future__ import annotations

import math

from ..gazetteer.index import Candidate
from ..gazetteer.store import ALTERNATE, NAME

FEATURE_PRIOR = {"PCLI": 3.0, "CONT": 3.0, "PPLC": 2.0, "ADM1": 1.5}
POPULATION_WEIGHT = 0.4  # per factor of ten
# Seas, straits, mountain ranges and regions are famous by nature; a creek or hill of the same name is not. The
# index's single mountains and volcanoes are the hand-picked famous ones of features.tsv ("Etna" is the volcano
# more than Etna, Pennsylvania, a borough of 3,000, unless the story is about Pittsburgh).
# The same holds for the airports the index has: only the world's busiest, named on their own ("Heathrow", not
# Heathrow, Florida).
_FAMOUS_FEATURES = frozenset({"OCN", "SEA", "GULF", "STRT", "RGN", "MTS", "DSRT", "PEN", "CNL", "BAY", "LKS",
                              "MT", "VLC", "AIRP"})
_KIND_PRIOR = {NAME: 0.0, ALTERNATE: -1.5}


def prior(candidate: Candidate) -> float:
    """Feature weight, plus a log of the population, less a little for names that are not the place's own."""
    if candidate.feature_code in _FAMOUS_FEATURES:
        feature = 3.0
    elif candidate.feature_code in FEATURE_PRIOR:
        feature = FEATURE_PRIOR[candidate.feature_code]
    else:
        feature = 1.0 if candidate.feature_class in ("H", "T", "L") else 0.0
    return feature + _KIND_PRIOR.get(candidate.kind, -0.3) + POPULATION_WEIGHT * math.log10(candidate.population + 1)
