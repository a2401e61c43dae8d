"""/docs works offline: Swagger UI and its assets come from our own server, never from a CDN."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest

from services.api import create_api
from tests.browser import requested_hosts, served
from tests.e2e.stack import free_port


class _Links(HTMLParser):
    """Every script src and link href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"script": "src", "link": "href", "img": "src"}.get(tag)
        self.urls += [value for name, value in attrs if name == wanted and value]


@pytest.fixture()
def api(configure) -> str:  # type: ignore[no-untyped-def]
    port = free_port()
    configure(api_port=str(port))
    with served(create_api(relay=False), port) as base:
        yield base


def test_docs_page_and_every_asset_it_names_come_from_our_server(api: str) -> None:
    page = httpx.get(f"{api}/docs")
    assert page.status_code == 200 and "SwaggerUIBundle" in page.text
    links = _Links()
    links.feed(page.text)
    assert len(links.urls) >= 3  # the bundle, its stylesheet, the icon
    for url in links.urls:
        assert not urlsplit(url).netloc, f"{url} is on another host"
        asset = httpx.get(f"{api}{url}")
        assert asset.status_code == 200 and len(asset.content) > 500, url


def test_redoc_and_its_script_come_from_our_server_too(api: str) -> None:
    page = httpx.get(f"{api}/redoc")
    links = _Links()
    links.feed(page.text)
    assert page.status_code == 200 and any(url.endswith("redoc.standalone.js") for url in links.urls)
    assert [url for url in links.urls if urlsplit(url).netloc] == []
    assert all(httpx.get(f"{api}{url}").status_code == 200 for url in links.urls)
    assert "fonts.googleapis" not in page.text


def test_docs_render_the_operations_in_a_browser_without_outside_requests(api: str, browser) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{api}/docs")
    wait = WebDriverWait(browser, 30)
    wait.until(lambda b: len(b.find_elements(By.CSS_SELECTOR, ".opblock")) > 10)
    paths = {e.text for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-path")}
    assert {"/v1/articles", "/feeds/all.{fmt}"} <= {p.replace("\u200b", "") for p in paths}
    assert requested_hosts(browser) == {urlsplit(api).netloc}
