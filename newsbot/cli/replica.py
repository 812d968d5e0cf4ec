"""`newsbot replica`: serve the offline replica of the outlet on localhost."""

from __future__ import annotations

import asyncio
import ipaddress

import click
from click.core import ParameterSource

from newsbot.replica.config import FAULT_STATUSES, THEMES, Config, ConfigError
from newsbot.replica.corpus import DEFAULT_ARTICLES, Corpus
from newsbot.replica.generator import ArchiveTooLong
from newsbot.replica.server import ReplicaServer, serve


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _statuses(text: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise click.BadParameter(f"expected a comma-separated list of {FAULT_STATUSES}") from None


@click.command("replica")
@click.option("--articles", type=click.IntRange(min=2), default=DEFAULT_ARTICLES, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True, help="Same seed, same corpus.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="NEWSBOT_REPLICA_HOST",
    help="Address to bind; anything but loopback must be given with --host itself.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="0: any free port.",
)
@click.option("--no-rest", is_flag=True, help="Every /wp-json/ path answers 404.")
@click.option("--theme", type=click.Choice(THEMES), default="arbuz", show_default=True)
@click.option("--no-categories", is_flag=True, help="Articles carry no categories.")
@click.option("--no-sitemap-lastmod", is_flag=True, help="Posts sitemaps omit <lastmod>.")
@click.option("--fault-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option(
    "--fault-statuses", default="500,503", show_default=True, help="Drawn from 500,503,429."
)
@click.option(
    "--retry-after", type=click.IntRange(min=0), default=1, show_default=True, help="Seconds."
)
@click.option("--slow", type=click.FloatRange(min=0), default=0.0, help="Delay every response (s).")
@click.option("--hang-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--truncate-rate", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option("--faults-on-robots", is_flag=True, help="robots.txt fails like any page.")
@click.pass_context
def replica_command(
    ctx: click.Context,
    articles: int,
    seed: int,
    host: str,
    port: int,
    no_rest: bool,
    theme: str,
    no_categories: bool,
    no_sitemap_lastmod: bool,
    fault_rate: float,
    fault_statuses: str,
    retry_after: int,
    slow: float,
    hang_rate: float,
    truncate_rate: float,
    faults_on_robots: bool,
) -> None:
    """Serve a deterministic offline copy of arbuztoday.ru until stopped (Ctrl-C).

    The first line printed is the base URL. Switches can also be changed at run time through
    the control API under /__replica__/ (health, requests, config, change, articles).

    \b
    Examples:
      newsbot replica --port 8000
      newsbot replica --articles 50000 --port 0 --fault-rate 0.1 --fault-statuses 503,429
    """
    explicit_host = ctx.get_parameter_source("host") == ParameterSource.COMMANDLINE
    if not _is_loopback(host) and not explicit_host:
        raise click.ClickException(f"refusing to bind {host}: pass --host to serve beyond loopback")
    try:
        config = Config(
            rest=not no_rest,
            theme=theme,
            categories=not no_categories,
            sitemap_lastmod=not no_sitemap_lastmod,
            fault_rate=fault_rate,
            fault_statuses=_statuses(fault_statuses),
            retry_after=retry_after,
            slow=slow,
            hang_rate=hang_rate,
            truncate_rate=truncate_rate,
            faults_on_robots=faults_on_robots,
        )
        corpus = Corpus.generate(articles, seed)
    except (ConfigError, ArchiveTooLong) as error:
        raise click.ClickException(str(error)) from None

    def ready(url: str) -> None:
        print(f"Serving {url} ({len(corpus)} articles)", flush=True)

    try:
        asyncio.run(serve(ReplicaServer(corpus, config), host, port, ready))
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror}") from None
