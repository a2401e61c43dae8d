"""Routing keys of article announcements on the topic exchange."""

from __future__ import annotations

import re

import pytest

from services.publish.exchange import EXCHANGE, routing_key
from shared.queues import ARTICLES_EXCHANGE

KEY = re.compile(r"article\.[a-z0-9_-]+\.[a-z0-9_-]+\.[a-z0-9_-]+")


def test_the_exchange_is_the_one_named_in_shared_queues() -> None:
    assert EXCHANGE == ARTICLES_EXCHANGE == "newsflow.articles"


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("created", "en", "GB"), "article.created.en.gb"),
        (("updated", "pt-BR", "br"), "article.updated.pt-br.br"),
        (("created", None, None), "article.created.xx.xx"),
        (("retracted", "", "  "), "article.retracted.xx.xx"),
        (("created", "fr", None), "article.created.fr.xx"),
    ],
)
def test_routing_key_reads_event_language_country(args: tuple[str, str | None, str | None], key: str) -> None:
    assert routing_key(*args) == key


@pytest.mark.parametrize(
    ("args", "key"),
    [
        (("up.dated", "en.US", "U.A"), "article.up_dated.en_us.u_a"),  # a dot would add a level
        (("created", "*", "#"), "article.created.xx.xx"),  # wildcards would turn the key into a pattern
        (("created", "zh Hant", "TW "), "article.created.zh_hant.tw"),
        (("created", "ελ", "ÜA"), "article.created.xx.a"),  # non-ASCII is not a key character
    ],
)
def test_every_part_is_sanitised(args: tuple[str, str | None, str | None], key: str) -> None:
    assert routing_key(*args) == key
    assert KEY.fullmatch(key)


@pytest.mark.parametrize("event", ["", "  ", "...", "*"])
def test_an_event_with_nothing_usable_is_a_value_error(event: str) -> None:
    with pytest.raises(ValueError, match="no usable characters"):
        routing_key(event, "en", "gb")
