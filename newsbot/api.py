"""The archive from Python: `open_archive` opens it read-only and hands `Article`s, their
versions, and pandas or Arrow tables with typed timestamps (the `all` extra).

    from newsbot import open_archive

    with open_archive("data/newsbot.db") as archive:
        for article in archive.articles(since=date(2024, 1, 1), category="Власть"):
            print(article.published_at, article.title)
        frame = archive.to_pandas(tag="Игорь Бабушкин")
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbot.crawl.dates import publication_bounds
from newsbot.exchange.records import record_of
from newsbot.items import Article
from newsbot.search_query import QueryProblem, search_expression
from newsbot.sites import DEFAULT_SITE, SiteProfile, load_profile
from newsbot.terms import check_terms
from pipelines.store import Archive, QueryError
from pipelines.store import StoredArticle as StoredRow

if TYPE_CHECKING:
    import pandas
    import pyarrow

DEFAULT_PATH = Path("data/newsbot.db")

When = date | datetime | None
"""A bound of publication: a site-local day (`date`, both bounds included, as on the command
line), or an aware instant (`datetime`: `since` included, `until` excluded)."""


@dataclass(frozen=True)
class StoredArticle(StoredRow):
    """An archived article that reads like one (`.title`, `.url`, `.published_at`, … are its
    `Article`'s fields), with its archive key, version and bookkeeping beside them."""

    def __getattr__(self, name: str) -> Any:
        # Called only for names the stored row lacks: the article's fields.
        if name == "article" or name.startswith("__"):
            raise AttributeError(name)
        return getattr(self.article, name)

    @classmethod
    def of(cls, row: StoredRow) -> StoredArticle:
        return cls(**{field.name: getattr(row, field.name) for field in fields(row)})


def _instant(bound: When, profile: SiteProfile, *, end: bool) -> datetime | None:
    if isinstance(bound, datetime) and bound.tzinfo is None:
        raise ValueError(f"{bound} has no time zone: give an aware datetime or a date")
    if bound is None or isinstance(bound, datetime):
        return bound
    start, stop = publication_bounds(bound, bound, profile.zone)  # the day as [start, stop)
    return stop if end else start


class NewsArchive:
    """One outlet's articles in an archive, opened read-only (a crawl may keep writing)."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive

    @property
    def path(self) -> Path:
        return self._archive.path

    @property
    def profile(self) -> SiteProfile:
        return self._archive.profile

    def __repr__(self) -> str:
        return f"NewsArchive({str(self.path)!r}, site={self.profile.key!r})"

    def close(self) -> None:
        self._archive.close()

    def __enter__(self) -> NewsArchive:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def __len__(self) -> int:
        return self._archive.count()

    def stored(
        self,
        *,
        since: When = None,
        until: When = None,
        category: str | None = None,
        tag: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> Iterator[StoredArticle]:
        """Articles with their archive key and version, in publication order (see `articles`)."""
        check_terms(self._archive, category=category, tag=tag)
        filters: dict[str, Any] = {
            "since": _instant(since, self.profile, end=False),
            "until": _instant(until, self.profile, end=True),
            "category": category,
            "tag": tag,
        }
        if text is None:
            return islice(map(StoredArticle.of, self._archive.iter_articles(**filters)), limit)
        try:
            expression = search_expression(text)
            hits = self._archive.search(expression, limit=-1, **filters)  # -1: no LIMIT
        except (QueryProblem, QueryError) as problem:
            raise ValueError(f"cannot search for {text!r}: {problem}") from None
        found = [StoredArticle.of(hit.stored) for hit in hits]
        found.sort(key=lambda stored: (stored.article.published_at, stored.article_id))
        return islice(found, limit)

    def articles(
        self,
        *,
        since: When = None,
        until: When = None,
        category: str | None = None,
        tag: str | None = None,
        text: str | None = None,
        limit: int | None = None,
    ) -> Iterator[Article]:
        """Articles in publication order, streamed: published from `since` to `until`, in a
        category or with a tag (name or slug), matching a search (`text`: as `newsbot search`
        reads it, Russian word forms included), at most `limit`."""
        found = self.stored(
            since=since, until=until, category=category, tag=tag, text=text, limit=limit
        )
        return (stored.article for stored in found)

    def find(self, *, post_id: int | None = None, url: str | None = None) -> StoredArticle | None:
        """The article with this post id or URL (any variant form), or None."""
        found = self._archive.find(post_id=post_id, url=url)
        return None if found is None else StoredArticle.of(found)

    def versions(self, article: Article | StoredArticle | int | str) -> list[StoredArticle]:
        """Every version of one article, oldest first, the current one last. `article`: an
        `Article` or stored article of this archive, its archive key, post id or URL."""
        current = self._current(article)
        if current is None:
            raise KeyError(f"no archived article is {article!r}")
        earlier = map(StoredArticle.of, self._archive.versions(current.article_id))
        return [*earlier, current]

    def _current(self, article: Article | StoredRow | int | str) -> StoredArticle | None:
        if isinstance(article, StoredRow):
            article = article.article
        if isinstance(article, Article):
            return self.find(post_id=article.post_id, url=article.url)
        if isinstance(article, str):
            return self.find(url=article)
        found = self._archive.get(article)
        return StoredArticle.of(found) if found else self.find(post_id=article)

    def to_arrow(self, **filters: Any) -> pyarrow.Table:
        """The articles `stored(**filters)` yields as an Arrow table: the columns of the
        exports, instants as `timestamp[s, tz=UTC]`, lists as `list<string>`."""
        import pyarrow as pa

        from newsbot.exchange.parquet import SCHEMA, record_batches

        records = (record_of(stored, self.profile) for stored in self.stored(**filters))
        return pa.Table.from_batches(list(record_batches(records)), schema=SCHEMA)

    def to_pandas(self, **filters: Any) -> pandas.DataFrame:
        """`to_arrow(**filters)` as a pandas DataFrame: instants `datetime64[ns, UTC]`, missing
        ones `NaT`."""
        return self.to_arrow(**filters).to_pandas(coerce_temporal_nanoseconds=True)


def open_archive(
    path: str | os.PathLike[str] = DEFAULT_PATH, site: str | SiteProfile = DEFAULT_SITE
) -> NewsArchive:
    """The archive at `path`, read-only, for the outlet `site` (a profile name or object).

    Raises `ArchiveError` when there is no archive there or it cannot be read, and
    `UnknownSite` for a profile name newsbot does not know.
    """
    profile = site if isinstance(site, SiteProfile) else load_profile(site)
    return NewsArchive(Archive(Path(path), profile, readonly=True))
