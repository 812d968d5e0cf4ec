"""Sorted indexes of the published posts, kept up to date as posts come and go.

Every listing, archive, feed, sitemap and REST page is a slice of one of them, found by
bisection: serving a page costs the same whether the corpus holds a thousand posts or fifty
thousand, and a change moves only the posts it touches.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from newsbot.replica.posts import Post
from newsbot.replica.terms import Term

Key = tuple[Any, ...]
DateKey = tuple[int, ...]
"""(year,), (year, month) or (year, month, day) of a site-local publication date."""
_LAST = float("inf")
"""Sorts after every post id: `(moment, _LAST)` follows every key at `moment`."""


def by_published(post: Post) -> Key:
    return (post.published, post.id)


def by_modified(post: Post) -> Key:
    return (post.modified, post.id)


def by_id(post: Post) -> Key:
    return (post.id,)


class SortedPosts:
    """Posts in ascending order of a key that is unique (it ends with the post id)."""

    __slots__ = ("_key", "keys", "posts")

    def __init__(self, key: Callable[[Post], Key], posts: Iterable[Post] = ()) -> None:
        self._key = key
        self.posts: list[Post] = sorted(posts, key=key)
        self.keys: list[Key] = list(map(key, self.posts))

    def __len__(self) -> int:
        return len(self.posts)

    def add(self, post: Post) -> None:
        key = self._key(post)
        index = bisect_left(self.keys, key)
        self.keys.insert(index, key)
        self.posts.insert(index, post)

    def remove(self, post: Post) -> None:
        """Take `post` out; its key must not have changed since it was added."""
        index = self.position(post)
        del self.keys[index]
        del self.posts[index]

    def position(self, post: Post) -> int:
        index = bisect_left(self.keys, self._key(post))
        if index == len(self.posts) or self.posts[index] is not post:
            raise KeyError(post.id)
        return index

    def between(self, after: datetime | None, before: datetime | None) -> range:
        """Positions of the posts whose key moment is strictly between the bounds (if given)."""
        low = 0 if after is None else bisect_right(self.keys, (after, _LAST))
        high = len(self.keys) if before is None else bisect_left(self.keys, (before,))
        return range(low, max(low, high))

    def page(self, positions: range, start: int, count: int, newest_first: bool) -> list[Post]:
        """`count` posts from the `start`-th of `positions`, counted from either end."""
        if newest_first:
            stop = max(positions.start, positions.stop - start)
            first = max(positions.start, stop - count)
            return self.posts[first:stop][::-1]
        first = min(positions.stop, positions.start + start)
        return self.posts[first : min(positions.stop, first + count)]

    def newest(self, start: int, count: int) -> list[Post]:
        """The `count` posts from the `start`-th newest (0 is the newest), newest first."""
        return self.page(range(len(self.posts)), start, count, newest_first=True)

    def older_than(self, post: Post, count: int) -> list[Post]:
        """The `count` posts just before `post` in this order, the nearest first."""
        index = self.position(post)
        return self.posts[max(0, index - count) : index][::-1]

    def iter_newest(self) -> Iterator[Post]:
        return reversed(self.posts)


def date_keys(moment: datetime, zone: ZoneInfo) -> tuple[DateKey, DateKey, DateKey]:
    local = moment.astimezone(zone)
    return (local.year,), (local.year, local.month), (local.year, local.month, local.day)


class Indexes:
    """The published posts by date, by modification, by id, per term and per local date."""

    def __init__(self, zone: ZoneInfo, posts: Iterable[Post] = ()) -> None:
        self.zone = zone
        live = list(posts)
        self.by_date = SortedPosts(by_published, live)
        self.by_modified = SortedPosts(by_modified, live)
        self.by_id = SortedPosts(by_id, live)
        groups: dict[tuple[str, Any], list[Post]] = defaultdict(list)
        for post in live:
            for group in self._groups(post):
                groups[group].append(post)
        self._groups_index: dict[tuple[str, Any], SortedPosts] = {
            group: SortedPosts(by_published, members) for group, members in groups.items()
        }

    def _groups(self, post: Post) -> Iterator[tuple[str, Any]]:
        for term_id in post.categories:
            yield ("category", term_id)
        for term_id in post.tags:
            yield ("post_tag", term_id)
        for key in date_keys(post.published, self.zone):
            yield ("date", key)

    def _group(self, kind: str, key: Any) -> SortedPosts:
        found = self._groups_index.get((kind, key))
        return found if found is not None else SortedPosts(by_published)

    def category(self, term_id: int) -> SortedPosts:
        return self._group("category", term_id)

    def tag(self, term_id: int) -> SortedPosts:
        return self._group("post_tag", term_id)

    def term(self, term: Term) -> SortedPosts:
        return self._group(term.taxonomy, term.id)

    def date(self, key: DateKey) -> SortedPosts:
        return self._group("date", key)

    def days(self) -> list[DateKey]:
        """Every local day with a published post, oldest first."""
        return sorted(
            key
            for (kind, key), members in self._groups_index.items()
            if kind == "date" and len(key) == 3 and members
        )

    def add(self, post: Post) -> None:
        for index in (self.by_date, self.by_modified, self.by_id):
            index.add(post)
        for group in self._groups(post):
            self._groups_index.setdefault(group, SortedPosts(by_published)).add(post)

    def remove(self, post: Post) -> None:
        """Take `post` out of every index (before any of its keys changes)."""
        for index in (self.by_date, self.by_modified, self.by_id):
            index.remove(post)
        for group in self._groups(post):
            self._groups_index[group].remove(post)
