"""The benchmark's feed server (a child process): /s/N answers one unchanging feed (304 once validators come
back), /c/N a feed with a new item at every request (five items listed)."""

from __future__ import annotations

import hashlib
import itertools
import multiprocessing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ITEM = ("<item><title>Story {n} of feed {feed}</title><link>https://bench.example/{feed}/{n}</link>"
        "<guid>bench-{feed}-{n}</guid><description>Dock workers voted on Monday on a new wage deal, union officials "
        "said; ballot {n} of feed {feed} drew a record turnout across the port.</description></item>")


def _feed(feed: str, newest: int) -> bytes:
    items = "".join(ITEM.format(n=n, feed=feed) for n in range(newest, max(newest - 5, -1), -1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Bench {feed}</title>'
            f"<link>https://bench.example/{feed}</link><description>d</description>{items}</channel></rss>").encode()


def serve_forever(ports: multiprocessing.Queue, changing: int) -> None:  # type: ignore[type-arg]
    polls: dict[str, itertools.count[int]] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:  # noqa: N802
            kind, _, feed = self.path.strip("/").partition("/")
            # A changing feed has one item more at every request; a steady one the same five items.
            body = _feed(feed, 5 + next(polls.setdefault(feed, itertools.count())) if kind == "c" else 5)
            tag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
            if self.headers.get("If-None-Match") == tag:
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    ports.put(server.server_address[1])
    server.serve_forever()
