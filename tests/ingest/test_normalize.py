"""Normalisation: every format yields a clean article; boilerplate, captions and mirrors are set apart."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from services.ingest.dateline import find_dateline
from services.ingest.formats import parse
from services.ingest.formats.submission import Submission
from services.ingest.htmltext import sanitize
from services.ingest.normalize import NormalizedArticle, draft_from_text, normalize, shorten
from shared.errors import InvalidInput

SAMPLES = Path(__file__).resolve().parents[2] / "services" / "ingest" / "samples"
PRESSTV = Path("/work/shared/samples/presstv-tillerson-lavrov-manila.txt")


def sample(name: str, content_type: str) -> list[NormalizedArticle]:
    return [normalize(sub) for sub in parse(content_type, (SAMPLES / name).read_bytes())]


def text(body: str, **fields: object) -> NormalizedArticle:
    return normalize(Submission(format="text", body_text=body, **fields))


@pytest.fixture(scope="module")
def manila() -> NormalizedArticle:
    return sample("manila-summit.txt", "text/plain")[0]


@pytest.fixture(scope="module")
def flood() -> NormalizedArticle:
    return sample("flood-relief.json", "application/json")[0]


@pytest.fixture(scope="module")
def port() -> NormalizedArticle:
    return sample("port-strike.html", "text/html")[0]


# --- scraped text -------------------------------------------------------------------------------------------


def test_text_headline_is_first_line_after_the_breadcrumb(manila: NormalizedArticle) -> None:
    assert manila.headline == "US and Russian envoys trade warnings over Crimea at Manila talks"


def test_text_breadcrumb_is_dropped(manila: NormalizedArticle) -> None:
    assert "Diplomacy" not in manila.body_text


def test_text_photo_caption_is_a_caption_not_body(manila: NormalizedArticle) -> None:
    assert len(manila.captions) == 1 and manila.captions[0].endswith("(Photo by Lorna Villanueva)")
    assert "Villanueva" not in manila.body_text


def test_text_share_follow_app_and_copyright_lines_are_dropped(manila: NormalizedArticle) -> None:
    for furniture in ("SHARE THIS ARTICLE", "Share on Facebook", "Follow us", "Google Play", "©", "rights"):
        assert furniture not in manila.body_text


def test_text_teasers_and_loading_lines_are_dropped(manila: NormalizedArticle) -> None:
    assert "Read more" not in manila.body_text and "Loading" not in manila.body_text


def test_text_alternate_addresses_footer_is_extracted_and_dropped(manila: NormalizedArticle) -> None:
    assert manila.alternate_urls == ("www.meridian-news.example", "mirror.meridian-news.example.org")
    assert "alternate addresses" not in manila.body_text and "meridian-news" not in manila.body_text


def test_text_body_keeps_paragraphs_and_ends_with_the_story(manila: NormalizedArticle) -> None:
    paragraphs = manila.body_text.split("\n\n")
    assert len(paragraphs) == 8
    assert paragraphs[0].startswith("A senior US diplomat") and paragraphs[-1].endswith("officials said.")


def test_text_body_html_has_one_paragraph_element_per_paragraph(manila: NormalizedArticle) -> None:
    assert manila.body_html.count("<p>") == manila.body_text.count("\n\n") + 1


def test_summary_is_the_first_paragraph(manila: NormalizedArticle) -> None:
    assert manila.summary == manila.body_text.split("\n\n")[0]


def test_language_defaults_to_english(manila: NormalizedArticle) -> None:
    assert manila.language == "en"


def test_by_line_above_the_story_becomes_the_byline() -> None:
    article = text("Storm nears the coast\n\nBy Maria Santos and Li Wei\n\nThe storm will land late.")
    assert article.byline == "Maria Santos and Li Wei"
    assert article.body_text == "The storm will land late."


def test_short_unpunctuated_lines_after_the_story_are_dropped() -> None:
    article = text("Storm nears the coast\n\nThe storm grew overnight.\n\nHome\n\nWorld News\nContact us")
    assert article.body_text == "The storm grew overnight."


def test_text_without_blank_lines_has_one_paragraph_per_line() -> None:
    article = text("Storm nears the coast\nThe storm grew overnight.\nOfficials urged calm.")
    assert article.body_text == "The storm grew overnight.\n\nOfficials urged calm."


def test_hard_wrapped_lines_of_one_paragraph_are_joined() -> None:
    article = text("Storm nears the coast\n\nThe storm grew\novernight, forecasters said.\n\nCalm urged.")
    assert article.body_text == "The storm grew overnight, forecasters said.\n\nCalm urged."


def test_whitespace_is_collapsed_including_no_break_spaces() -> None:
    article = text("Storm   nears\u00a0the coast\n\nThe\tstorm \u00a0 grew overnight.")
    assert (article.headline, article.body_text) == ("Storm nears the coast", "The storm grew overnight.")


def test_zero_width_and_control_characters_inside_a_line_are_removed() -> None:
    article = text("Storm\u200b nears the\u00ad coast\n\nThe storm\x07 grew\ufeff overnight.")
    assert (article.headline, article.body_text) == ("Storm nears the coast", "The storm grew overnight.")


@pytest.mark.parametrize("footer", [
    "This site can ALSO BE accessed at the following addresses: news2.example",
    "Our alternative domains: news2.example",
    "MIRROR SITES: news2.example",
    "Mırror sites: news2.example",  # a dotless ı, which the introduction's pattern takes for an i
])
def test_a_mirror_footer_is_found_in_any_letter_case(footer: str) -> None:
    article = text(f"Storm nears the coast\n\nThe storm grew overnight, forecasters said on Sunday.\n\n{footer}")
    assert (article.alternate_urls, "mirror" in article.body_text.casefold()) == (("news2.example",), False)


def test_given_headline_repeated_atop_the_body_is_not_kept_twice() -> None:
    article = text("Storm nears the coast\n\nThe storm grew overnight.", headline="Storm nears the coast")
    assert article.body_text == "The storm grew overnight."


def test_body_that_is_all_furniture_is_invalid() -> None:
    with pytest.raises(InvalidInput) as caught:
        text("SHARE THIS ARTICLE\n\nFollow us on Telegram", headline="Storm")
    assert caught.value.field == "body" and "no article text" in caught.value.reason


def test_two_segment_slash_line_inside_the_story_is_kept() -> None:
    article = text("Storm nears the coast\n\nThe storm grew overnight, forecasters said on Sunday.\n\n"
                   "Wind / Rain\n\nOfficials urged calm.")
    assert "Wind / Rain" in article.body_text


def test_summary_is_cut_on_a_word_boundary_within_300_characters() -> None:
    summary = shorten("word " * 100, 300)
    assert len(summary) <= 300 and summary.endswith("word…")


# --- ninjs --------------------------------------------------------------------------------------------------


def test_ninjs_fields_pass_through(flood: NormalizedArticle) -> None:
    assert flood.headline == "Relief boats reach cut-off villages as Bangladesh floods recede"
    assert (flood.byline, flood.located, flood.language) == ("Rafiq Hasan", "Dhaka", "en")
    assert flood.versioncreated == datetime(2024, 8, 15, 9, 30, tzinfo=UTC)


def test_ninjs_figcaption_is_a_caption_not_body(flood: NormalizedArticle) -> None:
    assert flood.captions == (
        "Volunteers load rice and drinking water onto a boat in Munshiganj district, south of Dhaka. "
        "(Photo: Nasrin Akter)",
    )
    assert "Munshiganj" not in flood.body_text and "<img" not in flood.body_html


def test_ninjs_html_body_loses_its_teaser(flood: NormalizedArticle) -> None:
    assert "Read more" not in flood.body_text and "Read more" not in flood.body_html


def test_ninjs_dateline_is_found(flood: NormalizedArticle) -> None:
    assert flood.dateline == "DHAKA, Bangladesh"


def test_ninjs_body_html_is_sanitised() -> None:
    article = normalize(Submission(format="ninjs", headline="Storm", body_html=(
        '<p onclick="x()">The storm grew <a href="javascript:alert(1)">overnight</a>.</p>'
        "<script>alert(1)</script><p>Officials urged calm.</p>")))
    assert "script" not in article.body_html and "onclick" not in article.body_html
    assert "javascript" not in article.body_html
    assert article.body_text == "The storm grew overnight.\n\nOfficials urged calm."


def test_ndjson_items_get_their_datelines_and_lose_share_lines() -> None:
    tokyo, nairobi = sample("markets.ndjson", "application/x-ndjson")
    assert (tokyo.dateline, nairobi.dateline) == ("TOKYO", "NAIROBI, Kenya")
    assert "Share on Facebook" not in nairobi.body_text


# --- html pages -------------------------------------------------------------------------------------------


def test_html_headline_and_byline_come_from_the_page(port: NormalizedArticle) -> None:
    assert port.headline == "Rotterdam dockworkers strike over automation plans"
    assert port.byline == "Anouk de Vries"


def test_html_body_is_the_article_without_navigation_footer_or_scripts(port: NormalizedArticle) -> None:
    assert port.body_text.startswith("ROTTERDAM, Netherlands (Meridian) — Thousands of dockworkers")
    for outside in ("Sign in", "Most read", "newsletter", "dataLayer", "SHARE THIS", "App Store", "©"):
        assert outside not in port.body_text and outside not in port.body_html


def test_html_figcaption_is_a_caption_not_body(port: NormalizedArticle) -> None:
    assert port.captions == (
        "Container cranes stand idle at a terminal on the Maasvlakte in Rotterdam on Tuesday. "
        "(Photo by Pieter Jansen)",
    )
    assert "Maasvlakte" not in port.body_text


def test_html_alternate_address_in_the_footer_is_extracted(port: NormalizedArticle) -> None:
    assert port.alternate_urls == ("www.meridian-news.example",)


def test_html_page_date_stands_in_for_versioncreated(port: NormalizedArticle) -> None:
    assert port.versioncreated == datetime(2024, 9, 3, 5, 45, tzinfo=UTC)


def test_html_body_html_is_sanitised_paragraphs(port: NormalizedArticle) -> None:
    assert port.body_html.startswith("<p>ROTTERDAM") and "class=" not in port.body_html
    assert port.dateline == "ROTTERDAM, Netherlands"


# --- datelines --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("opening", "place"),
    [
        ("MANILA, Aug 6 (Reuters) — The talks ended.", "MANILA"),
        ("WASHINGTON (AP) — The bill passed.", "WASHINGTON"),
        ("NEW DELHI: India said on Monday it would.", "NEW DELHI"),
        ("ST. PETERSBURG, Russia, June 2, 2017 -- Putin spoke.", "ST. PETERSBURG, Russia"),
        ("RIO DE JANEIRO (AFP) - Brazil's president said.", "RIO DE JANEIRO"),
    ],
)
def test_dateline_is_the_all_caps_place_opening_the_story(opening: str, place: str) -> None:
    assert find_dateline(opening) == place


@pytest.mark.parametrize(
    "opening",
    [
        "NATO, EU leaders met in Brussels.",
        "US — officials said little.",
        "BREAKING: the talks collapsed.",
        "The talks in MANILA — ended early.",
        "MANILA — THE TALKS ENDED.",
    ],
)
def test_no_dateline_is_found_where_there_is_none(opening: str) -> None:
    assert find_dateline(opening) is None


# --- the real scraped page, when the shared samples are present ---------------------------------------------


@pytest.fixture(scope="module")
def presstv() -> NormalizedArticle:
    if not PRESSTV.exists():
        pytest.skip(f"shared sample {PRESSTV} is absent on this machine")
    return normalize(parse("text/plain", PRESSTV.read_bytes())[0])


def test_real_page_headline(presstv: NormalizedArticle) -> None:
    assert presstv.headline == "Russian meddling in US vote seriously damaged ties: Tillerson"


def test_real_page_body_is_free_of_share_widget_and_mirror_footer(presstv: NormalizedArticle) -> None:
    for furniture in ("SHARE THIS ARTICLE", "alternate addresses", "presstv.co.uk", "Roku", "Foreign Policy"):
        assert furniture not in presstv.body_text
    assert presstv.alternate_urls == ("www.presstv.co.uk",)


def test_real_page_photo_captions_are_captions(presstv: NormalizedArticle) -> None:
    """The page carries three captioned photos (two credited to AFP, one to Sputnik)."""
    assert [caption.split(" ")[:4] for caption in presstv.captions] == [
        ["US", "Secretary", "of", "State"],
        ["US", "Secretary", "of", "State"],
        ["Russian", "President", "Vladimir", "Putin"],
    ]
    credits = [caption.rsplit("(", 1)[1] for caption in presstv.captions]
    assert credits == ["Photo by Sputnik)", "Photo by AFP)", "Photo by AFP)"]
    assert "(Photo by" not in presstv.body_text


@settings(max_examples=2000, deadline=None)
@given(st.text(min_size=1, max_size=300))
def test_a_plain_texts_markup_is_already_what_the_sanitiser_would_make_of_it(body: str) -> None:
    # Given any text, as a sender's plain body_text (controls, entities, markup-like words, any script)
    blocks = draft_from_text(body).blocks
    markup = "".join(block.html for block in blocks)
    # Then its paragraphs' markup, escaped here, passes the sanitiser unchanged: normalising skips it for them
    assert all(block.safe for block in blocks)
    assert sanitize(markup) == markup


def test_markup_that_came_in_as_markup_is_still_sanitised() -> None:
    # Given a ninjs body_html carrying a script and an inline handler
    article = normalize(Submission(format="ninjs", headline="Talks resume",
                                   body_html='<p onclick="x()">Talks resumed in Manila.</p><script>alert(1)</script>'))
    # Then neither survives into the published markup
    assert article.body_html == "<p>Talks resumed in Manila.</p>"
