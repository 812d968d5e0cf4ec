"""Search by relevance: a search from the articles table's box (no filter, no sort but the
table's own) is answered by the `search` canned query, ranked by FTS5's bm25 with the words in
context. Datasette's table pages can only sort by a column."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qs, quote, urlencode

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

QUERY = "search"
"""The canned query's name (its page: /DATABASE/search?q=WORDS)."""

NEWEST_FIRST = "published_at"
"""The articles table's own order (descending), which its form submits with every search."""


def _form_default(name: str, values: list[str], args: dict[str, list[str]]) -> bool:
    """Whether `name=values` is what the table's form sends when only a search was typed."""
    if name in ("_filter_column", "_filter_value"):
        return values == [""]
    if name == "_filter_op":
        return args.get("_filter_column") == [""]
    if name == "_sort":
        return values == [NEWEST_FIRST] and "_sort_by_desc" in args
    return name == "_sort_by_desc" and args.get("_sort") == [NEWEST_FIRST]


def search_sql(site: str) -> str:
    """Articles matching `:q` (words as Datasette's search box reads them), best match first."""
    return f"""select a.article_id, a.title, a.published_at, a.categories, a.url,
  snippet(articles_fts, 1, '[', ']', '…', 16) as context
from articles_fts join articles a on a.article_id = articles_fts.rowid
where articles_fts match newsbot_fts(:q) and a.site = {site}
order by articles_fts.rank limit 100"""


def _relevance_location(scope: Scope, database: str) -> str | None:
    """Where a search of the articles table goes instead, or None to leave it be."""
    if scope["type"] != "http" or scope["path"] != f"/{database}/articles":
        return None
    query = scope.get("query_string", b"").decode("utf-8", "replace")
    args = parse_qs(query, keep_blank_values=True)
    words = " ".join(args.pop("_search", [])).strip()
    if not words or not all(_form_default(name, values, args) for name, values in args.items()):
        return None
    return f"/{quote(database)}/{QUERY}?{urlencode({'q': words})}"


def relevance_first(app: App, database: str) -> App:
    """`app`, with searches of the articles table answered by relevance."""

    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        location = _relevance_location(scope, database)
        if location is None:
            await app(scope, receive, send)
            return
        headers = [(b"location", location.encode("ascii")), (b"content-length", b"0")]
        await send({"type": "http.response.start", "status": 302, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    return wrapped
