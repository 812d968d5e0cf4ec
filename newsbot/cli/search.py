"""`newsbot search`: ranked full-text search of the archive, Russian word forms included."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.text import Text

from newsbot.cli.days import publication_range, publication_range_options
from newsbot.cli.options import Exit, count_range, db_option, fail, site_option, term_options
from newsbot.document import printed_date
from newsbot.normalize import utc_iso
from newsbot.search_query import QueryProblem, search_expression
from newsbot.sites import SiteProfile
from newsbot.terms import check_terms
from pipelines.store import Archive, QueryError, SearchHit

MATCH = ("\x02", "\x03")
"""What the archive wraps each match of a snippet in: control characters, which normalised
article text never holds."""


def _one_line(snippet: str) -> str:
    """A snippet spanning paragraphs on one line, paragraphs parted by " / "."""
    return " / ".join(snippet.splitlines())


def _bracketed(snippet: str) -> str:
    """The snippet on one line, each match in [brackets]."""
    return _one_line(snippet).replace(MATCH[0], "[").replace(MATCH[1], "]")


def _hit_record(hit: SearchHit, profile: SiteProfile) -> dict[str, object]:
    article = hit.stored.article
    return {
        "published_at": utc_iso(article.published_at),
        "date": printed_date(article, profile),
        "title": article.title,
        "url": article.url,
        "snippet": _bracketed(hit.snippet),
        "rank": hit.rank,
        "status": hit.stored.status,
    }


def _highlighted(snippet: str) -> Text:
    """The snippet with each match in bold."""
    text = Text()
    for number, part in enumerate(_one_line(snippet).replace(MATCH[1], MATCH[0]).split(MATCH[0])):
        text.append(part, style="bold yellow" if number % 2 else "")
    return text


def _print_hits(hits: list[SearchHit], profile: SiteProfile) -> None:
    console = Console()
    for number, hit in enumerate(hits, start=1):
        article = hit.stored.article
        when = printed_date(article, profile)
        if hit.stored.deleted_at is not None:
            when = f"{when}  [{hit.stored.status} since {hit.stored.deleted_at[:10]}]"
        if console.is_terminal:
            heading = Text.assemble((f"{number}. {when}  ", "dim"), article.title)
            console.print(heading, soft_wrap=True)
            console.print(Text(f"   {article.url}", style="cyan"), soft_wrap=True)
            console.print(Text("   ") + _highlighted(hit.snippet), soft_wrap=True)
        else:
            click.echo(f"{number}. {when}  {article.title}")
            click.echo(f"   {article.url}")
            click.echo(f"   {_bracketed(hit.snippet)}")


@click.command("search")
@click.argument("query")
@click.option("--limit", type=count_range(1), default=20, help="At most this many.")
@publication_range_options
@term_options
@click.option(
    "--live-only", is_flag=True, help="Leave out the articles the site deleted or unpublished."
)
@click.option("--json", "as_json", is_flag=True, help="One JSON array of results on stdout.")
@db_option
@site_option
def search_command(
    query: str,
    limit: int,
    since: date | None,
    until: date | None,
    category: str | None,
    tag: str | None,
    live_only: bool,
    as_json: bool,
    db: Path,
    profile: SiteProfile,
) -> None:
    """Search titles and bodies (FTS5 syntax), best match first.

    A bare Russian word also finds its other forms (its Snowball stem is searched as a prefix,
    with е and ё either way); words in double quotes are matched exactly. Words joined by
    punctuation (covid-19, музей-заповедник) are a phrase; -word leaves articles with that
    word out (a query that starts with - goes after --). AND, OR, NOT, NEAR(...), "phrases",
    prefix* and title: work as in SQLite FTS5. Articles the site deleted or unpublished are
    found too, marked so, unless --live-only.

    \b
    Examples:
      newsbot search 'губернатор ёлка'
      newsbot search '"Цейхгауз" OR музей' --since 2024-01-01 --limit 5
      newsbot search 'музей -кремль' --category kultura
      newsbot search 'title: пожар' --json
    """
    start, end = publication_range(since, until, profile)
    try:
        expression = search_expression(query)
    except QueryProblem as problem:
        fail(Exit.USAGE, f"cannot search for {query!r}: {problem}")
    with Archive(db, profile, readonly=True) as archive:
        check_terms(archive, category=category, tag=tag)
        try:
            hits = archive.search(
                expression,
                limit=limit,
                since=start,
                until=end,
                marks=MATCH,
                category=category,
                tag=tag,
                live_only=live_only,
            )
        except QueryError:
            fail(Exit.USAGE, f"cannot search for {query!r}: FTS5 cannot read it")
    if as_json:
        click.echo(
            json.dumps([_hit_record(hit, profile) for hit in hits], ensure_ascii=False, indent=2)
        )
    elif hits:
        _print_hits(hits, profile)
    else:
        click.echo(f"No article matches {query!r}.", err=True)
