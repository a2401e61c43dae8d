"""Offered load: POSTs from an async aiohttp client, either as fast as allowed (burst) or at a fixed rate.

aiohttp, not httpx: the load generator shares the machine's two cores with what it measures, and httpx spent
~2.4 CPU ms on each POST (more than half of what the API spent answering it), aiohttp ~0.5 ms."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
import orjson


@dataclass(frozen=True)
class Post:
    """One POST: the guid it carried, when it started (perf_counter), how long the answer took, the status."""

    guid: str
    started: float
    seconds: float
    status: int


JSON = {"content-type": "application/json"}
NDJSON = {"content-type": "application/x-ndjson"}


async def _send(client: aiohttp.ClientSession, url: str, content: bytes, headers: dict[str, str]) -> int:
    """The answer's status (its body read whole), 0 when there was none."""
    try:
        async with client.post(url, data=content, headers=headers) as answer:
            await answer.read()
            return answer.status
    except (aiohttp.ClientError, TimeoutError):
        return 0


async def _post(client: aiohttp.ClientSession, url: str, body: dict) -> Post:
    content = orjson.dumps(body)
    started = time.perf_counter()
    status = await _send(client, url, content, JSON)
    return Post(body["guid"], started, time.perf_counter() - started, status)


def _client(concurrency: int) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=concurrency),
                                 timeout=aiohttp.ClientTimeout(total=30.0))


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
                status = await _send(client, f"{base}/v1/articles", content, NDJSON)
                posts.append(Batch(len(chunk), time.perf_counter() - started, status))

        await asyncio.gather(*(sender() for _ in range(concurrency)))
    return posts


def ndjson(base: str, chunks: Sequence[Sequence[dict]], concurrency: int = 2) -> list[Batch]:
    """POST each chunk as one NDJSON body, ``concurrency`` bodies in flight."""
    return asyncio.run(_ndjson(base, chunks, concurrency))
