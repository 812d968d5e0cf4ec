"""The replica's HTTP server (aiohttp): faults, conditional GET and redirects around `routes`."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable
from email.utils import format_datetime

from aiohttp import web

from newsbot.replica.config import Config
from newsbot.replica.control import CONTROL_PREFIX, MAX_BODY, handle_control
from newsbot.replica.corpus import Corpus
from newsbot.replica.faults import HANG_LIMIT, Fault, draw_fault, error_reply
from newsbot.replica.outlet import ROBOTS
from newsbot.replica.replies import RSS, Reply
from newsbot.replica.state import ReplicaState

SHUTDOWN_TIMEOUT = 1.0


def _validators(reply: Reply, config: Config) -> dict[str, str]:
    """ETag and Last-Modified, if the answer carries them (a stock WordPress: feeds only)."""
    if reply.status != 200 or not (config.validators or reply.content_type == RSS):
        return {}
    validators = {"ETag": reply.etag}
    if reply.last_modified is not None:
        validators["Last-Modified"] = format_datetime(reply.last_modified, usegmt=True)
    return validators


def _not_modified(request: web.Request, reply: Reply, validators: dict[str, str]) -> bool:
    """Whether the client's validators still match (`If-None-Match` wins over the date)."""
    if not validators:
        return False
    tags = request.headers.get("If-None-Match")
    if tags is not None:
        offered = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return reply.etag in offered or "*" in offered
    since = request.if_modified_since
    modified = reply.last_modified
    return since is not None and modified is not None and modified.replace(microsecond=0) <= since


async def _truncated(
    request: web.Request, reply: Reply, headers: dict[str, str]
) -> web.StreamResponse:
    """Promise the whole body, send half of it, and drop the connection."""
    response = web.StreamResponse(status=reply.status, headers=headers)
    response.content_length = len(reply.body)
    await response.prepare(request)
    await response.write(reply.body[: len(reply.body) // 2])
    if request.transport is not None:
        request.transport.close()
    raise asyncio.CancelledError


class ReplicaServer:
    """Serves one corpus; the state is shared with the control API."""

    def __init__(self, corpus: Corpus, config: Config) -> None:
        self.state = ReplicaState(corpus, config)
        self.app = web.Application(client_max_size=MAX_BODY)
        self.app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        if path.startswith(CONTROL_PREFIX):
            return await handle_control(self.state, request)
        state = self.state
        config = state.config
        entry = state.arrived(request.method, request.raw_path, request.headers)
        if config.slow:
            await asyncio.sleep(config.slow)
        faulty = path != ROBOTS or config.faults_on_robots
        fault = draw_fault(state.fault_rng, config) if faulty else Fault()
        if any(part in request.raw_path for part in config.failing):
            fault = Fault(status=500)
        if fault.hang:
            await asyncio.sleep(HANG_LIMIT)
        reply = (
            error_reply(fault.status, config)
            if fault.status
            else state.reply(path, request.query_string)
        )
        entry["status"] = reply.status
        if reply.location:
            target = f"{request.scheme}://{request.host}{reply.location}"
            return web.Response(
                status=reply.status,
                headers={"Location": target, "Content-Type": reply.content_type},
            )
        validators = _validators(reply, config)
        if _not_modified(request, reply, validators):
            entry["status"] = 304
            return web.Response(status=304, headers=validators)
        headers = {"Content-Type": reply.content_type, **reply.headers, **validators}
        if fault.truncate:
            return await _truncated(request, reply, headers)
        return web.Response(status=reply.status, body=reply.body, headers=headers)


async def serve(server: ReplicaServer, host: str, port: int, ready: Callable[[str], None]) -> None:
    """Serve until SIGINT or SIGTERM; `ready` gets the base URL once the port is bound."""
    runner = web.AppRunner(
        server.app,
        access_log=None,
        handle_signals=False,
        handler_cancellation=True,
        shutdown_timeout=SHUTDOWN_TIMEOUT,
    )
    await runner.setup()
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopped.set)
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        bound_port = runner.addresses[0][1]
        display_host = f"[{host}]" if ":" in host else host
        ready(f"http://{display_host}:{bound_port}/")
        await stopped.wait()
    finally:
        await runner.cleanup()
