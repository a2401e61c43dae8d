"""Offered load: POSTs from an async httpx client, either as fast as allowed (burst) or at a fixed rate."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx
import orjson


@dataclass(frozen=True)
class Post:
    """One POST: the guid it carried, when it started (perf_counter), how long the answer took, the status."""

    guid: str
    started: float
    seconds: float
    status: int


async def _post(client: httpx.AsyncClient, url: str, body: dict) -> Post:
    content = orjson.dumps(body)
    started = time.perf_counter()
    try:
        answer = await client.post(url, content=content, headers={"content-type": "application/json"})
        status = answer.status_code
    except httpx.HTTPError:
        status = 0
    return Post(body["guid"], started, time.perf_counter() - started, status)


def _client(concurrency: int) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    return httpx.AsyncClient(limits=limits, timeout=httpx.Timeout(30.0))


async def _burst(base: str, bodies: Sequence[dict], concurrency: int, time_limit: float) -> list[Post]:
    deadline = time.perf_counter() + time_limit
    queue: asyncio.Queue[dict] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    posts: list[Post] = []
    async with _client(concurrency) as client:
        async def sender() -> None:
            while not queue.empty() and time.perf_counter() < deadline:
                posts.append(await _post(client, f"{base}/v1/articles", queue.get_nowait()))

        await asyncio.gather(*(sender() for _ in range(concurrency)))
    return posts


def burst(base: str, bodies: Sequence[dict], concurrency: int = 16, time_limit: float = 60.0) -> list[Post]:
    """POST every body with at most ``concurrency`` in flight, stopping early after ``time_limit`` seconds."""
    return asyncio.run(_burst(base, bodies, concurrency, time_limit))


async def _paced(base: str, bodies: Sequence[dict], rate: float, concurrency: int) -> list[Post]:
    async with _client(concurrency) as client:
        start = time.perf_counter()
        tasks = []
        for i, body in enumerate(bodies):
            # Open loop: each POST leaves on schedule whatever the previous answers did.
            delay = start + i / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(_post(client, f"{base}/v1/articles", body)))
        return list(await asyncio.gather(*tasks))


def paced(base: str, bodies: Sequence[dict], rate: float, concurrency: int = 64) -> list[Post]:
    """POST the bodies at ``rate`` per second, on a fixed schedule."""
    return asyncio.run(_paced(base, bodies, rate, concurrency))


@dataclass(frozen=True)
class Batch:
    """One NDJSON POST: how many lines it carried, how long the answer took, the status."""

    lines: int
    seconds: float
    status: int


async def _ndjson(base: str, chunks: Sequence[Sequence[dict]], concurrency: int) -> list[Batch]:
    queue: asyncio.Queue[Sequence[dict]] = asyncio.Queue()
    for chunk in chunks:
        queue.put_nowait(chunk)
    posts: list[Batch] = []
    async with _client(concurrency) as client:
        async def sender() -> None:
            while not queue.empty():
                chunk = queue.get_nowait()
                content = b"\n".join(orjson.dumps(body) for body in chunk)
                started = time.perf_counter()
                try:
                    answer = await client.post(f"{base}/v1/articles", content=content,
                                               headers={"content-type": "application/x-ndjson"})
                    status = answer.status_code
                except httpx.HTTPError:
                    status = 0
                posts.append(Batch(len(chunk), time.perf_counter() - started, status))

        await asyncio.gather(*(sender() for _ in range(concurrency)))
    return posts


def ndjson(base: str, chunks: Sequence[Sequence[dict]], concurrency: int = 2) -> list[Batch]:
    """POST each chunk as one NDJSON body, ``concurrency`` bodies in flight."""
    return asyncio.run(_ndjson(base, chunks, concurrency))
