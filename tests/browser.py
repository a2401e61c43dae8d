"""Headless Chromium for page tests, and an API served by uvicorn in a thread for it to load.

The browser records every request the page makes (Chrome's performance log), so a test can say that a
page loaded nothing from another host.
"""

from __future__ import annotations

import json
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1400,1000")


def _find(*names: str) -> str | None:
    return next((path for name in names if (path := shutil.which(name))), None)


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator:  # type: ignore[type-arg]
    """Headless Debian Chromium driven by chromedriver, with a fresh profile and a log of its requests."""
    chromium, driver = _find("chromium", "chromium-browser"), _find("chromedriver")
    if not (chromium and driver):
        reason = "chromium/chromedriver not installed (apt-get install -y chromium chromium-driver)"
        print(f"SKIP: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}"):
        options.add_argument(flag)
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        yield session
    finally:
        session.quit()


def requested_hosts(browser: Any) -> set[str]:
    """The host:port of every http(s) request the browser made since the last call."""
    hosts = set()
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = urlsplit(message["params"]["request"]["url"])
            if url.scheme in ("http", "https"):
                hosts.add(url.netloc)
    return hosts


@contextmanager
def served(app: Any, port: int) -> Iterator[str]:
    """The ASGI app served on 127.0.0.1:``port`` in a thread; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError(f"the API did not start on port {port}")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
