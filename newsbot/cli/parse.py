"""`newsbot parse`: a saved article page or REST JSON → its seed document(s)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import click

from newsbot.cli.options import count_range, site_option
from newsbot.document import render
from newsbot.exchange.seed_import import Unreadable, read_bounded
from newsbot.items import Article
from newsbot.pages import ArticlePage, NotAnArticle, RestPost, rest_posts
from newsbot.sites import SiteProfile


def parse_file(profile: SiteProfile, path: Path, url: str | None) -> list[Article]:
    """The articles in one saved file (HTML page, REST post or REST list); raises Unreadable."""
    body = read_bounded(path, "a page", "not a regular file (a saved page is one)")
    if body.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"["):  # JSON, after any BOM or space
        return [RestPost(profile, post).to_article() for post in rest_posts(body)]
    return [ArticlePage(profile, url or path.resolve().as_uri(), body).to_article()]


def _checked_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parts = urlsplit(value)
        if parts.port is not None and not parts.hostname:  # both raise for a malformed URL
            raise ValueError("a port without a host")
    except ValueError as error:
        raise click.BadParameter(f"{value!r} is not a URL ({error})") from None
    return value


@click.command("parse")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--url",
    callback=_checked_url,
    help="The URL the page was saved from (used when it names no canonical URL).",
)
@click.option(
    "--index",
    type=count_range(0),
    help="Only the post at this position (from 0) of a REST list.",
)
@site_option
def parse_command(file: Path, url: str | None, index: int | None, profile: SiteProfile) -> None:
    """Print the seed document(s) of a saved article page or REST JSON file.

    \b
    Examples:
      newsbot parse article.html --url https://arbuztoday.ru/some-slug/
      newsbot parse posts.json --index 0
    """
    try:
        articles = parse_file(profile, file, url)
    except NotAnArticle as error:
        raise click.ClickException(f"{file}: not an article: {error}") from None
    except Unreadable as error:
        raise click.ClickException(f"{file}: {error}") from None
    if not articles:
        raise click.ClickException(f"{file}: not an article: an empty list of posts")
    if index is not None:
        if index >= len(articles):
            raise click.ClickException(f"{file}: holds {len(articles)} post(s), no index {index}")
        articles = [articles[index]]
    click.echo("".join(render(article, profile) for article in articles), nl=False)
