"""A local feed server for the tests: threads, port 0, scripted answers that change over time, and a log of every
request it saw (when, which path, which headers), so tests can check politeness from the server's side."""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


@dataclass(frozen=True)
class Reply:
    """One scripted answer; a ``body`` with ``validators`` answers 304 to a matching conditional GET."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    validators: bool = True


@dataclass(frozen=True)
class Seen:
    at: float  # time.time() when the request arrived
    path: str
    headers: dict[str, str]
    status: int  # what the server answered


def feed(body: bytes | str, content_type: str = "application/rss+xml", **headers: str) -> Reply:
    """A 200 with ETag and Last-Modified derived from the body, answering 304 when they come back."""
    data = body.encode() if isinstance(body, str) else body
    tag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
    return Reply(200, data, {"Content-Type": content_type, "ETag": tag,
                             "Last-Modified": "Tue, 01 Dec 2026 05:00:00 GMT", **headers})


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FeedServer:
    """``serve(path, *replies)``: answer the path with each reply in turn, then keep answering the last."""

    def __init__(self) -> None:
        self.scripts: dict[str, list[Reply]] = {}
        self.seen: list[Seen] = []
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, name="feed-server", daemon=True)

    def start(self) -> FeedServer:
        self.thread.start()
        return self

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def serve(self, path: str, *replies: Reply) -> str:
        with self.lock:
            self.scripts[path] = list(replies)
        return self.url(path)

    def requests(self, path: str) -> list[Seen]:
        with self.lock:
            return [seen for seen in self.seen if seen.path == path]

    def _next(self, path: str) -> Reply:
        with self.lock:
            script = self.scripts.get(path)
            if not script:
                return Reply(404, b"not here", {"Content-Type": "text/plain"})
            return script.pop(0) if len(script) > 1 else script[0]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet
                return

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                arrived = time.time()
                reply = server._next(self.path)
                if reply.delay:
                    time.sleep(reply.delay)
                status, body = reply.status, reply.body
                if reply.validators and status == 200 and (
                        "ETag" in reply.headers and self.headers.get("If-None-Match") == reply.headers["ETag"]):
                    status, body = 304, b""
                with server.lock:
                    server.seen.append(Seen(arrived, self.path, {k.lower(): v for k, v in self.headers.items()},
                                            status))
                try:
                    self.send_response(status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client stopped reading (the size cap)
                    pass

        return Handler
