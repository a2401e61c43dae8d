"""Rate limits: a token bucket per source, in Redis when the broker is Redis, else in memory.

With Redis every API process takes from the same bucket (one Lua script reads the clock and updates the
bucket atomically, on Redis's clock, so process clocks do not matter). Without Redis (the embedded setup
runs one API process) each process keeps its own buckets. If Redis does not answer, this process's
buckets stand in: a broker outage must not stop the API, whose outbox is made to ride one out.

Failed authentications take from a second kind of bucket, one per client address: once it is empty, every
request from that address is refused before its key is looked at, so bad keys cannot be tried at speed. Keys
not known from the last few seconds are looked up one at a time per address (``guarded_lookup``), each failure
counted before the next lookup, so guesses sent at once never outnumber the allowance. An address whose bucket
was found full is not asked about again for ``CLEAR_SECONDS`` unless it fails here, so an address that never
fails costs no Redis round trip per request; another process's failures refuse this one's requests with known
keys within that second.
"""

from __future__ import annotations

import ipaddress
import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Protocol

import redis

from shared import state
from shared.errors import RateLimited, Unauthorized
from shared.logging import get_logger
from shared.settings import get_settings

log = get_logger(__name__)

# Both scripts first refill the bucket for the time since its last use (Redis' own clock: every API process agrees).
REFILL = """
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
local state = redis.call('HMGET', KEYS[1], 'tokens', 'stamp')
local tokens = tonumber(state[1]) or burst
local stamp = tonumber(state[2]) or now
tokens = math.min(burst, tokens + math.max(0, now - stamp) * rate)
"""
TAKE = REFILL + """
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = (1 - tokens) / rate end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'stamp', tostring(now))
redis.call('EXPIRE', KEYS[1], math.ceil(burst / rate) + 1)
return tostring(wait)
"""
PEEK = REFILL + """
if tokens >= burst then return '-1' end
if tokens >= 1 then return '0' end
return tostring((1 - tokens) / rate)
"""
KEY_PREFIX = "newsflow:ratelimit:"


class Buckets(Protocol):
    def take(self, name: str, rate: float, burst: int) -> float:
        """Take one token: 0 if there was one, else the seconds until there is."""
        ...

    def peek(self, name: str, rate: float, burst: int) -> float:
        """-1 if the bucket is full, 0 if a token is there to take, else the seconds until there is; takes nothing."""
        ...


class LocalBuckets:
    """Token buckets in this process's memory (one per source, so bounded by the number of sources)."""

    def __init__(self) -> None:
        self._state: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def take(self, name: str, rate: float, burst: int) -> float:
        """Take one token: 0 if there was one, else the seconds until there is."""
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._state.get(name, (float(burst), now))
            tokens = min(float(burst), tokens + (now - stamp) * rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / rate
            self._state[name] = (tokens - 1 if wait == 0 else tokens, now)
            return wait

    def peek(self, name: str, rate: float, burst: int) -> float:
        """-1 if the bucket is full, 0 if a token is there to take, else the seconds until there is; takes nothing."""
        now = time.monotonic()
        with self._lock:
            tokens, stamp = self._state.get(name, (float(burst), now))
            tokens = min(float(burst), tokens + (now - stamp) * rate)
            return -1.0 if tokens >= burst else 0.0 if tokens >= 1 else (1 - tokens) / rate


class RedisBuckets:
    """Token buckets in Redis, shared by every API process using the same Redis."""

    def __init__(self, url: str) -> None:
        # Short timeouts: a hung Redis must not hold up posting for longer than a blink.
        self._client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)
        self._script = self._client.register_script(TAKE)
        self._peek = self._client.register_script(PEEK)
        self._fallback = LocalBuckets()

    def take(self, name: str, rate: float, burst: int) -> float:
        """Take one token in Redis; in this process's buckets when Redis does not answer."""
        try:
            return float(self._script(keys=[KEY_PREFIX + name], args=[rate, burst]))
        except redis.RedisError as exc:
            log.warning("rate_limit_redis_unavailable", error=f"{type(exc).__name__}: {exc}")
            return self._fallback.take(name, rate, burst)

    def peek(self, name: str, rate: float, burst: int) -> float:
        """Look at the bucket in Redis (-1: full); at this process's when Redis does not answer."""
        try:
            return float(self._peek(keys=[KEY_PREFIX + name], args=[rate, burst]))
        except redis.RedisError as exc:
            log.warning("rate_limit_redis_unavailable", error=f"{type(exc).__name__}: {exc}")
            return self._fallback.peek(name, rate, burst)


@lru_cache(maxsize=4)
def buckets_for(broker_url: str) -> Buckets:
    """The buckets for this broker: Redis's when the broker is Redis."""
    if broker_url.startswith(("redis://", "rediss://")):
        return RedisBuckets(broker_url)
    return LocalBuckets()


state.on_reset("rate-limit buckets", buckets_for.cache_clear)


def admit(bucket: str) -> None:
    """Take a token from the source's bucket; RateLimited (429) when it is empty."""
    settings = get_settings()
    rate, burst = settings.rate_limit_per_second, settings.rate_limit_burst
    if rate <= 0:
        return
    wait = buckets_for(settings.broker_url).take(bucket, rate, burst)
    if wait > 0:
        retry_after = max(1, math.ceil(wait))
        who = "anonymous clients are" if bucket.startswith("_") else f"source {bucket!r} is"
        raise RateLimited("source", f"{who} over {rate:g} requests/s (bursts of {burst}); retry in {retry_after} s",
                          retry_after)


FAILURES = "_failed_auth:"  # no source name starts with "_", so these buckets never meet a source's
IPV6_PREFIX = 64  # one IPv6 client holds a whole /64 (its interface ids are its own to choose)
UNKNOWN_ADDRESS = "unknown"


def client_address(host: str | None) -> str:
    """The address a client's failures are counted against: an IPv4 address (an IPv4-mapped IPv6 one as IPv4), an
    IPv6 client's /64 network, or "unknown" for anything else (a value a trusted proxy forwarded that is no
    address): written one way, whatever the spelling, and never longer than an address."""
    try:
        address = ipaddress.ip_address((host or "").strip())
    except ValueError:
        return UNKNOWN_ADDRESS
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False))
    return str(address)
CLEAR_SECONDS = 1.0  # how long an address whose failures bucket was full is taken to be clear, unless it fails here
CLEAR_LIMIT = 10_000  # addresses remembered at most (a flood of new addresses only makes this forget sooner)


class ClearAddresses:
    """The client addresses this process found with a full failures bucket, each until when it trusts that."""

    def __init__(self) -> None:
        self._until: dict[str, float] = {}
        self._lock = threading.Lock()

    def clear(self, address: str) -> bool:
        with self._lock:
            return self._until.get(address, 0.0) > time.monotonic()

    def found_clear(self, address: str) -> None:
        now = time.monotonic()
        with self._lock:
            if len(self._until) >= CLEAR_LIMIT:
                self._until = {kept: until for kept, until in self._until.items() if until > now}
                if len(self._until) >= CLEAR_LIMIT:
                    self._until.clear()
            self._until[address] = now + CLEAR_SECONDS

    def failed(self, address: str) -> None:
        with self._lock:
            self._until.pop(address, None)

    def forget(self) -> None:
        with self._lock:
            self._until.clear()


_CLEAR = ClearAddresses()
state.on_reset("clear client addresses", _CLEAR.forget)


def refuse_failing(address: str) -> None:
    """RateLimited (429) while this client address has used up its allowance of failed authentications."""
    settings = get_settings()
    rate, burst = settings.auth_failure_rate_per_second, settings.auth_failure_burst
    if rate <= 0 or _CLEAR.clear(address):
        return
    wait = buckets_for(settings.broker_url).peek(FAILURES + address, rate, burst)
    if wait < 0:
        _CLEAR.found_clear(address)
    if wait > 0:
        raise _too_many_failures(address, wait)


class GuessFailed(Unauthorized):
    """A key that names no active source: counted against the address as soon as its lookup failed."""


LOOKUP_LOCKS = [threading.Lock() for _ in range(64)]  # striped by address: bounded however many addresses come


@contextmanager
def guarded_lookup(address: str) -> Iterator[None]:
    """Look a key up inside: one such lookup at a time per client address in this process, each after a fresh look
    at the address's allowance (RateLimited, 429, when it is spent), and a failure inside (Unauthorized) counted
    before the next lookup starts (raised on as ``GuessFailed``). Guesses sent at once are thus looked up one by
    one against an allowance that each failure has already drawn from; good keys arriving together only wait for
    each other's reads. Across N API processes at most N lookups from one address overlap."""
    with LOOKUP_LOCKS[hash(address) % len(LOOKUP_LOCKS)]:
        settings = get_settings()
        rate, burst = settings.auth_failure_rate_per_second, settings.auth_failure_burst
        if rate > 0:
            wait = buckets_for(settings.broker_url).peek(FAILURES + address, rate, burst)
            if wait > 0:
                _CLEAR.failed(address)
                raise _too_many_failures(address, wait)
        try:
            yield
        except Unauthorized as exc:
            _CLEAR.failed(address)
            if rate > 0:
                buckets_for(settings.broker_url).take(FAILURES + address, rate, burst)
            raise GuessFailed(exc.field, exc.reason) from None


def _too_many_failures(address: str, wait: float) -> RateLimited:
    retry_after = max(1, math.ceil(wait))
    return RateLimited("Authorization", f"too many failed authentications from {address}; retry in {retry_after} s",
                       retry_after)


@contextmanager
def failures_counted(address: str) -> Iterator[None]:
    """Count an Unauthorized raised inside against the client address (then let it through); a failed guess was
    counted before its lookup."""
    try:
        yield
    except Unauthorized as exc:
        _CLEAR.failed(address)
        settings = get_settings()
        if settings.auth_failure_rate_per_second > 0 and not isinstance(exc, GuessFailed):
            buckets_for(settings.broker_url).take(FAILURES + address, settings.auth_failure_rate_per_second,
                                                  settings.auth_failure_burst)
        raise
