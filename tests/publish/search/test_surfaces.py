"""Search where people use it, on both engines: the command line, saved searches as feeds, the console."""

from __future__ import annotations

import feedparser
import orjson
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from services.api import create_api
from services.cli import main
from shared.settings import get_settings
from tests.browser import served
from tests.publish.search.conftest import write
from tests.publish.search.desk import DESK


@pytest.fixture(scope="module")
def desk(client: TestClient) -> dict[str, str]:
    """The desk's stories: story name -> article id."""
    return dict(zip(DESK, write(list(DESK.values())), strict=True))


def test_the_command_prints_a_table_of_matches_linking_to_their_pages(desk) -> None:  # type: ignore[no-untyped-def]
    done = CliRunner(env={"COLUMNS": "300"}).invoke(
        main, ["search", "ceasefire", "--near", "50.45,30.52,200", "--since", "7d"])
    assert done.exit_code == 0, done.output
    assert "Ceasefire agreed in Kyiv talks" in done.stdout and f"/articles/{desk['kyiv_talks']}" in done.stdout
    assert "Manila" not in done.stdout


def test_the_command_prints_json_pages_and_ndjson_exports(desk) -> None:  # type: ignore[no-untyped-def]
    runner = CliRunner()
    page = orjson.loads(runner.invoke(main, ["search", "--country", "UA", "--json", "--limit", "2"]).stdout)
    assert len(page["results"]) == 2 and page["next_cursor"]
    rest = orjson.loads(runner.invoke(main, ["search", "--country", "UA", "--json", "--cursor",
                                             page["next_cursor"]]).stdout)
    lines = runner.invoke(main, ["search", "--country", "UA", "--ndjson", "--fields", "id"]).stdout.splitlines()
    exported = [orjson.loads(line)["id"] for line in lines]
    assert exported == [r["id"] for r in page["results"] + rest["results"]] and len(exported) == 5


def test_the_command_names_a_bad_option_and_exits_non_zero(desk) -> None:  # type: ignore[no-untyped-def]
    done = CliRunner().invoke(main, ["search", "ceasefire", "--near", "50.45,30.52"])
    assert done.exit_code == 2 and "near: '50.45,30.52' is not lat,lon,km" in done.output


@pytest.mark.parametrize("fmt", ["atom", "rss", "json"])
def test_a_saved_search_is_a_feed_of_its_newest_matches(client, desk, fmt) -> None:  # type: ignore[no-untyped-def]
    answer = client.get(f"/feeds/search.{fmt}", params={"q": "ceasefire", "place": "690791",
                                                         "include": "contained"})
    assert answer.status_code == 200
    newest_first = [desk["kyiv_talks"], desk["bila_tserkva"], desk["football"]]
    if fmt == "json":
        feed = orjson.loads(answer.content)
        assert [item["id"] for item in feed["items"]] == [f"urn:uuid:{i}" for i in newest_first]
        assert "q=ceasefire" in feed["title"]
        return
    parsed = feedparser.parse(answer.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert [entry.id.removeprefix("urn:uuid:") for entry in parsed.entries] == newest_first
    assert "q=ceasefire" in parsed.feed.title


def test_a_saved_search_feed_answers_a_repeat_with_304_and_a_bad_filter_with_422(client, desk) -> None:  # type: ignore[no-untyped-def]
    first = client.get("/feeds/search.atom", params={"source": "agency"})
    again = client.get("/feeds/search.atom", params={"source": "agency"},
                       headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304
    bad = client.get("/feeds/search.atom", params={"bbox": "1,2"})
    assert bad.status_code == 422 and bad.json()["field"] == "bbox"


def test_the_console_search_box_lists_matches_linking_to_their_pages_with_facets_and_map(  # type: ignore[no-untyped-def]
        engine_url, desk, browser) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    port = 18230 + engine_url.startswith("postgresql")
    with served(create_api(relay=False), port) as base:
        # Given the console, when an editor searches for words near Kyiv
        browser.get(f"{base}/console")
        form = browser.find_element(By.ID, "search")
        form.find_element(By.NAME, "q").send_keys("ceasefire -football")
        form.find_element(By.NAME, "near").send_keys("50.45,30.52,200")
        form.submit()
        wait = WebDriverWait(browser, 20)
        item = wait.until(lambda b: b.find_element(By.CSS_SELECTOR,
                                                   f'#search-results li[data-article-id="{desk["kyiv_talks"]}"]'))
        # Then the matches link to their pages with the words marked, and the facets count them on the map
        assert item.find_element(By.TAG_NAME, "a").get_attribute("href") == f"{get_settings().base_url}/articles/" \
            f"{desk['kyiv_talks']}"
        assert item.find_element(By.TAG_NAME, "mark").text.lower() == "ceasefire"
        assert len(browser.find_elements(By.CSS_SELECTOR, "#search-results li")) == 2
        assert browser.find_element(By.ID, "search-total").text == "2 matching articles"
        dot = browser.find_element(By.CSS_SELECTOR, '#search-places circle[data-geonameid="703448"]')
        assert 210 < float(dot.get_attribute("cx")) < 211 and 39 < float(dot.get_attribute("cy")) < 40
        assert "UA" in browser.find_element(By.ID, "facet-countries").text
