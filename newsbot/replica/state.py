"""The running replica's state: corpus, switches, changes, faults, request log and page cache."""

from __future__ import annotations

import random
import time
from collections import OrderedDict, deque
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from newsbot.replica.changes import SiteChanges
from newsbot.replica.config import Config
from newsbot.replica.corpus import Corpus
from newsbot.replica.replies import Reply
from newsbot.replica.routes import site_reply

CACHE_BYTES = 64 * 1024 * 1024
"""Rendered replies kept in memory (body bytes); the rest are rendered again on demand."""
LOG_LIMIT = 200_000
LOGGED_HEADERS = ("User-Agent", "If-None-Match", "If-Modified-Since")


class ReplicaState:
    def __init__(self, corpus: Corpus, config: Config) -> None:
        self.corpus = corpus
        self.config = config
        self.changes = SiteChanges(corpus)
        self.fault_rng = random.Random(f"faults:{corpus.seed}")
        self.log: deque[dict[str, Any]] = deque(maxlen=LOG_LIMIT)
        """Every site request in arrival order (control requests are never logged)."""
        self._cache: OrderedDict[tuple[Any, ...], Reply] = OrderedDict()
        self._cached_bytes = 0

    def arrived(self, method: str, path_qs: str, headers: Mapping[str, str]) -> dict[str, Any]:
        """A new log entry; its `status` is filled in once the answer is known (None if never)."""
        entry = {
            "method": method,
            "path": path_qs,
            "status": None,
            "at": time.time(),
            "headers": {name: headers[name] for name in LOGGED_HEADERS if name in headers},
        }
        self.log.append(entry)
        return entry

    def reply(self, path: str, query_string: str) -> Reply:
        """The (cached) answer to a site path; only the query parameters that matter count."""
        if path.startswith("/wp-json"):
            significant = query_string
        elif path == "/":
            # the last `p` decides, as in PHP; an empty one is no shortlink
            significant = (parse_qs(query_string, keep_blank_values=True).get("p") or [""])[-1]
        else:
            significant = ""
        config = self.config
        shape = (
            config.theme,
            config.categories,
            config.rest,
            config.sitemap_lastmod,
            config.sitemaps,
        )
        key = (path, significant, self.corpus.version, *shape)
        cached = self._cache.get(key)
        if cached is not None:
            self._cache.move_to_end(key)
            return cached
        query = parse_qs(query_string, keep_blank_values=True) if significant else {}
        answer = site_reply(self.corpus, config, path, query)
        self._cache[key] = answer
        self._cached_bytes += len(answer.body)
        while self._cached_bytes > CACHE_BYTES:
            _, evicted = self._cache.popitem(last=False)
            self._cached_bytes -= len(evicted.body)
        return answer
