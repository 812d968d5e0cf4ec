"""A Datasette instance over the archive, and serving it with uvicorn on a bound socket."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.plugins import pm

import newsbot.serve as plugin
from newsbot.serve.metadata import archive_metadata
from newsbot.sites import SiteProfile

SETTINGS = {
    "default_page_size": 50,
    "facet_time_limit_ms": 2000,
    "sql_time_limit_ms": 5000,
    "allow_download": False,
}
"""Facets over a large archive take longer than Datasette's default 200 ms; the file itself is
not offered for download (a crawl may be writing it)."""


def archive_datasette(db: Path, profile: SiteProfile, *, immutable: bool = False) -> Datasette:
    """Datasette over `db`, read-only (`mode=ro`: a crawl may keep writing, WAL readers do not
    block it); `immutable` only for a file nothing can change (read-only storage)."""
    if not pm.is_registered(plugin):  # our hooks, once per process
        pm.register(plugin, name=plugin.__name__)
    files = {"immutables": [str(db)]} if immutable else {"files": [str(db)]}
    return Datasette(metadata=archive_metadata(db.stem, profile), settings=SETTINGS, **files)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (port 0: a free one); raises OSError."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve_forever(datasette: Datasette, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl-C, SIGTERM)."""
    asyncio.run(datasette.invoke_startup())
    config = uvicorn.Config(datasette.app(), log_level="warning", lifespan="on")
    uvicorn.Server(config).run(sockets=[sock])


def address_of(sock: socket.socket) -> tuple[str, int]:
    found: Any = sock.getsockname()
    return str(found[0]), int(found[1])
