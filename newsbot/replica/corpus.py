"""The replica's posts and the indexes every page is served from."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, time

from newsbot.normalize import slug_of
from newsbot.replica.fixed import fixed_posts
from newsbot.replica.generator import LAST_DAY, generate
from newsbot.replica.posts import Post
from newsbot.site import ARBUZ
from newsbot.sites.russian import RUSSIAN

DEFAULT_ARTICLES = 1000
ARCHIVE_END = datetime.combine(LAST_DAY, time(23, 59, 59), ARBUZ.zone).astimezone(UTC)
"""No generated post is published or modified after this instant."""

DateKey = tuple[int, ...]
"""(year,), (year, month) or (year, month, day) of a site-local publication date."""


@dataclass
class Indexes:
    """Live posts, newest first, overall and per category, tag and local date."""

    newest_first: list[Post]
    position: dict[int, int] = field(default_factory=dict)
    """Each post's index in `newest_first`."""
    by_category: dict[int, list[Post]] = field(default_factory=lambda: defaultdict(list))
    by_tag: dict[int, list[Post]] = field(default_factory=lambda: defaultdict(list))
    by_date: dict[DateKey, list[Post]] = field(default_factory=lambda: defaultdict(list))


def _indexes(posts: list[Post]) -> Indexes:
    indexes = Indexes(sorted(posts, key=lambda post: (post.published, post.id), reverse=True))
    for index, post in enumerate(indexes.newest_first):
        indexes.position[post.id] = index
        for term_id in post.categories:
            indexes.by_category[term_id].append(post)
        for term_id in post.tags:
            indexes.by_tag[term_id].append(post)
        local = post.published.astimezone(ARBUZ.zone)
        for key in ((local.year,), (local.year, local.month), (local.year, local.month, local.day)):
            indexes.by_date[key].append(post)
    return indexes


class Corpus:
    """All live posts of the replica; `version` changes whenever any of them does."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.posts: dict[int, Post] = {}
        self.by_slug: dict[str, Post] = {}
        self.by_old_slug: dict[str, Post] = {}
        self.taken_slugs: set[str] = set()
        self._next_suffix: dict[str, int] = {}
        self.version = 0
        self._indexes: Indexes | None = None

    @classmethod
    def generate(cls, articles: int = DEFAULT_ARTICLES, seed: int = 0) -> Corpus:
        """The corpus of `articles` posts (the fixed ones included) that `seed` makes."""
        corpus = cls(seed)
        fixed = fixed_posts()
        if articles < len(fixed):
            raise ValueError(f"a corpus holds at least {len(fixed)} articles")
        for post in fixed:
            corpus.taken_slugs.add(post.slug)
            corpus.add(post)
        rng = random.Random(seed)
        for post in generate(articles - len(fixed), rng, corpus.unique_slug, ARCHIVE_END):
            corpus.add(post)
        return corpus

    def unique_slug(self, title: str) -> str:
        """The slug WordPress gives a new post titled `title` (`-2`, `-3`… when taken)."""
        base = slug_of(title, RUSSIAN) or "post"
        slug, number = base, self._next_suffix.get(base, 2)
        while slug in self.taken_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.taken_slugs.add(slug)
        self._next_suffix[base] = number
        return slug

    def add(self, post: Post) -> None:
        self.posts[post.id] = post
        self.by_slug[post.slug] = post
        if post.old_slug:
            self.by_old_slug[post.old_slug] = post
        self.changed()

    def delete(self, post: Post) -> None:
        del self.posts[post.id]
        del self.by_slug[post.slug]
        self.by_old_slug.pop(post.old_slug, None)
        self.changed()

    def changed(self) -> None:
        """Note that a post was added, edited or deleted (pages and indexes are stale)."""
        self.version += 1
        self._indexes = None

    @property
    def indexes(self) -> Indexes:
        if self._indexes is None:
            self._indexes = _indexes(list(self.posts.values()))
        return self._indexes

    def newest_first(self) -> list[Post]:
        return self.indexes.newest_first

    def in_publication_order(self) -> list[Post]:
        return self.indexes.newest_first[::-1]

    def last_modified(self) -> datetime:
        """The latest modification of any live post (what WordPress sends for its feeds)."""
        return max(post.modified for post in self.posts.values())

    def __len__(self) -> int:
        return len(self.posts)
