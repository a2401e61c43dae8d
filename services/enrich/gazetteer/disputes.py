"""Disputed territories (disputes.tsv) and the places inside them, flagged with every party at build time."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .countries import read_tsv
from .names import key
from .store import NAME, Record

DISPUTE_ID_BASE = -3_000_000  # made-up ids of territories GeoNames has no id for (or none known for sure)
_AREA_CLASSES = ("P", "A", "T")  # what an outline flags: towns, divisions, landforms; not the sea around them


@dataclass(frozen=True)
class Rule:
    """One way of saying what lies inside a territory (see the head of disputes.tsv)."""

    kind: str  # country | admin | place | area
    country: str = ""
    admin1: str = ""
    admin2: str = ""
    place_id: int = 0
    countries: tuple[str, ...] = ()
    polygon: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Dispute:
    """One row of disputes.tsv."""

    line: int
    name: str
    others: tuple[str, ...]
    geonameid: int | None
    country: str | None
    feature_class: str
    feature_code: str
    point: tuple[float, float] | None
    administered_by: str
    parties: tuple[str, ...]
    active: bool
    rules: tuple[Rule, ...]
    source: str


def parse_rule(text: str) -> Rule:
    """``country:XK``, ``admin:UA.11``, ``admin:GE.73.10285963``, ``place:281184`` or
    ``area[IL,SY]:lat lon, lat lon, ...``; ValueError naming the rule otherwise."""
    head, _, body = text.strip().partition(":")
    body = body.strip()
    if head == "country" and len(body) == 2:
        return Rule("country", country=body)
    if head == "admin" and 2 <= len(parts := body.split(".")) <= 3:
        return Rule("admin", country=parts[0], admin1=parts[1], admin2=parts[2] if len(parts) == 3 else "")
    if head == "place" and body.isdigit():
        return Rule("place", place_id=int(body))
    if head.startswith("area"):
        countries = tuple(c.strip() for c in head[4:].strip("[]").split(",") if c.strip())
        polygon = tuple((float(lat), float(lon)) for lat, lon in (p.split() for p in body.split(",")))
        if len(polygon) >= 3:
            return Rule("area", countries=countries, polygon=polygon)
    raise ValueError(f"unreadable rule {text!r}")


def read_disputes(name: str = "disputes.tsv") -> list[Dispute]:
    """The table beside this module; ValueError naming the line of a malformed row."""
    disputes = []
    for line, row in enumerate(read_tsv(name), start=1):
        try:
            (label, others, geonameid, country, fclass, fcode, lat, lon, administered, parties, status, inside,
             source) = (c.strip() for c in row)
            if status not in ("active", "resolved"):
                raise ValueError(f"status must be active or resolved, not {status!r}")
            disputes.append(Dispute(
                line, label, tuple(o for o in others.split("|") if o), int(geonameid) if geonameid else None,
                country or None, fclass, fcode, (float(lat), float(lon)) if lat else None, administered,
                tuple(p.strip() for p in parties.split(",") if p.strip()), status == "active",
                tuple(parse_rule(r) for r in inside.split(";") if r.strip()), source))
        except ValueError as exc:
            raise ValueError(f"{name}: row {line} ({row[0] if row else ''}): {exc}") from exc
    return disputes


def territory_records(disputes: Iterable[Dispute]) -> Iterator[Record]:
    """A record of its own for each territory with a point (the others are divisions the index has already)."""
    for dispute in disputes:
        if dispute.point is None:
            continue
        admin = next((r for r in dispute.rules if r.kind == "admin"), None) if dispute.feature_class == "A" else None
        yield Record(dispute.geonameid or DISPUTE_ID_BASE - dispute.line, dispute.name, dispute.country,
                     admin.admin1 if admin else None, *dispute.point, dispute.feature_class, dispute.feature_code,
                     0, dispute.parties if dispute.active else (), [(o, NAME) for o in dispute.others],
                     admin2=admin.admin2 or None if admin else None)


def inside(point: tuple[float, float], polygon: tuple[tuple[float, float], ...]) -> bool:
    """Whether a point lies inside a polygon of (lat, lon) corners (ray casting; no pole or antimeridian)."""
    lat, lon = point
    found = False
    for (lat1, lon1), (lat2, lon2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (lat1 > lat) != (lat2 > lat) and lon < lon1 + (lat - lat1) * (lon2 - lon1) / (lat2 - lat1):
            found = not found
    return found


def _matching(conn: sqlite3.Connection, rule: Rule) -> list[int]:
    if rule.kind == "country":
        return [r[0] for r in conn.execute("SELECT id FROM place WHERE country_code = ?", (rule.country,))]
    if rule.kind == "admin":
        where = "country_code = ? AND admin1 = ?" + (" AND admin2 = ?" if rule.admin2 else "")
        codes = [rule.country, rule.admin1] + ([rule.admin2] if rule.admin2 else [])
        return [r[0] for r in conn.execute(f"SELECT id FROM place WHERE {where}", codes)]
    if rule.kind == "place":
        return [r[0] for r in conn.execute("SELECT id FROM place WHERE id = ?", (rule.place_id,))]
    lats, lons = [p[0] for p in rule.polygon], [p[1] for p in rule.polygon]
    # a whole country is never inside an outline drawn in it: Guyana's reference point lies in the Essequibo
    sql = (f"SELECT id, lat, lon FROM place WHERE feature_class IN ({','.join('?' * len(_AREA_CLASSES))}) "
           "AND feature_code NOT LIKE 'PCL%' AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
    args: list[object] = [*_AREA_CLASSES, min(lats), max(lats), min(lons), max(lons)]
    if rule.countries:
        sql += f" AND country_code IN ({','.join('?' * len(rule.countries))})"
        args += rule.countries
    return [r[0] for r in conn.execute(sql, args) if inside((r[1], r[2]), rule.polygon)]


def name_divisions(conn: sqlite3.Connection, disputes: Iterable[Dispute]) -> int:
    """The other names a row gives a territory that is an existing first-level division ("Pakistan-administered
    Kashmir" for Azad Kashmir), as names of that division; returns how many were added."""
    rows = []
    for dispute in disputes:
        if dispute.point is not None or not dispute.others:
            continue
        for rule in dispute.rules:
            if rule.kind == "admin" and not rule.admin2:
                ids = [r[0] for r in conn.execute("SELECT id FROM place WHERE country_code = ? AND admin1 = ? "
                                                  "AND feature_code = 'ADM1'", (rule.country, rule.admin1))]
                rows += [(key(other), place, NAME) for place in ids for other in dispute.others]
    conn.executemany("INSERT OR IGNORE INTO alias VALUES (?,?,?)", rows)
    return len(rows)


def flag_places(conn: sqlite3.Connection, disputes: Iterable[Dispute]) -> int:
    """Give every place inside an active disputed territory all the territory's parties (a place inside two
    gets the parties of both, first listed first); returns how many places were flagged."""
    parties: dict[int, list[str]] = defaultdict(list)
    for dispute in disputes:
        if not dispute.active:
            continue
        ids = {place for rule in dispute.rules for place in _matching(conn, rule)}
        if dispute.point is not None:
            ids.add(dispute.geonameid or DISPUTE_ID_BASE - dispute.line)
        for place in ids:
            parties[place] += [p for p in dispute.parties if p not in parties[place]]
    conn.executemany("UPDATE place SET disputed = ? WHERE id = ?",
                     [(",".join(codes), place) for place, codes in parties.items()])
    return len(parties)
