"""The Submission: one article as a client sent it, checked field by field but not yet normalised.

Format parsers build it through ``build``, which turns pydantic's complaints into
``InvalidInput(field, reason)`` so the client learns which field is wrong and why.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

import pycountry
from pydantic import BaseModel, ConfigDict, ValidationError, ValidationInfo, field_validator, model_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from services.ingest.boilerplate import without_controls
from shared.enrichment import LONGEST_TEXT
from shared.errors import InvalidInput, PayloadTooLarge

MAX_HEADLINE = 1000
# Limits match the database columns, so nothing valid here can fail to store.
MAX_LENGTHS = {"guid": 500, "uri": 500, "source": 200, "located": 200, "byline": 2000}
# The raw markup of body_html: pages carry scripts and styles far longer than their text.
MAX_BODY = 1_000_000
# The longest text the enrich worker finishes well within its soft time limit (60 s) on a busy 2-core machine:
# it reads ~7,000-9,000 characters a second (docs/performance.md, "Longest text"), so 100,000 take ~12-15 s.
# A news article this long (some 16,000 words) is already rare; longer texts are refused with 413.
MAX_TEXT = LONGEST_TEXT
TOO_LARGE = "too_large"  # the pydantic error type that ``build`` turns into PayloadTooLarge (413)
EARLIEST = datetime(1900, 1, 1, tzinfo=UTC)
# Wires stamp in local time and clocks drift, so a little of the future is tolerated.
FUTURE_SLACK = timedelta(days=1)
LANGUAGE_TAG = re.compile(r"^([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*$")
PUBSTATUS_ALIASES = {"cancelled": "canceled"}
TEXT_FIELDS = ("guid", "uri", "source", "headline", "body_text", "body_html", "byline", "located")


class Submission(BaseModel):
    """One article as received: the fields every format can carry, before normalisation."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    format: Literal["ninjs", "text", "html"]
    guid: str | None = None
    uri: str | None = None
    source: str | None = None
    headline: str | None = None
    body_text: str | None = None
    body_html: str | None = None
    byline: str | None = None
    versioncreated: datetime | None = None
    firstcreated: datetime | None = None
    language: str | None = None
    located: str | None = None
    pubstatus: Literal["usable", "withheld", "canceled"] = "usable"

    @field_validator(*TEXT_FIELDS, mode="before")
    @classmethod
    def _text(cls, value: object) -> str | None:
        """Strings only, without NUL; surrounding whitespace trimmed, and blank means absent."""
        if value is None:
            return None
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {type(value).__name__}")
        if "\x00" in value:
            raise ValueError(f"contains a NUL character at position {value.index(chr(0))}")
        return value.strip() or None

    @field_validator("guid", "uri", "source", "byline", "located")
    @classmethod
    def _length(cls, value: str | None, info: ValidationInfo) -> str | None:
        limit = MAX_LENGTHS[info.field_name or ""]
        if value is not None and len(value) > limit:
            raise ValueError(f"is {len(value)} characters long; at most {limit} are accepted")
        return value

    @field_validator("headline", "byline")
    @classmethod
    def _no_bidi_controls(cls, value: str | None) -> str | None:
        """An override (U+202E) would make the name read backwards wherever it is shown."""
        return without_controls(value).strip() or None if value is not None else None

    @field_validator("body_text", "body_html")
    @classmethod
    def _body_length(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            check_processable(value, MAX_TEXT if info.field_name == "body_text" else MAX_BODY)
        return value

    @field_validator("headline")
    @classmethod
    def _headline_length(cls, value: str | None) -> str | None:
        if value is not None and len(value) > MAX_HEADLINE:
            raise ValueError(f"is {len(value)} characters long; at most {MAX_HEADLINE} are accepted")
        return value

    @field_validator("versioncreated", "firstcreated", mode="before")
    @classmethod
    def _versioncreated(cls, value: object) -> datetime | None:
        return None if value is None else utc_datetime(value)

    @field_validator("language", mode="before")
    @classmethod
    def _language(cls, value: object) -> str | None:
        return None if value in (None, "") else language_code(value)

    @field_validator("pubstatus", mode="before")
    @classmethod
    def _pubstatus(cls, value: object) -> object:
        if isinstance(value, str):
            value = value.strip().lower()
            return PUBSTATUS_ALIASES.get(value, value)
        return value

    @model_validator(mode="after")
    def _has_body(self) -> Submission:
        if self.body_text is None and self.body_html is None:
            raise ValueError("no text: neither body_text nor body_html holds anything")
        return self


def utc_datetime(value: object) -> datetime:
    """An ISO 8601 string (or datetime) as an aware UTC datetime within 1900 .. now + 1 day."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time such as 2024-08-06T09:30:00Z") from None
    if not isinstance(value, datetime):
        raise ValueError(f"must be an ISO 8601 string, not {type(value).__name__}")
    # A stamp without an offset is read as UTC: ninjs asks for UTC and most wires comply.
    try:
        moment = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is a valid stamp whose UTC time falls before year 1
        raise ValueError(f"{value.isoformat()} lies outside 1900-01-01 .. {_latest().date().isoformat()}") from None
    latest = _latest()
    if not EARLIEST <= moment <= latest:
        raise ValueError(f"{moment.isoformat()} lies outside 1900-01-01 .. {latest.date().isoformat()}")
    return moment


def _latest() -> datetime:
    return datetime.now(UTC) + FUTURE_SLACK


def language_code(value: object) -> str:
    """A BCP 47 / ISO 639 tag ("en", "en-GB", "eng") as its ISO 639-1 code in lower case."""
    if not isinstance(value, str):
        raise ValueError(f"must be a string, not {type(value).__name__}")
    match = LANGUAGE_TAG.match(value.strip())
    if match is None:
        raise ValueError(f"{value!r} does not look like a language code such as 'en' or 'pt-BR'")
    primary = match.group(1).lower()
    known = pycountry.languages.get(**{"alpha_2" if len(primary) == 2 else "alpha_3": primary})
    if known is None:
        raise ValueError(f"{primary!r} is not an ISO 639 language code")
    # Languages without a two-letter code (e.g. "fil") keep their three-letter one.
    return getattr(known, "alpha_2", primary)


def check_processable(text: str, limit: int = MAX_TEXT) -> None:
    """Raise the too-large error unless ``text`` is at most ``limit`` characters long."""
    if len(text) > limit:
        reason = (f"is {len(text)} characters long; at most {limit} are accepted"
                  + (", the longest text enrichment finishes within its time limit" if limit == MAX_TEXT else ""))
        raise PydanticCustomError(TOO_LARGE, reason)


def require_processable(text: str, field: str) -> None:
    """Raise PayloadTooLarge (413) for a text longer than the workers can enrich (the visible text of a page)."""
    try:
        check_processable(text)
    except PydanticCustomError as exc:
        raise PayloadTooLarge(field, f"its text {exc.message()}") from None


def build(where: str = "", **fields: Any) -> Submission:
    """A Submission from fields; a bad field raises InvalidInput naming it (prefixed by ``where``)."""
    try:
        return Submission(**fields)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"]) or "body"
        refusal = PayloadTooLarge if error["type"] == TOO_LARGE else InvalidInput
        raise refusal(f"{where}{field}", _reason(error)) from None


def _reason(error: ErrorDetails) -> str:
    """Pydantic's message without its "Value error, " prefix, which tells a client nothing."""
    return error["msg"].removeprefix("Value error, ")
