"""REST collection parameters as WordPress 6.1 reads them, and the posts they select.

A page of `/wp-json/wp/v2/posts` is cut from the corpus's sorted indexes: date and modification
windows are found by bisection, so a page costs the same at any depth of a 50,000-post archive.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from newsbot.replica.corpus import Corpus
from newsbot.replica.indexes import SortedPosts, by_id, by_modified, by_published
from newsbot.replica.outlet import parse_rest_date
from newsbot.replica.posts import Post

Query = dict[str, list[str]]
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 10
MAX_PAGE = 2**31 - 1
MAX_OFFSET = 2**63 - 1
ORDERINGS: dict[str, Callable[[Post], Any]] = {
    "date": by_published,
    "modified": by_modified,
    "id": by_id,
    "slug": lambda post: (post.slug, post.id),
    "title": lambda post: (post.title, post.id),
}
ORDERBY = (*ORDERINGS, "include")


class InvalidParam(ValueError):
    """A query parameter WordPress would refuse with 400 `rest_invalid_param`."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        self.name = name
        self.reason = reason


def values(query: Query, name: str) -> list[str]:
    """A list parameter, given as `name=a,b`, or repeated as `name[]=a&name[]=b`."""
    raw = query.get(name, []) + query.get(f"{name}[]", [])
    return [item.strip() for value in raw for item in value.split(",") if item.strip()]


def last(query: Query, name: str) -> str | None:
    found = query.get(name)
    return found[-1] if found else None


def integer(query: Query, name: str, default: int, low: int, high: int) -> int:
    raw = last(query, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParam(name, f"{name} is not of type integer.") from None
    if not low <= value <= high:
        raise InvalidParam(name, f"{name} must be between {low} (inclusive) and {high} (inclusive)")
    return value


def is_number(text: str) -> bool:
    """Whether `text` is a whole number in ASCII digits, as WordPress reads ids."""
    return text.isascii() and text.isdigit()


def ids(query: Query, name: str) -> list[int]:
    """`include=1,2,3`: post ids, in the order given, without repeats."""
    listed = values(query, name)
    for index, value in enumerate(listed):
        if not is_number(value) or len(value) > 19:
            raise InvalidParam(name, f"{name}[{index}] is not of type integer.")
    return list(dict.fromkeys(map(int, listed)))


def instant(query: Query, name: str, zone: ZoneInfo) -> datetime | None:
    """A date bound: site-local when it names no offset, converted when it does."""
    raw = last(query, name)
    if raw is None:
        return None
    try:
        return parse_rest_date(raw, zone)
    except ValueError:
        raise InvalidParam(name, "Invalid date.") from None


def choice(query: Query, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = last(query, name) or default
    if value not in allowed:
        raise InvalidParam(name, f"{name} is not one of {', '.join(allowed)}.")
    return value


@dataclass(frozen=True)
class Bounds:
    """The `after`/`before` and `modified_after`/`modified_before` windows (strict, if given)."""

    after: datetime | None
    before: datetime | None
    modified_after: datetime | None
    modified_before: datetime | None

    @property
    def by_date(self) -> bool:
        return self.after is not None or self.before is not None

    @property
    def by_modified(self) -> bool:
        return self.modified_after is not None or self.modified_before is not None

    def dates_hold(self, post: Post) -> bool:
        return (self.after is None or post.published > self.after) and (
            self.before is None or post.published < self.before
        )

    def modifications_hold(self, post: Post) -> bool:
        return (self.modified_after is None or post.modified > self.modified_after) and (
            self.modified_before is None or post.modified < self.modified_before
        )


@dataclass(frozen=True)
class PostsQuery:
    """What one `/wp-json/wp/v2/posts` request asks for."""

    page: int
    per_page: int
    skip: int | None
    """`offset`: the posts skipped, whatever `page` says; WP_Query reads its absolute value."""
    bounds: Bounds
    orderby: str
    descending: bool
    include: list[int]
    exclude: set[int]
    slugs: list[str]

    @classmethod
    def read(cls, query: Query, zone: ZoneInfo) -> PostsQuery:
        names = ("after", "before", "modified_after", "modified_before")
        bounds = Bounds(*(instant(query, name, zone) for name in names))
        status = values(query, "status")
        if any(value != "publish" for value in status):
            raise InvalidParam("status", "Status is forbidden.")
        return cls(
            page=integer(query, "page", 1, 1, MAX_PAGE),
            per_page=integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
            skip=abs(integer(query, "offset", 0, -MAX_OFFSET, MAX_OFFSET))
            if "offset" in query
            else None,
            bounds=bounds,
            orderby=choice(query, "orderby", "date", ORDERBY),
            descending=choice(query, "order", "desc", ("asc", "desc")) == "desc",
            include=ids(query, "include"),
            exclude=set(ids(query, "exclude")),
            slugs=values(query, "slug"),
        )

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page if self.skip is None else self.skip


def _named(corpus: Corpus, wanted: PostsQuery) -> list[Post]:
    """The published posts `include` names (in its order), narrowed to `slug` if given."""
    if wanted.include:
        named = [corpus.posts[i] for i in wanted.include if i in corpus.posts]
        slugs = set(wanted.slugs)
        return [post for post in named if post.slug in slugs] if slugs else named
    return [corpus.by_slug[slug] for slug in dict.fromkeys(wanted.slugs) if slug in corpus.by_slug]


def _primary(corpus: Corpus, wanted: PostsQuery) -> tuple[SortedPosts, str, range]:
    """The index to cut the page from, the ordering it holds, and the positions in bounds."""
    indexes, bounds = corpus.indexes, wanted.bounds
    use_modified = wanted.orderby == "modified" or (bounds.by_modified and not bounds.by_date)
    if use_modified:
        index = indexes.by_modified
        return index, "modified", index.between(bounds.modified_after, bounds.modified_before)
    if wanted.orderby == "id" and not bounds.by_date:
        return indexes.by_id, "id", range(len(indexes.by_id))
    return indexes.by_date, "date", indexes.by_date.between(bounds.after, bounds.before)


def select_posts(corpus: Corpus, wanted: PostsQuery) -> tuple[int, list[Post]]:
    """How many posts the query matches, and those of the page it asks for."""
    bounds = wanted.bounds
    if wanted.include or wanted.slugs:
        candidates, ordering = _named(corpus, wanted), "include"
        check_dates = check_modified = True
    else:
        index, ordering, positions = _primary(corpus, wanted)
        check_dates = ordering != "date" and bounds.by_date
        check_modified = ordering != "modified" and bounds.by_modified
        if not (check_dates or check_modified or wanted.exclude) and ordering == wanted.orderby:
            page = index.page(positions, wanted.offset, wanted.per_page, wanted.descending)
            return len(positions), page
        candidates = index.posts[positions.start : positions.stop]
    matched = [
        post
        for post in candidates
        if (not check_dates or bounds.dates_hold(post))
        and (not check_modified or bounds.modifications_hold(post))
        and post.id not in wanted.exclude
    ]
    if ordering != wanted.orderby:
        matched.sort(key=ORDERINGS[wanted.orderby])
    if wanted.descending and wanted.orderby != "include":
        matched.reverse()
    return len(matched), matched[wanted.offset : wanted.offset + wanted.per_page]
