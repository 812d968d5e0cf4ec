"""The control API under `/__replica__/`: health, request log, switches, changes, ground truth.

Every input is checked before anything happens: a bad one answers 400 with a JSON error that
names the field and what it takes (`{"error": "...", "field": "publish"}`).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from functools import partial
from typing import Any

from aiohttp import web

from newsbot.replica.changes import ChangeError, read_changes
from newsbot.replica.config import ConfigError
from newsbot.replica.expected import expected_fields
from newsbot.replica.state import ReplicaState

CONTROL_PREFIX = "/__replica__/"
MAX_BODY = 1024 * 1024
"""Bytes a control request body may hold."""
_dumps = partial(json.dumps, ensure_ascii=False)


class BodyError(ValueError):
    """The request body is not a JSON object of at most MAX_BODY bytes."""


def _json(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status, dumps=_dumps)


def _error(message: str, status: int = 400, field: str = "") -> web.Response:
    return _json({"error": message, **({"field": field} if field else {})}, status)


async def _body(request: web.Request) -> dict[str, Any]:
    """The JSON object of the body (the application refuses bodies over MAX_BODY bytes)."""
    try:
        raw = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise BodyError(f"the body is over {MAX_BODY} bytes") from None
    try:
        data = json.loads(raw) if raw.strip() else {}
    except ValueError:
        raise BodyError("the body is not JSON") from None
    if not isinstance(data, dict):
        raise BodyError("the body must be a JSON object")
    return data


def _articles(state: ReplicaState) -> list[dict[str, Any]]:
    """What a perfect crawl stores of every published post, in publication order (no slugs)."""
    outlet, shown = state.corpus.outlet, state.config.categories
    return [
        {k: v for k, v in expected_fields(post, outlet, shown).items() if not k.endswith("_slugs")}
        for post in state.corpus.in_publication_order()
    ]


async def handle_control(state: ReplicaState, request: web.Request) -> web.Response:
    """Answer one control request (never logged, never faulty)."""
    name = request.path.removeprefix(CONTROL_PREFIX).strip("/")
    method = request.method
    try:
        if name == "health" and method == "GET":
            return _json({"ok": True, "articles": len(state.corpus)})
        if name == "requests" and method == "GET":
            return _json(list(state.log))
        if name == "requests" and method == "DELETE":
            state.log.clear()
            return _json({"ok": True})
        if name == "config" and method == "GET":
            return _json(asdict(state.config))
        if name == "config" and method == "POST":
            state.config = state.config.updated(await _body(request))
            return _json(asdict(state.config))
        if name == "change" and method == "POST":
            return _json(state.changes.apply(read_changes(await _body(request))))
        if name == "articles" and method == "GET":
            return _json(_articles(state))
    except BodyError as error:
        return _error(str(error), 413 if "over" in str(error) else 400)
    except (ConfigError, ChangeError) as error:
        return _error(str(error), field=error.field)
    return _error(f"no control endpoint {method} {request.path}", 404)
