"""A search's filters, read from text (query parameters, command-line options) with a clear error per field."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import pycountry

from services.publish.search.syntax import Terms, parse
from shared.errors import InvalidInput

STATUSES = ("received", "enriched", "published", "held", "failed")
SORTS = ("relevance", "newest")
MAX_ID = 2**31 - 1
MAX_TEXT = 300
_AGO = re.compile(r"^(\d{1,6})([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Near:
    """Within ``km`` of a point."""

    lat: float
    lon: float
    km: float


@dataclass(frozen=True)
class Box:
    """A bounding box, west-south-east-north (GeoJSON order); west > east crosses the antimeridian."""

    west: float
    south: float
    east: float
    north: float


@dataclass(frozen=True)
class Filters:
    """Everything a search can ask for; None means "any"."""

    terms: Terms | None = None
    place: int | None = None
    contained: bool = False  # the place and every place inside it (an admin1's or a country's towns)
    near: Near | None = None
    bbox: Box | None = None
    country: str | None = None  # mentions a place in this country
    focus_country: str | None = None  # the story's own country (what routes it)
    entity: int | str | None = None  # an entity id, or a name (any case)
    source: str | None = None
    language: str | None = None
    status: str = "published"
    since: datetime | None = None  # on the article's own date, inclusive
    until: datetime | None = None  # exclusive
    updated_since: datetime | None = None
    sort: str = "newest"


def _sort(terms: Terms | None, sort: str | None) -> str:
    chosen = sort or ("relevance" if terms else "newest")
    if chosen not in SORTS:
        raise InvalidInput("sort", f"{sort!r} is not one of {', '.join(SORTS)}")
    if chosen == "relevance" and terms is None:
        raise InvalidInput("sort", "relevance needs words to rank by (q)")
    return chosen


def sorted_by(filters: Filters, sort: str | None) -> Filters:
    """The filters in the order asked for (``sort`` as text; blank or None: relevance with words, else newest)."""
    return replace(filters, sort=_sort(filters.terms, sort if sort and sort.strip() else None))


def fingerprint(filters: Filters) -> str:
    """A short digest of what the filters choose, for cursors to name the search they continue (dates aside:
    ``since=7d`` moves with the clock between two pages of one walk)."""
    chosen = replace(filters, since=None, until=None, updated_since=None)
    return hashlib.sha256(repr(chosen).encode()).hexdigest()[:12]


def read_filters(q: str | None = None, place: str | None = None, include: str | None = None,
                 near: str | None = None, bbox: str | None = None, country: str | None = None,
                 focus_country: str | None = None, entity: str | None = None, source: str | None = None,
                 language: str | None = None, status: str | None = None, since: str | None = None,
                 until: str | None = None, updated_since: str | None = None, sort: str | None = None,
                 now: datetime | None = None) -> Filters:
    """The filters from their text forms; InvalidInput names the first bad one and says why."""
    now = now or datetime.now(UTC)
    # An empty value is no filter, for every filter alike (what a web form sends for a field left blank)
    q, place, include, near, bbox, country, focus_country, entity, source, language, status, since, until, \
        updated_since, sort = (value if value is None or value.strip() else None for value in (
            q, place, include, near, bbox, country, focus_country, entity, source, language, status, since, until,
            updated_since, sort))
    # Full-width and other compatibility forms read as the letters they show ("ＫＹＩＶ" is "KYIV")
    terms = parse(unicodedata.normalize("NFKC", q)) if q is not None else None
    if include not in (None, "", "contained"):
        raise InvalidInput("include", f"{include!r} is not 'contained'")
    if include == "contained" and place is None:
        raise InvalidInput("include", "'contained' needs a place")
    chosen_sort = _sort(terms, sort)
    if status is not None and status not in STATUSES:
        raise InvalidInput("status", f"{status!r} is not one of {', '.join(STATUSES)}")
    filters = Filters(
        terms=terms, place=_id("place", place, "a GeoNames id"), contained=include == "contained", near=_near(near),
        bbox=_box(bbox), country=_country("country", country), focus_country=_country("focus_country", focus_country),
        entity=_entity(entity), source=_text("source", source), language=_language(language),
        status=status or "published", since=_moment("since", since, now), until=_moment("until", until, now),
        updated_since=_moment("updated_since", updated_since, now), sort=chosen_sort)
    if filters.since and filters.until and filters.since >= filters.until:
        raise InvalidInput("until", "must be later than since")
    return filters


def _id(field: str, value: str | None, what: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or not 1 <= int(value) <= MAX_ID:
        raise InvalidInput(field, f"{value!r} is not {what} (a positive 32-bit number)")
    return int(value)


def _numbers(field: str, value: str, count: int, shape: str) -> list[float]:
    parts = value.split(",")
    try:
        numbers = [float(part) for part in parts]
    except ValueError:
        numbers = []
    if len(parts) != count or len(numbers) != count or any(n != n or n in (float("inf"), float("-inf"))
                                                            for n in numbers):
        raise InvalidInput(field, f"{value!r} is not {shape}")
    return numbers


def _check_point(field: str, lat: float, lon: float) -> None:
    if not -90 <= lat <= 90:
        raise InvalidInput(field, f"latitude {lat} is outside -90..90")
    if not -180 <= lon <= 180:
        raise InvalidInput(field, f"longitude {lon} is outside -180..180")


def _near(value: str | None) -> Near | None:
    if value is None:
        return None
    lat, lon, km = _numbers("near", value, 3, "lat,lon,km (three numbers)")
    _check_point("near", lat, lon)
    if not 0 < km <= 20_050:
        raise InvalidInput("near", f"a distance of {km} km is not more than 0 and at most 20050 (half the Earth)")
    return Near(lat, lon, km)


def _box(value: str | None) -> Box | None:
    if value is None:
        return None
    west, south, east, north = _numbers("bbox", value, 4, "west,south,east,north (four numbers)")
    _check_point("bbox", south, west)
    _check_point("bbox", north, east)
    if south > north:
        raise InvalidInput("bbox", f"south {south} lies north of north {north}")
    return Box(west, south, east, north)


def _country(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    if len(value) != 2 or pycountry.countries.get(alpha_2=value.upper()) is None:
        raise InvalidInput(field, f"{value!r} is not an ISO 3166 alpha-2 country code")
    return value.upper()


def _entity(value: str | None) -> int | str | None:
    if value is None:
        return None
    if value.isdigit():
        return _id("entity", value, "an entity id")
    return _text("entity", value)


def _text(field: str, value: str | None) -> str | None:
    if value is None:
        return None
    if not value.strip() or len(value) > MAX_TEXT:
        raise InvalidInput(field, f"must be 1 to {MAX_TEXT} characters")
    return value.strip()


def _language(value: str | None) -> str | None:
    if value is None:
        return None
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", value):
        raise InvalidInput("language", f"{value!r} is not a language code (en, pt-BR)")
    return value.lower()


def _moment(field: str, value: str | None, now: datetime) -> datetime | None:
    """A date-time with an offset, a date (midnight UTC) or a time ago: 30m, 12h, 7d, 2w."""
    if value is None:
        return None
    if match := _AGO.match(value):
        try:
            return now - timedelta(**{_UNITS[match[2]]: int(match[1])})
        except OverflowError:  # before the year 1: no calendar holds it
            raise InvalidInput(field, f"{value!r} reaches back before the year 1") from None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidInput(field, f"{value!r} is not a date (2026-11-30), a date-time with an offset "
                                  "(2026-11-30T08:00:00Z) or a time ago (30m, 12h, 7d, 2w)") from None
    if len(value) == 10:
        moment = moment.replace(tzinfo=UTC)
    if moment.tzinfo is None:
        raise InvalidInput(field, f"{value!r} needs an offset (Z or +hh:mm)")
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise InvalidInput(field, f"{value!r} lies outside the years 1 to 9999 in UTC") from None
