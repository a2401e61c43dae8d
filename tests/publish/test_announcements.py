"""Every announcement written for the exchange matches the published JSON Schema and its routing key."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from shared.db import session_scope
from tests.publish.conftest import KYIV, MANILA, publish

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "shared/schemas/article-announcement.v1.json").read_text())


def test_every_announcement_of_a_publish_update_and_cancel_validates_against_the_schema(database) -> None:  # type: ignore[no-untyped-def]
    # Given an article published, updated and cancelled, and one with no place at all
    with session_scope() as session:
        written = [publish(session, "g1", "Kyiv opens new river crossing", KYIV),
                   publish(session, "g1", "Kyiv opens new river crossing early", KYIV),
                   publish(session, "g1", "Kyiv opens new river crossing early", KYIV, pubstatus="canceled"),
                   publish(session, "g2", "Manila port expands", MANILA, entity="Port Authority"),
                   publish(session, "g3", "A quiet day")]
        announcements = [(e.name, e.payload) for p in written for e in p.events if e.kind == "announce"]
    # Then each is one valid message under the expected routing key
    validator = jsonschema.Draft202012Validator(SCHEMA)
    for _, body in announcements:
        validator.validate(body)
    assert [key for key, _ in announcements] == [
        "article.published.en.ua", "article.updated.en.ua", "article.withdrawn.en.ua",
        "article.published.en.ph", "article.published.en.xx"]
    assert [body["event"] for _, body in announcements] == ["published", "updated", "withdrawn", "published",
                                                            "published"]


def test_the_schema_refuses_a_message_that_drifts_from_it() -> None:
    """The check above can fail: an unknown field or a missing one is refused."""
    validator = jsonschema.Draft202012Validator(SCHEMA)
    assert not validator.is_valid({"schema_version": 1, "event": "published"})
    assert not validator.is_valid({"schema_version": 2, "event": "published", "article": {}, "places": [],
                                   "entities": []})
