"""application/json: one ninjs object (IPTC's news-in-JSON), read liberally.

Fields we do not use are ignored, since ninjs has dozens. Besides the ninjs 1.x names (headline,
body_text, body_html, byline) the ninjs 2 shapes are understood: ``headlines`` and ``bodies`` as
lists of ``{"value": ...}`` objects and ``by`` for the byline.
"""

from __future__ import annotations

from typing import Any

import orjson

from shared.errors import InvalidInput
from shared.json_keys import refuse_duplicate_keys

from .html import require_visible_letters
from .plaintext import require_letters
from .submission import Submission, build

SCALAR_FIELDS = ("uri", "source", "versioncreated", "firstcreated", "language", "located", "pubstatus")


def parse_ninjs(text: str, line: int | None = None) -> Submission:
    """One Submission from the JSON text of one ninjs object (``line`` numbers it within a batch)."""
    return from_ninjs(load_object(text, line), line)


def load_object(text: str, line: int | None = None) -> dict[str, Any]:
    """The JSON object in ``text``; anything else raises InvalidInput."""
    where = f"line {line}" if line else "body"
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise InvalidInput(where, f"not valid JSON: {exc}") from None
    if isinstance(value, list) and line is None:
        raise InvalidInput(where, "a JSON array is not accepted: send a batch as application/x-ndjson")
    if not isinstance(value, dict):
        raise InvalidInput(where, f"must be a JSON object (a ninjs item), not {type(value).__name__}")
    refuse_duplicate_keys(text, where)
    return value


def from_ninjs(item: dict[str, Any], line: int | None = None) -> Submission:
    """A Submission from a decoded ninjs object."""
    prefix = f"line {line}: " if line else ""
    fields = {name: item.get(name) for name in SCALAR_FIELDS}
    for name in ("headlines", "bodies"):
        if item.get(name) is not None and not isinstance(item[name], list):
            raise InvalidInput(f"{prefix}{name}", f"must be a list of ninjs objects, not {type(item[name]).__name__}")
    # Fall back only when a field is absent or empty: a wrong type must fail validation under its own name.
    uri = item.get("uri")
    fields["guid"] = item["guid"] if _given(item, "guid") else (uri if isinstance(uri, str) else None)
    fields["headline"] = item["headline"] if _given(item, "headline") else _main_value(item.get("headlines"))
    fields["byline"] = item["byline"] if _given(item, "byline") else item.get("by")
    fields["body_text"] = item["body_text"] if _given(item, "body_text") else _main_value(
        item.get("bodies"), "text/plain")
    fields["body_html"] = item["body_html"] if _given(item, "body_html") else _main_value(
        item.get("bodies"), "text/html")
    # Absent fields are left out so the model's defaults (pubstatus "usable") apply.
    present = {name: value for name, value in fields.items() if value is not None}
    submission = build(prefix, format="ninjs", **present)
    if submission.body_text is not None:
        require_letters(submission.body_text, f"{prefix}body_text")
    if submission.body_html is not None:
        require_visible_letters(submission.body_html, f"{prefix}body_html")
    return submission


def _given(item: dict[str, Any], name: str) -> bool:
    """A field is given unless it is absent, null or an empty string."""
    return item.get(name) not in (None, "")


def _main_value(entries: object, contenttype: str | None = None) -> object:
    """The value of the first ninjs 2 entry (preferring role "main") of the wanted content type."""
    if not isinstance(entries, list):
        return None
    matching = [
        entry
        for entry in entries
        if isinstance(entry, dict) and (contenttype is None or entry.get("contenttype") == contenttype)
    ]
    matching.sort(key=lambda entry: entry.get("role") != "main")
    return matching[0].get("value") if matching else None
