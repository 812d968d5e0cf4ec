"""The control API under `/__replica__/`: health, request log, switches, changes, ground truth."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

from aiohttp import web

from newsbot.document import render
from newsbot.replica.articles import post_url, to_article, utc_iso
from newsbot.replica.config import ConfigError
from newsbot.replica.state import ReplicaState
from newsbot.sites.arbuz import PROFILE

CONTROL_PREFIX = "/__replica__/"
CHANGE_KEYS = ("publish", "edit", "delete")
_dumps = partial(json.dumps, ensure_ascii=False)


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


def _error(message: str, status: int = 400) -> web.Response:
    return _json({"error": message}, status)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json() if request.can_read_body else {}
    except ValueError:
        raise ConfigError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise ConfigError("the body must be a JSON object")
    return data


def _articles(state: ReplicaState) -> list[dict[str, Any]]:
    """What a perfect crawl stores: every live post, in publication order."""
    return [
        {
            "id": post.id,
            "url": post_url(post),
            "published_at": utc_iso(post.published),
            "modified_at": utc_iso(post.modified),
            "document": render(to_article(post, state.config.categories), PROFILE),
        }
        for post in state.corpus.in_publication_order()
    ]


async def _change(state: ReplicaState, request: web.Request) -> web.Response:
    data = await _body(request)
    unknown = set(data) - set(CHANGE_KEYS)
    counts = {key: data.get(key, 0) for key in CHANGE_KEYS}
    if unknown or any(type(v) is not int or v < 0 for v in counts.values()):
        raise ConfigError(f"expected non-negative integers for {', '.join(CHANGE_KEYS)}")
    return _json(state.changes.apply(**counts))


async def handle_control(state: ReplicaState, request: web.Request) -> web.Response:
    """Answer one control request (never logged, never faulty)."""
    name = request.path.removeprefix(CONTROL_PREFIX).strip("/")
    method = request.method
    try:
        if name == "health" and method == "GET":
            return _json({"ok": True, "articles": len(state.corpus)})
        if name == "requests" and method == "GET":
            return _json(list(state.log.entries))
        if name == "requests" and method == "DELETE":
            state.log.entries.clear()
            return _json({"ok": True})
        if name == "config" and method == "GET":
            return _json(state.config.as_json())
        if name == "config" and method == "POST":
            state.config = state.config.updated(await _body(request))
            return _json(state.config.as_json())
        if name == "change" and method == "POST":
            return await _change(state, request)
        if name == "articles" and method == "GET":
            return _json(_articles(state))
    except ConfigError as error:
        return _error(str(error))
    return _error(f"no control endpoint {method} {request.path}", 404)
