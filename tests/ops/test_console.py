"""/console in headless Chromium: the page loads, lists a posted article, and its map marks Manila."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.ops.conftest import MANILA, post_sample

# The picture in the docs is refreshed only when asked (NEWSFLOW_UPDATE_SCREENSHOT=1): a test run leaves the
# checkout as it found it.
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "console.png"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")


def _find(*names: str) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """Headless Debian Chromium driven by chromedriver, with a fresh profile."""
    chromium, driver = _find("chromium", "chromium-browser"), _find("chromedriver")
    if not (chromium and driver):
        reason = "chromium/chromedriver not installed (apt-get install -y chromium chromium-driver)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield session
    finally:
        session.quit()


def test_console_shows_a_posted_article_and_marks_manila_on_the_map(pipeline, browser, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    running, mirror = pipeline
    # Given an article about Manila that went through the pipeline
    article = post_sample(running)

    # When an operator opens the console
    browser.get(f"{running.base}/console")
    wait = WebDriverWait(browser, 20)
    item = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, f'li[data-article-id="{article["id"]}"]'))

    # Then the article is listed with its status and places, and the map marks Manila
    assert article["headline"] in item.text and "published" in item.text
    dot = wait.until(lambda b: b.find_element(By.CSS_SELECTOR, f'#places circle[data-geonameid="{MANILA}"]'))
    assert 300 < float(dot.get_attribute("cx")) < 310 and 70 < float(dot.get_attribute("cy")) < 80  # 121E 14.6N
    assert len(browser.find_elements(By.CSS_SELECTOR, "#countries path")) > 150  # the bundled outlines
    # And the mirror's deliveries are shown
    wait.until(lambda b: "1" in b.find_element(By.CSS_SELECTOR, 'tr[data-mirror="ops-mirror"]').text)
    target = SCREENSHOT if os.environ.get("NEWSFLOW_UPDATE_SCREENSHOT") == "1" else tmp_path / "console.png"
    assert browser.save_screenshot(str(target)) and target.stat().st_size > 10_000
