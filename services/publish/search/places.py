"""Which stored places a search's place filters mean: one place and what lies inside it, a box, a circle.

Containment uses what enrichment stores of each place: its country and its GeoNames first-level division
(admin1). A country contains every place with its country code, a first-level division every place with its
country and admin1 code; which ids are countries and divisions comes from GeoNames data (shared.regions), so a
region no article named itself still finds its towns, else from the stored place's feature code.
A circle is a bounding box on the (lat, lon) index, then the exact great-circle distance.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session

from services.publish.search.filters import Box, Near
from shared.models import Place
from shared.regions import region

EARTH_KM = 6371.0088


def with_contained(session: Session, geonameid: int) -> Select[Any] | list[int]:
    """The place's id and, for a country or a first-level division, the ids of every place inside it."""
    if (known := region(geonameid)) is not None:
        inside = [Place.country_code == known.country_code]
        if known.admin1_code is not None:
            inside.append(Place.admin1_code == known.admin1_code)
        return select(Place.geonameid).where(or_(Place.geonameid == geonameid, and_(*inside)))
    place = session.get(Place, geonameid)
    if place is None or place.country_code is None:
        return [geonameid]
    code = place.feature_code or ""
    if code.startswith("PCL"):
        return select(Place.geonameid).where(Place.country_code == place.country_code)
    if code == "ADM1" and place.admin1_code:
        return select(Place.geonameid).where(Place.country_code == place.country_code,
                                             Place.admin1_code == place.admin1_code)
    return [geonameid]


# Countries, continents, oceans, seas and regions have a representative point, not a location: Ukraine's
# (49, 32) lies 190 km from Kyiv, so "near Kyiv" found every story naming Ukraine, from Kharkiv to Munich
# (fresh-eyes finding). Circles and boxes match places that have a location; divisions keep their point.
_NO_LOCATION = ("PCL", "TERR", "CONT", "RGN", "OCN", "SEA", "GULF", "STRT", "MTS", "DSRT", "PEN", "ZN")


def _located() -> Any:
    code = func.coalesce(Place.feature_code, "")
    return ~or_(*(code.startswith(prefix) for prefix in _NO_LOCATION))


def in_box(box: Box) -> Select[Any]:
    """The ids of located places inside the box (across the antimeridian when west > east)."""
    longitude = (Place.lon.between(box.west, box.east) if box.west <= box.east
                 else or_(Place.lon >= box.west, Place.lon <= box.east))
    return select(Place.geonameid).where(Place.lat.between(box.south, box.north), longitude, _located())


def within(session: Session, near: Near) -> list[int]:
    """The ids of located places within ``near.km`` of the point, by great-circle distance."""
    rows = session.execute(select(Place.geonameid, Place.lat, Place.lon).where(*_box_around(near), _located()))
    return [geonameid for geonameid, lat, lon in rows if distance_km(near.lat, near.lon, lat, lon) <= near.km]


def _box_around(near: Near) -> list[Any]:
    """Index conditions on (lat, lon) for a box holding the circle."""
    degrees = math.degrees(near.km / EARTH_KM)
    south, north = near.lat - degrees, near.lat + degrees
    if south <= -90 or north >= 90:  # a pole inside: every longitude
        return [Place.lat.between(max(south, -90), min(north, 90))]
    spread = math.degrees(math.asin(min(1.0, math.sin(near.km / EARTH_KM) / math.cos(math.radians(near.lat)))))
    west, east = near.lon - spread, near.lon + spread
    if spread >= 180:
        return [Place.lat.between(south, north)]
    if west < -180 or east > 180:  # across the antimeridian
        west, east = (west + 360 if west < -180 else west), (east - 360 if east > 180 else east)
        return [Place.lat.between(south, north), or_(Place.lon >= west, Place.lon <= east)]
    return [Place.lat.between(south, north), Place.lon.between(west, east)]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine) in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((phi2 - phi1) / 2) ** 2
         + math.cos(phi1) * math.cos(phi2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


def in_country(country: str) -> Select[Any]:
    """The ids of places in a country."""
    return select(Place.geonameid).where(Place.country_code == country)
