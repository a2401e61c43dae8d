"""Delivery attempts against a real HTTP server on 127.0.0.1, and the retry schedule."""

from __future__ import annotations

import random
import socket
import threading
import time
from collections.abc import Iterator
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from services.publish.deliveries import Outcome, next_delay, parse_retry_after, send
from shared.signing import generate_secret, headers, verify

SCHEDULE = [0, 5, 300, 1800]
BODY = b'{"article_id":"a1","event":"created"}'
SLOW_SECONDS = 2.0


class Mirror(BaseHTTPRequestHandler):
    """A mirror whose answer is chosen by the path; it records what it received."""

    received: list[tuple[str, dict[str, str], bytes]] = []

    def do_POST(self) -> None:  # noqa: N802 - the name http.server dispatches to
        body = self.rfile.read(int(self.headers.get("content-length", 0)))
        self.received.append((self.path, dict(self.headers.items()), body))
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        status, extra, text = ANSWERS[self.path]
        if self.path == "/busy-until":  # an HTTP date an hour from the moment of the answer
            extra = {"retry-after": formatdate(time.time() + 3600, usegmt=True)}
        self.send_response(status)
        for name, value in extra.items():
            self.send_header(name, value)
        payload = text.encode()
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - keeps pytest output clean
        pass


ANSWERS: dict[str, tuple[int, dict[str, str], str]] = {
    "/ok": (200, {}, "thanks"),
    "/accepted": (202, {}, ""),
    "/moved": (301, {"location": "http://169.254.169.254/latest"}, ""),
    "/missing": (404, {}, "no such hook"),
    "/gone": (410, {}, "mirror retired"),
    "/busy": (429, {"retry-after": "120"}, "slow down"),
    "/busy-until": (429, {}, ""),
    "/timeout": (408, {}, ""),
    "/down": (503, {}, "x" * 5000),
    "/slow": (200, {}, "too late"),
}


@pytest.fixture(scope="module")
def mirror() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Mirror)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=0.5) as client:
        yield client


def test_2xx_is_ok_and_the_mirror_gets_body_and_signed_headers(mirror: str, client: httpx.Client) -> None:
    secret = generate_secret()
    signed = headers(secret, "delivery-1", BODY)
    outcome = send(client, f"{mirror}/ok", BODY, signed)
    assert outcome == Outcome(ok=True, status=200, error=None, retry_after=None, permanent=False, gone=False)
    path, got_headers, got_body = Mirror.received[-1]
    assert (path, got_body) == ("/ok", BODY)
    verify(secret, got_headers, got_body)


def test_202_is_ok(mirror: str, client: httpx.Client) -> None:
    assert send(client, f"{mirror}/accepted", BODY, {}).ok


def test_a_redirect_is_not_followed_and_fails_for_good(mirror: str, client: httpx.Client) -> None:
    """Following a redirect would let a mirror point us at an internal address check_url refused."""
    before = len(Mirror.received)
    outcome = send(client, f"{mirror}/moved", BODY, {})
    assert (outcome.ok, outcome.status, outcome.permanent, outcome.gone) == (False, 301, True, False)
    assert outcome.error == "redirect to http://169.254.169.254/latest not followed"
    assert len(Mirror.received) == before + 1


def test_404_is_permanent_and_quotes_the_mirror(mirror: str, client: httpx.Client) -> None:
    outcome = send(client, f"{mirror}/missing", BODY, {})
    assert (outcome.ok, outcome.status, outcome.permanent, outcome.gone) == (False, 404, True, False)
    assert outcome.error == "HTTP 404: no such hook"


def test_410_is_permanent_and_gone(mirror: str, client: httpx.Client) -> None:
    outcome = send(client, f"{mirror}/gone", BODY, {})
    assert (outcome.status, outcome.permanent, outcome.gone) == (410, True, True)


def test_429_is_retryable_and_honours_retry_after_seconds(mirror: str, client: httpx.Client) -> None:
    outcome = send(client, f"{mirror}/busy", BODY, {})
    assert (outcome.ok, outcome.status, outcome.permanent, outcome.retry_after) == (False, 429, False, 120.0)


def test_retry_after_as_an_http_date_becomes_seconds(mirror: str, client: httpx.Client) -> None:
    outcome = send(client, f"{mirror}/busy-until", BODY, {})
    assert outcome.retry_after is not None and 3500 < outcome.retry_after <= 3600


def test_408_is_retryable(mirror: str, client: httpx.Client) -> None:
    outcome = send(client, f"{mirror}/timeout", BODY, {})
    assert (outcome.status, outcome.permanent, outcome.retry_after) == (408, False, None)


def test_503_is_retryable_and_the_error_keeps_only_the_start_of_the_body(
    mirror: str, client: httpx.Client
) -> None:
    outcome = send(client, f"{mirror}/down", BODY, {})
    assert (outcome.status, outcome.permanent) == (503, False)
    assert (
        outcome.error is not None and outcome.error.startswith("HTTP 503: xxx") and len(outcome.error) < 400
    )


def test_a_mirror_that_hangs_past_the_timeout_is_retryable(mirror: str) -> None:
    with httpx.Client(timeout=0.2) as short:
        started = time.monotonic()
        outcome = send(short, f"{mirror}/slow", BODY, {})
    assert time.monotonic() - started < SLOW_SECONDS
    assert (outcome.ok, outcome.status, outcome.permanent) == (False, None, False)
    assert outcome.error is not None and outcome.error.startswith("timeout")


def test_a_refused_connection_is_retryable(client: httpx.Client) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = send(client, f"http://127.0.0.1:{port}/hook", BODY, {})
    assert (outcome.ok, outcome.status, outcome.permanent) == (False, None, False)
    assert outcome.error is not None and "ConnectError" in outcome.error


def test_a_url_httpx_cannot_speak_to_is_permanent(client: httpx.Client) -> None:
    outcome = send(client, "gopher://127.0.0.1/hook", BODY, {})
    assert (outcome.ok, outcome.permanent) == (False, True)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (" 0 ", 0.0),
        ("Thu, 01 Jan 1970 00:10:00 GMT", 500.0),
        ("Thu, 01 Jan 1970 00:00:00 GMT", 0.0),  # in the past: retry now, not negative
        ("soon", None),
        ("-5", None),
        ("1.5", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_retry_after(value: str | None, seconds: float | None) -> None:
    assert parse_retry_after(value, now=100.0) == seconds


def test_next_delay_is_full_jitter_within_the_schedule_step() -> None:
    rng = random.Random(7)
    delays = [next_delay(2, SCHEDULE, rng=rng) for _ in range(500)]
    assert all(d is not None and 0 <= d <= 300 for d in delays)
    assert min(d for d in delays if d is not None) < 30 and max(d for d in delays if d is not None) > 270


def test_next_delay_is_reproducible_with_a_seeded_rng() -> None:
    assert next_delay(1, SCHEDULE, rng=random.Random(1)) == next_delay(1, SCHEDULE, rng=random.Random(1))


def test_next_delay_before_the_first_attempt_is_the_first_step() -> None:
    assert next_delay(0, SCHEDULE) == 0


def test_next_delay_is_none_when_the_schedule_is_spent() -> None:
    """Four steps allow four attempts; after the fourth failure the delivery goes to the dead letters."""
    assert next_delay(3, SCHEDULE) is not None
    assert next_delay(4, SCHEDULE) is None
    assert next_delay(1, []) is None


def test_next_delay_is_never_shorter_than_retry_after() -> None:
    rng = random.Random(3)
    assert all(next_delay(1, SCHEDULE, retry_after=120, rng=rng) == 120 for _ in range(50))


def test_retry_after_is_capped_at_a_day() -> None:
    assert next_delay(1, SCHEDULE, retry_after=10 * 86400) == 86400


def test_retry_after_does_not_outlive_the_schedule() -> None:
    assert next_delay(4, SCHEDULE, retry_after=60) is None


def test_a_negative_attempt_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        next_delay(-1, SCHEDULE)
