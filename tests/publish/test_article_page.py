"""GET /articles/{id}: the article as an escaped web page, with a map of its places and links to their feeds."""

from __future__ import annotations

import re
import uuid
from html.parser import HTMLParser

import httpx
import pytest
from fastapi.testclient import TestClient

from services.api import create_api
from shared.db import session_scope
from tests.browser import requested_hosts, served
from tests.e2e.stack import free_port
from tests.publish.conftest import KYIV, MANILA, publish

HOSTILE = ('<p onclick="steal()">Kyiv <a href="javascript:steal()">council</a> met.</p>'
           '<script>steal()</script><img src="https://tracker.example/p.gif">')


class _Outside(HTMLParser):
    """Every URL a page would load (src, stylesheet links), as opposed to links a reader may follow."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("src"):
            self.loads.append(values["src"] or "")
        if tag == "link" and values.get("rel") == "stylesheet":
            self.loads.append(values.get("href") or "")


@pytest.fixture()
def client(database) -> TestClient:  # type: ignore[no-untyped-def]
    return TestClient(create_api(relay=False))


def test_the_page_shows_the_article_escaped_with_its_places_and_entities_linked(client: TestClient) -> None:
    with session_scope() as session:
        published = publish(session, "g1", "Council <b>meets</b> & votes", KYIV, entity="Kyiv City Council",
                            body_html=HOSTILE)
    answer = client.get(f"/articles/{published.article_id}", headers={"accept": "text/html"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    page = answer.text
    assert "<title>Council &lt;b&gt;meets&lt;/b&gt; &amp; votes</title>" in page
    assert "<script" not in page and "steal" not in page and "onclick" not in page
    assert 'href="http://127.0.0.1:8000/feeds/places/703448.atom">Kyiv</a>' in page
    entity = re.search(r'<a href="http://127.0.0.1:8000/feeds/entities/(\d+)\.atom" data-entity-id="\1">'
                       r"Kyiv City Council</a>", page)
    assert entity is not None
    assert client.get(f"/feeds/entities/{entity.group(1)}.atom").status_code == 200
    assert '<circle data-geonameid="703448"' in page  # the map marks Kyiv
    assert f'type="application/json" href="http://127.0.0.1:8000/v1/articles/{published.article_id}"' in page
    outside = _Outside()
    outside.feed(page)
    assert outside.loads == []  # the tracker pixel went with the sanitiser; nothing else loads
    assert "default-src 'none'" in answer.headers["content-security-policy"]


def test_an_unknown_article_is_a_json_404_for_clients_and_a_page_for_browsers(client: TestClient) -> None:
    missing = uuid.uuid4()
    answer = client.get(f"/articles/{missing}")
    assert answer.status_code == 404 and answer.json()["error"] == "NotFound"
    assert str(missing) in answer.json()["reason"]
    browser = client.get(f"/articles/{missing}", headers={"accept": "text/html,application/xhtml+xml"})
    assert browser.status_code == 404 and "<h1>No such article</h1>" in browser.text
    not_an_id = client.get("/articles/<script>")
    assert not_an_id.status_code == 404 and "article ids are UUIDs" in not_an_id.json()["reason"]


def test_a_withdrawn_article_is_gone_and_a_held_one_not_found(client: TestClient) -> None:
    with session_scope() as session:
        killed = publish(session, "g1", "Manila story", MANILA)
        publish(session, "g1", "Manila story", MANILA, pubstatus="canceled")
        held = publish(session, "g2", "Held story", MANILA, pubstatus="withheld")
    gone = client.get(f"/articles/{killed.article_id}", headers={"accept": "text/html"})
    assert gone.status_code == 410 and "withdrew" in gone.text and "Manila story" not in gone.text
    assert client.get(f"/articles/{held.article_id}").status_code == 404


def test_the_page_renders_in_a_browser_from_our_server_alone(database, configure, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By

    port = free_port()
    configure(api_port=str(port), database_url=database["NEWSFLOW_DATABASE_URL"],
              broker_url=database["NEWSFLOW_BROKER_URL"])
    with session_scope() as session:
        published = publish(session, "g1", "Kyiv and Manila sign a deal", KYIV, entity="United Nations")
    with served(create_api(relay=False), port) as base:
        assert httpx.get(f"{base}/articles/{published.article_id}").status_code == 200
        browser.get(f"{base}/articles/{published.article_id}")
        assert browser.find_element(By.TAG_NAME, "h1").text == "Kyiv and Manila sign a deal"
        dot = browser.find_element(By.CSS_SELECTOR, 'svg.map circle[data-geonameid="703448"]')
        assert dot.is_displayed() and dot.size["width"] > 0
        assert len(browser.find_elements(By.CSS_SELECTOR, "svg.map .countries path")) > 3
        link = browser.find_element(By.CSS_SELECTOR, ".entities a[data-entity-id]")
        assert link.get_attribute("href").startswith(f"{base}/feeds/entities/")
        assert requested_hosts(browser) == {f"127.0.0.1:{port}"}
