"""A fake web site on a loopback address for hostile-site tests: fixed answers by path, every
request recorded. Serves in a thread of the test's process."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from tests.sites import running

Answer = tuple[int, dict[str, str], bytes]
"""Status, headers and body."""
Route = Answer | Callable[[], Answer]


@dataclass
class FakeSite:
    """What it answers, by path (query included or not), and what it was asked."""

    routes: dict[str, Route]
    host: str = "127.0.0.1"
    requested: list[str] = field(default_factory=list)
    url: str = ""

    def answer(self, path: str) -> Answer:
        route = self.routes.get(path) or self.routes.get(path.split("?", 1)[0])
        if route is None:
            return 404, {"Content-Type": "text/plain"}, b"not found"
        return route() if callable(route) else route


def _handler(site: FakeSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requested.append(self.path)
            status, headers, body = site.answer(self.path)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            """Quiet."""

    return Handler


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hung up on a large answer is no error of the test."""


@contextmanager
def serving(site: FakeSite) -> Iterator[FakeSite]:
    """Serve `site` on its host and a free port (its `url`) for the block."""
    with running(_Server((site.host, 0), _handler(site))) as site.url:
        yield site


def text(body: str | bytes, content_type: str = "text/plain", status: int = 200) -> Answer:
    data = body.encode() if isinstance(body, str) else body
    return status, {"Content-Type": f"{content_type}; charset=UTF-8"}, data
