"""A small reverse proxy for tests: serves an upstream (the replica) under a path prefix, on
127.0.0.1 or ::1, and records every path asked of it (standard library only)."""

from __future__ import annotations

import http.client
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

FORWARDED_HEADERS = (
    "User-Agent",
    "Accept",
    "Accept-Encoding",
    "If-Modified-Since",
    "If-None-Match",
)
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"}


class PathProxy:
    """`url` serves `upstream` under `prefix` ("/subdir"; "" for the root); `paths` is every
    path asked, in order."""

    def __init__(self, upstream: str, prefix: str, host: str) -> None:
        self.upstream = urlsplit(upstream)
        self.prefix = prefix.rstrip("/")
        self.paths: list[str] = []
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                proxy.paths.append(self.path)
                if not self.path.startswith(proxy.prefix + "/"):
                    self._answer(404, [("Content-Type", "text/plain")], b"not under the prefix")
                    return
                status, headers, body = proxy.forward(self.path[len(proxy.prefix) :], self.headers)
                self._answer(status, headers, body)

            def _answer(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
                self.send_response(status)
                for name, value in headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        family = socket.AF_INET6 if ":" in host else socket.AF_INET

        class Server(ThreadingHTTPServer):
            address_family = family
            daemon_threads = True

        self.server = Server((host, 0), Handler)
        port = self.server.server_address[1]
        shown = f"[{host}]" if ":" in host else host
        self.url = f"http://{shown}:{port}{self.prefix}/"
        self.origin = f"http://{shown}:{port}"

    def forward(self, path: str, incoming: object) -> tuple[int, list[tuple[str, str]], bytes]:
        connection = http.client.HTTPConnection(self.upstream.netloc, timeout=30)
        try:
            wanted = {name: incoming[name] for name in FORWARDED_HEADERS if incoming[name]}  # type: ignore[index]
            connection.request("GET", path, headers=wanted)
            response = connection.getresponse()
            body = response.read()
            headers = []
            for name, value in response.getheaders():
                if name.lower() in HOP_BY_HOP:
                    continue
                if name.lower() == "location":
                    upstream_origin = f"{self.upstream.scheme}://{self.upstream.netloc}"
                    if value.startswith(upstream_origin):
                        value = self.origin + self.prefix + value[len(upstream_origin) :]
                headers.append((name, value))
            return response.status, headers, body
        finally:
            connection.close()


@contextmanager
def path_proxy(
    upstream: str, prefix: str = "/subdir", host: str = "127.0.0.1"
) -> Iterator[PathProxy]:
    """A running `PathProxy`, stopped when the block ends."""
    proxy = PathProxy(upstream, prefix, host)
    thread = threading.Thread(target=proxy.server.serve_forever, daemon=True)
    thread.start()
    try:
        yield proxy
    finally:
        proxy.server.shutdown()
        proxy.server.server_close()
