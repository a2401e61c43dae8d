"""Message schemas are strict, versioned, and their published JSON Schema matches the code."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from pydantic import ValidationError

from shared.messages import ArticleAnnouncement, EnrichRequested

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "shared" / "schemas" / "article-announcement.v1.json"


def test_the_published_json_schema_is_the_one_the_code_produces() -> None:
    published = json.loads(SCHEMA_FILE.read_text())
    generated = ArticleAnnouncement.model_json_schema()
    assert {k: v for k, v in published.items() if k not in ("$schema", "$id")} == json.loads(json.dumps(generated))


def test_an_announcement_validates_against_the_published_schema() -> None:
    message = ArticleAnnouncement(
        event="published",
        article={"id": "a1", "guid": "g1", "source": "wire", "version_id": "v1", "version": 1,
                 "url": "http://x/v1/articles/a1", "headline": "H", "summary": "S", "body_text": "B",
                 "byline": None, "dateline": "MANILA", "language": "en", "located": None, "pubstatus": "usable",
                 "versioncreated": None, "captions": []},
        places=[{"name": "Manila", "geonameid": 1701668, "country_code": "PH", "lat": 14.6, "lon": 120.98}],
        entities=[{"label": "PERSON", "name": "Maria Santos"}],
    )
    jsonschema.validate(message.model_dump(mode="json"), json.loads(SCHEMA_FILE.read_text()))


def test_queue_messages_refuse_unknown_fields_and_other_versions() -> None:
    with pytest.raises(ValidationError):
        EnrichRequested.model_validate({"version_id": "x", "extra": 1})
    with pytest.raises(ValidationError):
        EnrichRequested.model_validate({"version_id": "x", "v": 2})
    assert EnrichRequested.model_validate({"version_id": "x"}).v == 1
