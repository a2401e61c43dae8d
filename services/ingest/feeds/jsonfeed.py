"""JSON Feed 1.0 and 1.1 (https://www.jsonfeed.org/version/1.1/): the fields pull ingest reads, checked by pydantic.

Extensions (keys starting with ``_``) and fields we do not use are allowed, as the spec asks of readers.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

VERSIONS = ("https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1")


class Author(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str | None = None
    url: str | None = None


class Item(BaseModel):
    """One item: ``id`` is required (a number is read as its string, as 1.0 feeds sometimes send)."""

    model_config = ConfigDict(extra="allow")
    id: str
    url: str | None = None
    external_url: str | None = None
    title: str | None = None
    content_html: str | None = None
    content_text: str | None = None
    summary: str | None = None
    date_published: str | None = None
    date_modified: str | None = None
    author: Author | None = None  # 1.0
    authors: list[Author] = Field(default_factory=list)  # 1.1
    language: str | None = None  # 1.1

    @field_validator("id", mode="before")
    @classmethod
    def _id(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value

    def author_name(self) -> str | None:
        named = [author.name for author in [*self.authors, *([self.author] if self.author else [])] if author.name]
        return ", ".join(named) or None


class JSONFeed(BaseModel):
    model_config = ConfigDict(extra="allow")
    version: str
    title: str
    home_page_url: str | None = None
    language: str | None = None  # 1.1
    items: list[Item]

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if value.rstrip("/") not in VERSIONS:
            raise ValueError(f"{value!r} is not a JSON Feed version ({' or '.join(VERSIONS)})")
        return value
