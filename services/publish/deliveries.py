"""Delivering one signed message to one mirror: the POST, what its answer means, and when to try again.

The Celery task owns the delivery row and the dead-letter table; this module owns the rules. Any answer
outside 2xx is a failure: 408, 429, 5xx and network trouble are worth retrying on the schedule; a
redirect or any other 4xx is refused for good, and 410 Gone also retires the mirror.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx

RETRYABLE_STATUSES = frozenset({408, 429})
MAX_RETRY_AFTER = 24 * 3600.0  # a mirror's hint must not park a delivery for days
ERROR_BODY_BYTES = 300  # enough of the mirror's answer to explain a failure, never a whole page


@dataclass(frozen=True)
class Outcome:
    """What one delivery attempt came to."""

    ok: bool
    status: int | None
    error: str | None
    retry_after: float | None
    permanent: bool
    gone: bool  # 410: disable the mirror


def send(client: httpx.Client, url: str, body: bytes, headers: Mapping[str, str]) -> Outcome:
    """POST ``body`` to ``url`` once, without following redirects, and classify the answer."""
    try:
        with client.stream("POST", url, content=body, headers=dict(headers), follow_redirects=False) as resp:
            return classify(resp.status_code, resp.headers, _head_of_body(resp))
    except (httpx.UnsupportedProtocol, httpx.InvalidURL) as exc:
        return _failure(None, f"{type(exc).__name__}: {exc}", permanent=True)
    except httpx.TimeoutException as exc:
        return _failure(None, f"timeout: {type(exc).__name__}")
    except (httpx.TransportError, httpx.StreamError) as exc:
        return _failure(None, f"{type(exc).__name__}: {exc}")


def classify(status: int, headers: Mapping[str, str], text: str = "") -> Outcome:
    """The outcome of an HTTP answer with ``status``, ``headers`` and the start of its body."""
    if 200 <= status < 300:
        return Outcome(ok=True, status=status, error=None, retry_after=None, permanent=False, gone=False)
    if 300 <= status < 400:
        location = headers.get("location", "(no location)")
        return _failure(status, f"redirect to {location} not followed", permanent=True)
    error = f"HTTP {status}" + (f": {text}" if text else "")
    if status in RETRYABLE_STATUSES or 500 <= status < 600:
        return _failure(status, error, retry_after=parse_retry_after(headers.get("retry-after")))
    return Outcome(ok=False, status=status, error=error, retry_after=None, permanent=True, gone=status == 410)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP-date); None if absent or bad."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:  # RFC 9110 dates are GMT; email.utils leaves "-0000" naive
        return None
    current = time.time() if now is None else now
    return max(0.0, moment.timestamp() - current)


def next_delay(
    attempt: int,
    schedule: Sequence[float],
    retry_after: float | None = None,
    rng: random.Random | None = None,
) -> float | None:
    """Seconds before the next try after ``attempt`` tries; None when the schedule is spent (dead-letter)."""
    if attempt < 0:
        raise ValueError("attempt counts tries already made; it cannot be negative")
    if attempt >= len(schedule):
        return None
    # Full jitter (AWS architecture blog): spreads a burst of failures to one mirror over the window.
    delay = (rng or random).uniform(0, schedule[attempt])
    if retry_after is not None:
        delay = max(delay, min(max(retry_after, 0.0), MAX_RETRY_AFTER))
    return delay


def _failure(
    status: int | None, error: str, retry_after: float | None = None, permanent: bool = False
) -> Outcome:
    """A failed outcome."""
    return Outcome(
        ok=False, status=status, error=error, retry_after=retry_after, permanent=permanent, gone=False
    )


def _head_of_body(resp: httpx.Response) -> str:
    """The first bytes of a non-2xx answer, decoded leniently; nothing is read from a success."""
    if resp.is_success:
        return ""
    head = b""
    for chunk in resp.iter_bytes():
        head += chunk
        if len(head) >= ERROR_BODY_BYTES:
            break
    return head[:ERROR_BODY_BYTES].decode("utf-8", "replace").strip()
