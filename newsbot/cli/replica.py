"""`newsbot replica`: serve the offline replica of the outlet on localhost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from importlib import import_module
from typing import Any

import click
from click.core import ParameterSource

from newsbot.cli.options import Exit, F, FiniteRange, fail
from newsbot.hosts import is_loopback_host
from newsbot.replica.config import FAULT_STATUSES, MAX_RETRY_AFTER, MAX_SLOW, THEMES, Config
from newsbot.replica.corpus import DEFAULT_ARTICLES, Corpus
from newsbot.replica.generator import ArchiveTooLong
from newsbot.replica.outlet import DEFAULT_OUTLET, Outlet, OutletError


def require_aiohttp() -> None:
    """End with one line when the `replica` extra is not installed."""
    try:
        import_module("aiohttp")
    except ImportError:
        fail(Exit.USAGE, "the replica needs aiohttp: pip install -e '.[all]'")


class OneLineUsage(click.Command):
    """A command whose usage errors print one `Error: …` line and exit 2."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:
            fail(Exit.USAGE, error.format_message())


class FaultStatuses(click.ParamType[tuple[int, ...]]):
    """A comma-separated list of the statuses a fault may answer with."""

    name = "STATUS[,STATUS…]"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, ...]:
        if isinstance(value, tuple):
            return value
        allowed = ", ".join(map(str, FAULT_STATUSES))
        parts = [part.strip() for part in str(value).split(",")]
        if not all(part.isdigit() and int(part) in FAULT_STATUSES for part in parts):
            self.fail(f"{value!r} is not a list of {allowed}", param, ctx)
        statuses = tuple(int(part) for part in parts)
        if len(set(statuses)) != len(statuses):
            self.fail(f"{value!r} names a status twice", param, ctx)
        return statuses


def rate_option(flag: str, help: str) -> Callable[[F], F]:
    """`--x-rate`: a share of the site responses, from 0 to 1 (default 0)."""
    return click.option(flag, type=FiniteRange(0, 1), default=0.0, help=help)


def switched_off(flag: str, help: str) -> Callable[[F], F]:
    """`--no-x`: the replica's switch `x`, on unless the flag is given."""
    switch = flag.removeprefix("--no-").replace("-", "_")
    return click.option(
        flag, switch, is_flag=True, flag_value=False, default=True, show_default=False, help=help
    )


@click.command("replica", cls=OneLineUsage)
@click.option(
    "--articles",
    type=click.IntRange(min=2),
    default=DEFAULT_ARTICLES,
    help="Posts in the corpus, the seed article and its neighbour included.",
)
@click.option("--seed", type=int, default=0, help="Same seed, same corpus.")
@click.option(
    "--host",
    default="127.0.0.1",
    envvar="NEWSBOT_REPLICA_HOST",
    help="Address to bind; anything but loopback must be given with --host itself.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, help="Port to bind; 0 picks a free one."
)
@click.option(
    "--site-name",
    default=DEFAULT_OUTLET.name,
    help="The outlet's name, as its pages, feeds and documents print it.",
)
@click.option(
    "--site-host",
    default=DEFAULT_OUTLET.host,
    help="The outlet's host: every link and URL it prints names it.",
)
@click.option(
    "--site-zone",
    default=DEFAULT_OUTLET.zone_name,
    help="The outlet's time zone (IANA name): local dates, archives, REST bounds.",
)
@click.option(
    "--title-separator",
    default=DEFAULT_OUTLET.title_separator,
    help="What <title> prints between a page's title and the outlet's name.",
)
@switched_off("--no-rest", help="Every /wp-json/ path answers 404.")
@click.option(
    "--theme",
    type=click.Choice(THEMES),
    default="arbuz",
    help="Article markup: the outlet's theme, or a redesign our page objects cannot read.",
)
@switched_off("--no-categories", help="Articles carry no categories.")
@switched_off("--no-sitemap-lastmod", help="Posts sitemaps omit <lastmod>.")
@switched_off(
    "--no-validators",
    help="Only feeds send ETag and Last-Modified (and answer 304), as stock WordPress.",
)
@rate_option("--fault-rate", help="Share of site responses that answer an error status instead.")
@click.option(
    "--fault-statuses",
    type=FaultStatuses(),
    default="500,503",
    help=f"The error statuses faults draw from, among {', '.join(map(str, FAULT_STATUSES))}.",
)
@click.option(
    "--retry-after",
    type=click.IntRange(0, MAX_RETRY_AFTER),
    default=1,
    help="Seconds a 429 or 503 fault asks the client to wait (Retry-After).",
)
@click.option(
    "--slow",
    type=FiniteRange(0, MAX_SLOW),
    default=0.0,
    help="Seconds every site response is delayed.",
)
@rate_option("--hang-rate", help="Share of site responses that never come (the connection hangs).")
@rate_option("--truncate-rate", help="Share of site responses cut off halfway through the body.")
@click.option("--faults-on-robots", is_flag=True, help="robots.txt fails like any page.")
@click.pass_context
def replica_command(
    ctx: click.Context,
    /,
    articles: int,
    seed: int,
    host: str,
    port: int,
    site_name: str,
    site_host: str,
    site_zone: str,
    title_separator: str,
    **switches: Any,
) -> None:
    """Serve a deterministic offline copy of arbuztoday.ru until stopped (Ctrl-C).

    The first line printed is the base URL. Switches can also be changed at run time through
    the control API under /__replica__/ (health, requests, config, change, articles). The
    --site-* options serve another WordPress outlet of the same shape.

    \b
    Examples:
      newsbot replica --port 8000
      newsbot replica --articles 50000 --port 0 --fault-rate 0.1 --fault-statuses 503,429
      newsbot replica --site-name ВОЛНА --site-host volna.example --site-zone Europe/Samara
    """
    require_aiohttp()
    explicit_host = ctx.get_parameter_source("host") == ParameterSource.COMMANDLINE
    if not is_loopback_host(host) and not explicit_host:
        fail(Exit.USAGE, f"refusing to bind {host}: pass --host to serve beyond loopback")
    try:
        outlet = Outlet(site_name, site_host.lower(), site_zone, title_separator)
        corpus = Corpus.generate(articles, seed, outlet)
    except (OutletError, ArchiveTooLong) as error:
        fail(Exit.USAGE, str(error))
    config = Config(**switches)
    from newsbot.replica.server import ReplicaServer, serve  # needs aiohttp (the replica extra)

    def ready(url: str) -> None:
        print(f"Serving {url} ({len(corpus)} articles)", flush=True)

    try:
        asyncio.run(serve(ReplicaServer(corpus, config), host, port, ready))
    except OSError as error:
        fail(Exit.FAILED, f"cannot listen on {host}:{port}: {error.strerror}")
