"""`newsbot serve`: the archive in Datasette, read-only, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import contextlib
from pathlib import Path

import click

from newsbot.cli.options import Exit, db_option, fail, site_option
from newsbot.hosts import is_loopback_host
from newsbot.sites import SiteProfile
from pipelines.store import Archive, on_readonly_storage


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    help="The address to listen on; anything but loopback shows the archive to the network.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8001,
    help="The port (0: a free one, printed).",
)
@db_option
@site_option
def serve_command(host: str, port: int, db: Path, profile: SiteProfile) -> None:
    """Browse, search and chart the archive in Datasette (needs: pip install -e '.[all]').

    Read-only: a crawl may keep writing meanwhile. Articles newest first with facets by
    category, tag, year and month, full-text search, canned queries (articles per day, edits,
    copies, runs, field coverage per month) and coverage charts (Dashboards), all served from
    this machine. Prints the address, then serves until Ctrl-C.

    \b
    Examples:
      newsbot serve
      newsbot serve --db /var/lib/newsbot/newsbot.db --port 8080
    """
    try:
        from newsbot.serve.server import address_of, archive_datasette, bind, serve_forever
    except ImportError:
        fail(Exit.USAGE, "newsbot serve needs Datasette: pip install -e '.[all]'")
    with Archive(db, profile, readonly=True) as archive:
        articles = archive.count()
    datasette = archive_datasette(db, profile, immutable=on_readonly_storage(db))
    try:
        sock = bind(host, port)
    except OSError as error:
        fail(Exit.USAGE, f"cannot listen on {host}:{port}: {error.strerror or error}")
    if not is_loopback_host(host):
        click.echo(
            f"Warning: serving on {host}: anyone who reaches it can read the archive", err=True
        )
    bound_host, bound_port = address_of(sock)
    shown = f"[{bound_host}]" if ":" in bound_host else bound_host
    click.echo(
        f"Serving http://{shown}:{bound_port}/ ({db}, {articles:,} articles, read-only); "
        "Ctrl-C stops",
    )
    with sock, contextlib.suppress(KeyboardInterrupt):  # Ctrl-C is how it is meant to stop
        serve_forever(datasette, sock)
