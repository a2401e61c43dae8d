"""The official IPTC ninjs 2.2 schema (shared/standards/ninjs/) as a validator; GeoJSON checked by `geojson`.

The schema's one outside reference, GeoJSON for a place's ``geojson``, is answered with an open schema so
that no test reaches the network; each place's GeoJSON is then checked with the ``geojson`` package.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geojson
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_FILE = Path(__file__).parents[2] / "shared" / "standards" / "ninjs" / "ninjs-schema_2.2.json"
GEOJSON_SCHEMA = "https://geojson.org/schema/GeoJSON.json"

_registry = Registry().with_resource(GEOJSON_SCHEMA, Resource.from_contents({}, default_specification=DRAFT202012))
VALIDATOR = Draft202012Validator(json.loads(SCHEMA_FILE.read_text()), registry=_registry,
                                 format_checker=Draft202012Validator.FORMAT_CHECKER)
# Without rfc3986-validator and rfc3339-validator, jsonschema silently skips these formats.
assert {"uri", "date-time"} <= set(Draft202012Validator.FORMAT_CHECKER.checkers), "install the dev dependencies"


def errors(document: dict[str, Any]) -> list[str]:
    """Every way ``document`` breaks ninjs 2.2 or GeoJSON (RFC 7946), as readable lines; empty when valid."""
    found = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    for index, place in enumerate(document.get("places", [])):
        if "geojson" in place:
            shape = geojson.loads(json.dumps(place["geojson"]))
            if not shape.is_valid:
                found.append(f"places/{index}/geojson: {shape.errors()}")
    return found
