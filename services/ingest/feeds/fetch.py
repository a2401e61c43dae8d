"""One polite GET: conditional headers, a real User-Agent, timeouts, a size cap, the SSRF guard at every redirect
hop, the host's minimum gap, and Retry-After / Cache-Control read from the answer.

Failures leave as ``FetchFailed`` with their kind and weight (soft or hard, see shared/errors.py).
"""

from __future__ import annotations

import email.utils
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

import httpx

from shared import state
from shared.errors import FetchFailed, InvalidInput
from shared.outbound import check_url
from shared.settings import get_settings

from . import hosts

REDIRECTS = {301, 302, 303, 307, 308}
SOFT_STATUSES = {404, 408, 425, 429}  # and every 5xx: likely to pass
MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.IGNORECASE)


@dataclass(frozen=True)
class Answer:
    """What a server answered: 200 with a body, or 304 (``body`` empty)."""

    status: int
    url: str  # after redirects
    body: bytes
    content_type: str
    etag: str | None
    last_modified: str | None
    max_age: float | None


@lru_cache(maxsize=1)
def user_agent() -> str:
    """``newsflow/<version> (+<contact URL>; <deployment>)``: who is asking and where to reach them.

    Without NEWSFLOW_FEED_CONTACT_URL the deployment's own public address stands in (fresh-eyes finding: the
    default named no way to reach the operator at all).
    """
    from importlib.metadata import version

    settings = get_settings()
    contact = settings.feed_contact_url or settings.base_url
    return f"newsflow/{version('newsflow')} (+{contact}; {settings.feed_deployment})"


@lru_cache(maxsize=1)
def shared_client() -> httpx.Client:
    """The process's client, shared by every poll (thread-safe; building one costs tens of CPU ms: TLS setup)."""
    return client()


def client() -> httpx.Client:
    """A client with our User-Agent and timeouts; redirects are followed by hand (each hop is checked)."""
    settings = get_settings()
    return httpx.Client(timeout=httpx.Timeout(settings.feed_timeout), follow_redirects=False,
                        headers={"User-Agent": user_agent(), "Accept-Encoding": "gzip, deflate"})


def get(http: httpx.Client, url: str, etag: str | None = None, last_modified: str | None = None,
        accept: str = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
                      "*/*;q=0.5") -> Answer:
    """GET ``url`` politely (conditionally when validators are given); FetchFailed on any failure."""
    settings = get_settings()
    headers = {"Accept": accept}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    for _ in range(settings.feed_max_redirects + 1):
        _guard(url)
        hosts.take_turn(urlsplit(url).hostname or "", settings.feed_host_gap)
        try:
            with http.stream("GET", url, headers=headers) as response:
                if response.status_code in REDIRECTS and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                return _answer(response, url)
        except httpx.TimeoutException as exc:
            raise FetchFailed("timeout", f"{url}: no answer within {settings.feed_timeout:g} s ({exc!r})",
                              soft=True) from None
        except httpx.HTTPError as exc:
            raise _transport(url, exc) from None
    raise FetchFailed("redirects", f"more than {settings.feed_max_redirects} redirects from {url}", soft=False)


def _guard(url: str) -> None:
    try:
        check_url(url, get_settings().outbound_allowlist)
    except InvalidInput as exc:
        soft = "does not resolve" in exc.reason  # DNS may come back; a private address will not
        raise FetchFailed("dns" if soft else "ssrf", f"{url}: {exc.reason}", soft=soft) from None


def _answer(response: httpx.Response, url: str) -> Answer:
    status = response.status_code
    if status == 304:
        return Answer(304, url, b"", "", response.headers.get("etag"), response.headers.get("last-modified"),
                      _max_age(response))
    if status >= 400:
        soft = status in SOFT_STATUSES or status >= 500
        retry_after = retry_after_s(response.headers.get("retry-after")) if status in (429, 503) else None
        raise FetchFailed(f"http_{status}", f"{url} answered {status} {response.reason_phrase}", soft=soft,
                          retry_after=retry_after)
    if status != 200:
        raise FetchFailed(f"http_{status}", f"{url} answered {status}, not 200 or 304", soft=True)
    return Answer(200, url, _capped(response, url), response.headers.get("content-type", ""),
                  response.headers.get("etag"), response.headers.get("last-modified"), _max_age(response))


def _capped(response: httpx.Response, url: str) -> bytes:
    limit = get_settings().feed_max_bytes
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchFailed("too_large", f"{url} is {declared} bytes, over NEWSFLOW_FEED_MAX_BYTES ({limit})",
                          soft=False)
    body = bytearray()
    for chunk in response.iter_bytes():  # decompressed: the cap holds against a gzip bomb too
        body += chunk
        if len(body) > limit:
            raise FetchFailed("too_large", f"{url} is over NEWSFLOW_FEED_MAX_BYTES ({limit} bytes)", soft=False)
    return bytes(body)


def _max_age(response: httpx.Response) -> float | None:
    control = response.headers.get("cache-control", "")
    if "no-store" in control.lower() or "no-cache" in control.lower():
        return None
    found = MAX_AGE.search(control)
    return float(found.group(1)) if found else None


def retry_after_s(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 10.2.3); None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


def _transport(url: str, exc: httpx.HTTPError) -> FetchFailed:
    cause = exc.__context__ or exc.__cause__
    while cause is not None and not isinstance(cause, socket.gaierror):
        cause = cause.__context__ or cause.__cause__
    if isinstance(cause, socket.gaierror):
        soft = cause.errno == socket.EAI_AGAIN  # "try again"; "no such name" is hard
        return FetchFailed("dns", f"{url}: {cause}", soft=soft)
    return FetchFailed("connect", f"{url}: {type(exc).__name__}: {exc}", soft=True)


def _forget() -> None:
    if shared_client.cache_info().currsize:
        shared_client().close()
    shared_client.cache_clear()
    user_agent.cache_clear()


state.on_reset("feed http client", _forget)
