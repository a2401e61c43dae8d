"""/console in headless Chromium: the page loads, lists a posted article, and its map marks Manila."""

from __future__ import annotations

import os
from pathlib import Path

from tests.ops.conftest import MANILA, post_sample

# The picture in the docs is refreshed only when asked (NEWSFLOW_UPDATE_SCREENSHOT=1): a test run leaves the
# checkout as it found it.
SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "console.png"


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
