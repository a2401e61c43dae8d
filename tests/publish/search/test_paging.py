"""Cursor paging and NDJSON export on both engines: no skips or repeats while articles arrive, flat memory."""

from __future__ import annotations

import random
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta

import orjson
import pytest
from fastapi.testclient import TestClient

from benchmarks.harness.stories import Story
from services.publish.search import listing
from services.publish.search.filters import read_filters
from services.publish.search.listing import export
from services.publish.search.results import DEFAULT_FIELDS
from shared import known
from shared.db import session_scope
from shared.models import Article, ArticleVersion, Submission
from shared.settings import get_settings
from tests.publish.search.conftest import write
from tests.publish.search.desk import KYIV, ago

EXPORTED = 10_000


def _stories(source: str, count: int, seed: int, words: str = "ceasefire talks") -> list[Story]:
    """Stories spread over 30 days, several on the very same second (the id breaks the tie)."""
    rng = random.Random(seed)
    return [Story(f"{words.title()} item {n}", f"{words} " * rng.randint(1, 4) + f"report {n}",
                  ago(seconds=rng.randint(0, 30 * 86400) // 7 * 7), source=source, places=(KYIV,))
            for n in range(count)]


@pytest.fixture(scope="module")
def exported(client: TestClient) -> list[str]:
    """Ten thousand stories from one source, loaded in bulk; their ids."""
    return write(_stories("bulk", EXPORTED, seed=1, words="bulk dispatch"))


def _walk(client: TestClient, params: dict[str, str], between=None) -> list[str]:  # type: ignore[no-untyped-def]
    """Every page's ids, following next_cursor; ``between`` runs after each page."""
    seen: list[str] = []
    cursor = None
    while True:
        answer = client.get("/v1/articles", params=params | ({"cursor": cursor} if cursor else {})).json()
        seen += [result["id"] for result in answer["results"]]
        cursor = answer["next_cursor"]
        if cursor is None:
            return seen
        if between:
            between()


@pytest.mark.parametrize(("sort", "window"), [("newest", 200), ("relevance", 200), ("relevance", 9)])
def test_paging_while_articles_arrive_lists_every_earlier_match_once(client, monkeypatch, sort, window) -> None:  # type: ignore[no-untyped-def]
    """Given 60 matches, when 5 more (newer, older, equal) arrive after every page of 7, then every one of the
    60 is listed exactly once (relevance ranking windows of 9 matches too: pages cross windows' bounds)."""
    monkeypatch.setattr(listing, "RELEVANCE_WINDOW", window)
    source = f"pager-{sort}-{window}"
    before = set(write(_stories(source, 60, seed=2)))
    arrivals = iter(range(1000))

    def arrive() -> None:
        batch = _stories(source, 5, seed=next(arrivals) + 100)
        write([Story(s.headline, s.body, s.dated + timedelta(days=offset), source=source, places=s.places)
               for s, offset in zip(batch, (-40, -1, 0, 1, 40), strict=True)])

    seen = _walk(client, {"q": "ceasefire", "source": source, "sort": sort, "limit": "7"}, arrive)
    assert len(seen) == len(set(seen)), "an article was listed twice"
    assert before <= set(seen), f"{len(before - set(seen))} articles were skipped"


@pytest.mark.parametrize("sort", ["newest", "relevance"])
def test_paging_while_sources_correct_their_articles_dates_lists_every_match_once(client, sort) -> None:  # type: ignore[no-untyped-def]
    """Given 40 matches, when after every page the source sends a new version of an article already shown
    saying it was first created 90 days earlier (ninjs firstcreated: the earliest wins on the article), then
    no article is listed twice or skipped: search lists an article under the date it arrived with."""
    source = f"corrector-{sort}"
    stories = _stories(source, 40, seed=3)
    ids = dict(zip(write(stories), stories, strict=True))
    shown: list[str] = []

    def correct() -> None:
        story = ids[shown[-1]]
        newer = {"guid": story.guid, "source": source, "headline": story.headline + " (corrected)",
                 "body_text": story.body, "language": "en",
                 "firstcreated": (story.dated - timedelta(days=90)).isoformat()}
        answer = client.post("/v1/articles", json=newer)
        assert answer.status_code == 202 and answer.json()["id"] == shown[-1], answer.text

    cursor = None
    while True:
        params = {"q": "ceasefire", "source": source, "sort": sort, "limit": "6"}
        answer = client.get("/v1/articles", params=params | ({"cursor": cursor} if cursor else {})).json()
        shown += [result["id"] for result in answer["results"]]
        if (cursor := answer["next_cursor"]) is None:
            break
        correct()
    assert len(shown) == len(set(shown)), "an article was listed twice"
    assert set(shown) == set(ids), f"{len(set(ids) - set(shown))} articles were skipped"


def test_an_article_its_source_dates_in_the_future_is_listed_under_its_arrival(client) -> None:  # type: ignore[no-untyped-def]
    """A source's clock running a day ahead does not pin its story above every other for a day."""
    story = {"guid": "urn:test:future", "source": "clock-ahead", "headline": "Tomorrow's news today",
             "body_text": "Filed with a clock running ahead.", "language": "en",
             "firstcreated": (ago(days=-1)).isoformat()}
    before = datetime.now(UTC)
    answer = client.post("/v1/articles", json=story)
    assert answer.status_code == 202
    # Still in the pipeline (no version yet): listed by no search, not even status=received (it has no text)
    assert client.get("/v1/articles", params={"source": "clock-ahead", "status": "received"},
                      headers={"Authorization": f"Bearer {get_settings().admin_key}"}).json()["results"] == []
    with session_scope() as session:
        listed = known.aware(session.get_one(Article, answer.json()["id"]).listed_at)
    assert before <= listed <= datetime.now(UTC)


def _new_version(article_id: str, body: str) -> None:
    """What the pipeline does with a source's update: a new version of the article becomes its current one."""
    with session_scope() as session:
        article = session.get_one(Article, article_id)
        current = session.get_one(ArticleVersion, article.current_version_id)
        submission = Submission(article_id=article_id, content_hash=uuid.uuid4().hex, content_type="application/json",
                                payload={})
        session.add(submission)
        session.flush()
        version = ArticleVersion(article_id=article_id, submission_id=submission.id, number=current.number + 1,
                                 headline=current.headline, body_text=body, body_html=f"<p>{body}</p>",
                                 language="en", enrichment=current.enrichment)
        session.add(version)
        session.flush()
        article.current_version_id = version.id


@pytest.mark.parametrize("window", [9])  # windows crossed on every other page
def test_relevance_paging_while_articles_are_updated_lists_every_match_once(client, monkeypatch, window) -> None:  # type: ignore[no-untyped-def]
    """Given 40 matches, when after every page one article not shown yet gets a version full of the word (its
    score rises past the cursor) and one already shown a version with the word once (its score falls behind
    it), then each of the 40 is listed exactly once (fresh-eyes finding: 59 of 60 listed)."""
    monkeypatch.setattr(listing, "RELEVANCE_WINDOW", window)
    source = f"updated-{window}"
    ids = set(write(_stories(source, 40, seed=5, words="harvest report")))
    shown: list[str] = []
    cursor = None
    while True:
        params = {"q": "harvest", "source": source, "limit": "5"}
        answer = client.get("/v1/articles", params=params | ({"cursor": cursor} if cursor else {})).json()
        shown += [result["id"] for result in answer["results"]]
        if (cursor := answer["next_cursor"]) is None:
            break
        unseen = sorted(ids - set(shown))
        if unseen:
            _new_version(unseen[-1], "harvest " * 40 + "record harvest")
        _new_version(shown[-5], "a long report on many things, among them a harvest, " + "and other news " * 60)
    assert len(shown) == len(set(shown)), "an article was listed twice"
    assert set(shown) == ids, f"{len(ids - set(shown))} articles were skipped"


@pytest.mark.parametrize("window", [9])  # windows crossed on every other page
def test_relevance_paging_on_words_alone_lists_every_match_once_while_articles_arrive_and_change(
        client, monkeypatch, window) -> None:  # type: ignore[no-untyped-def]
    """Words and nothing else (on PostgreSQL a window's positions come from the matching versions alone): given
    30 matches, when after every page 5 new ones arrive (older, newer, equal dates) and an article not shown
    yet and one shown get new versions, then each of the 30 is listed exactly once."""
    monkeypatch.setattr(listing, "RELEVANCE_WINDOW", window)
    word = f"quokkaquake{window}"
    ids = set(write(_stories(f"words-{window}", 30, seed=7, words=f"{word} report")))
    arrivals = iter(range(1000))

    def change() -> None:
        batch = _stories(f"words-{window}", 5, seed=next(arrivals) + 300, words=f"{word} report")
        write([Story(s.headline, s.body, s.dated + timedelta(days=offset), source=s.source, places=s.places)
               for s, offset in zip(batch, (-40, -1, 0, 1, 40), strict=True)])
        unseen = sorted(ids - set(shown))
        if unseen:
            _new_version(unseen[0], f"{word} " * 30)
        # one of the 30 (the arrivals are stored with their dates as every time, some days ahead: a version
        # made now would then predate their first, which no article's history can)
        _new_version([i for i in shown if i in ids][-1], f"a note on {word} among much else " + "and more " * 50)

    shown: list[str] = []
    cursor = None
    while True:
        answer = client.get("/v1/articles", params={"q": word, "limit": "4"} | ({"cursor": cursor} if cursor else {}))
        shown += [result["id"] for result in answer.json()["results"]]
        if (cursor := answer.json()["next_cursor"]) is None:
            break
        change()
    assert len(shown) == len(set(shown)), "an article was listed twice"
    assert ids <= set(shown), f"{len(ids - set(shown))} articles were skipped"


def test_a_cursor_continues_only_the_search_that_handed_it_out(client) -> None:  # type: ignore[no-untyped-def]
    write(_stories("cursor-owner", 12, seed=6))
    first = client.get("/v1/articles", params={"q": "ceasefire", "source": "cursor-owner", "limit": "5"}).json()
    other = client.get("/v1/articles", params={"q": "talks", "source": "cursor-owner", "limit": "5",
                                               "cursor": first["next_cursor"]})
    assert other.status_code == 422 and other.json()["field"] == "cursor", other.text
    assert "other filters" in other.json()["reason"]
    same = client.get("/v1/articles", params={"q": "ceasefire", "source": "cursor-owner", "limit": "5",
                                              "cursor": first["next_cursor"]})
    assert same.status_code == 200 and len(same.json()["results"]) == 5


def test_paging_through_ten_thousand_matches_has_no_depth_limit(client, exported) -> None:  # type: ignore[no-untyped-def]
    seen = _walk(client, {"source": "bulk", "limit": "100", "fields": "id"})
    assert len(seen) == EXPORTED and set(seen) == set(exported)


def test_ndjson_export_streams_every_match_one_object_a_line(client, exported) -> None:  # type: ignore[no-untyped-def]
    answer = client.get("/v1/articles", params={"source": "bulk", "fields": "id,headline"},
                        headers={"Accept": "application/x-ndjson"})
    assert answer.headers["content-type"] == "application/x-ndjson"
    lines = [orjson.loads(line) for line in answer.content.splitlines()]
    assert len(lines) == EXPORTED and {line["id"] for line in lines} == set(exported)
    assert all(set(line) == {"id", "headline"} for line in lines)


def test_export_of_ten_thousand_rows_keeps_memory_flat(client, exported) -> None:  # type: ignore[no-untyped-def]
    """The export holds a batch at a time: past the first half (caches warm), the most it allocates beyond what
    it held is the same over the last 2,500 rows as over the 2,500 before, and less than it streams."""
    batches = export(read_filters(source="bulk"), (*DEFAULT_FIELDS, "body"))
    rows, streamed, peaks = 0, 0, []
    for until in (EXPORTED // 2, EXPORTED * 3 // 4, EXPORTED):
        if until > EXPORTED // 2:
            tracemalloc.reset_peak()
            held = tracemalloc.get_traced_memory()[0]
        while rows < until:
            batch = next(batches)
            rows += len(batch)
            streamed += sum(len(orjson.dumps(result)) for result in batch)
            del batch
        if until == EXPORTED // 2:
            tracemalloc.start()
        else:
            peaks.append(tracemalloc.get_traced_memory()[1] - held)  # what this quarter added at most
    tracemalloc.stop()
    print(f"export: {rows} rows, {streamed / 1e6:.1f} MB streamed; traced peak {peaks[0] / 1e6:.2f} MB over rows "
          f"5,000-7,500, {peaks[1] / 1e6:.2f} MB over rows 7,500-10,000")
    assert rows == EXPORTED and next(batches, None) is None
    assert peaks[1] < 1.2 * peaks[0] and peaks[1] < streamed


def test_relevance_ranks_each_window_of_newest_matches_best_first(client, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Given 30 matches and windows of 10, relevance lists the 10 newest best first, then the next 10 best
    first, then the last 10: every match once, each window's scores descending."""
    monkeypatch.setattr(listing, "RELEVANCE_WINDOW", 10)
    ids = write(_stories("windows", 30, seed=3))
    pages = [client.get("/v1/articles", params={"q": "ceasefire", "source": "windows", "fields": "id,date,score",
                                                "limit": "10"} | ({"cursor": cursor} if cursor else {})).json()
             for cursor in [None]]
    while pages[-1]["next_cursor"]:
        pages.append(client.get("/v1/articles", params={"q": "ceasefire", "source": "windows", "limit": "10",
                                                        "fields": "id,date,score",
                                                        "cursor": pages[-1]["next_cursor"]}).json())
    windows = [page["results"] for page in pages]
    assert [len(w) for w in windows] == [10, 10, 10] and {r["id"] for w in windows for r in w} == set(ids)
    for newer, older in zip(windows, windows[1:], strict=False):
        assert min(r["date"] for r in newer) >= max(r["date"] for r in older)
    assert all([r["score"] for r in w] == sorted((r["score"] for r in w), reverse=True) for w in windows)
    assert any([r["score"] for r in w] != [r["score"] for r in sorted(w, key=lambda r: r["date"], reverse=True)]
               for w in windows), "the scores never reorder a window: the test shows nothing"
