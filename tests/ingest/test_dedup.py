"""Identity: a guid per submission and a content hash that ignores cosmetic differences, nothing more."""

from __future__ import annotations

import re

from services.ingest.dedup import content_hash, identity
from services.ingest.formats.submission import Submission

HEADLINE = "Relief boats reach cut-off villages"
BODY = "Relief boats reached villages on Thursday.\n\nOfficials said the \"worst\" was over."


def test_content_hash_is_sha256_hex() -> None:
    assert re.fullmatch(r"[0-9a-f]{64}", content_hash(HEADLINE, BODY))


def test_content_hash_is_stable_under_whitespace_changes() -> None:
    respaced = (
        ' Relief boats  reached\u00a0villages on Thursday.\r\n\r\n\nOfficials said the "worst"  was over.\n'
    )
    assert content_hash(f" {HEADLINE} ", respaced) == content_hash(HEADLINE, BODY)


def test_content_hash_ignores_letter_case() -> None:
    assert content_hash(HEADLINE.upper(), BODY.lower()) == content_hash(HEADLINE, BODY)


def test_content_hash_treats_curly_and_straight_quotes_alike() -> None:
    curly = BODY.replace('"worst"', "\u201cworst\u201d")
    assert content_hash(HEADLINE, curly) == content_hash(HEADLINE, BODY)


def test_content_hash_differs_for_different_text() -> None:
    assert content_hash(HEADLINE, BODY.replace("Thursday", "Friday")) != content_hash(HEADLINE, BODY)


def test_content_hash_differs_for_a_different_headline() -> None:
    assert content_hash("Floods recede", BODY) != content_hash(HEADLINE, BODY)


def test_content_hash_keeps_headline_and_body_apart() -> None:
    assert content_hash("ab", "c") != content_hash("a", "bc")


def test_identity_uses_the_guid_when_given() -> None:
    sub = Submission(format="ninjs", guid="urn:wire:1", uri="https://wire.example/1", body_text=BODY)
    assert identity(sub)[0] == "urn:wire:1"


def test_identity_falls_back_on_the_uri() -> None:
    sub = Submission(format="ninjs", uri="https://wire.example/1", body_text=BODY)
    assert identity(sub)[0] == "https://wire.example/1"


def test_identity_without_guid_or_uri_is_named_by_its_content_hash() -> None:
    sub = Submission(format="text", headline=HEADLINE, body_text=BODY)
    expected = content_hash(HEADLINE, BODY)
    assert identity(sub) == (f"urn:newsflow:sha256:{expected}", expected)


def test_identity_is_stable_when_a_scraped_page_is_resent_with_other_whitespace() -> None:
    """Given the same page scraped twice with different line breaks, when identified, then both match."""
    first = Submission(format="text", body_text=BODY)
    second = Submission(format="text", body_text=BODY.replace("\n\n", "\n  \n\n").replace(" ", "  "))
    assert identity(first) == identity(second)


def test_identity_differs_for_different_pages() -> None:
    first = Submission(format="text", body_text=BODY)
    second = Submission(format="text", body_text=BODY + " More followed.")
    assert identity(first)[1] != identity(second)[1] and identity(first)[0] != identity(second)[0]


def test_identity_of_an_html_page_hashes_its_raw_markup() -> None:
    page = "<html><body><p>Relief boats arrived.</p></body></html>"
    assert identity(Submission(format="html", body_html=page))[1] == content_hash(None, page)


def test_the_content_hash_of_a_text_never_changes_between_releases() -> None:
    # Stored articles are matched by this hash: a faster way to compute it must give the very same value.
    # Every rule is at work here: NFKC (full-width letters, the double prime), case folding (ß), each quote,
    # no-break and em spaces, a zero-width space, a soft hyphen, a tab and an information separator.
    headline = "«Relief» boats reach `cut-off’ villages"
    body = ("Relief\u00a0boats\u200b reached ＶＩＬＬＡＧＥＳ on Thursday.\r\n\r\n\u2003Officials said the “worst” was "
            "over\u00ad — ″quote″ ´tick´ ‚low‛ „double‟ ′prime′ STRASSE Straße\t\x1c end ")
    assert content_hash(headline, body) == "507db2384097480cedbd9e1026d1170aa1c1eec91931dc4c518c6a4d50878bfe"
