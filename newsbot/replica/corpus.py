"""The replica's posts: the published ones with their indexes, drafts and trash beside them."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, time

from newsbot.replica.fixed import fixed_posts
from newsbot.replica.generator import LAST_DAY, generate
from newsbot.replica.indexes import Indexes
from newsbot.replica.outlet import DEFAULT_OUTLET, Outlet
from newsbot.replica.posts import Post, Status
from newsbot.replica.slugs import slugify

DEFAULT_ARTICLES = 1000


class Corpus:
    """The outlet's posts; `version` changes whenever any of them does."""

    def __init__(self, seed: int, outlet: Outlet = DEFAULT_OUTLET) -> None:
        self.seed = seed
        self.outlet = outlet
        self.posts: dict[int, Post] = {}
        """The published posts, by id: everything the site shows."""
        self.withdrawn: dict[int, Post] = {}
        """Drafts and trashed posts, by id: kept, but shown nowhere."""
        self.by_slug: dict[str, Post] = {}
        self.by_old_slug: dict[str, Post] = {}
        self.taken_slugs: set[str] = set()
        self._next_suffix: dict[str, int] = {}
        self.version = 0
        self.indexes = Indexes(outlet.zone)
        self.archive_end = datetime.combine(LAST_DAY, time(23, 59, 59), outlet.zone).astimezone(UTC)
        """No generated post is published or modified after this instant."""

    @classmethod
    def generate(
        cls, articles: int = DEFAULT_ARTICLES, seed: int = 0, outlet: Outlet = DEFAULT_OUTLET
    ) -> Corpus:
        """The corpus of `articles` posts (the fixed ones included) that `seed` makes."""
        corpus = cls(seed, outlet)
        fixed = fixed_posts()
        if articles < len(fixed):
            raise ValueError(f"a corpus holds at least {len(fixed)} articles")
        for post in fixed:
            corpus.taken_slugs.add(post.slug)
            corpus._show(post)
        rng = random.Random(seed)
        generated = generate(
            articles - len(fixed), rng, corpus.unique_slug, corpus.archive_end, outlet
        )
        for post in generated:
            corpus._show(post)
        corpus.indexes = Indexes(outlet.zone, corpus.posts.values())
        return corpus

    def unique_slug(self, title: str) -> str:
        """The slug WordPress gives a new post titled `title` (`-2`, `-3`… when taken)."""
        base = slugify(title) or "post"
        slug, number = base, self._next_suffix.get(base, 2)
        while slug in self.taken_slugs:
            slug, number = f"{base}-{number}", number + 1
        self.taken_slugs.add(slug)
        self._next_suffix[base] = number
        return slug

    def _show(self, post: Post) -> None:
        """Make `post` reachable by id and slug (not yet indexed)."""
        post.status = "publish"
        self.posts[post.id] = post
        self.by_slug[post.slug] = post
        if post.old_slug:
            self.by_old_slug[post.old_slug] = post

    def _hide(self, post: Post) -> None:
        """Take `post` off the site: its id, slugs and indexes."""
        self.indexes.remove(post)
        del self.posts[post.id]
        del self.by_slug[post.slug]
        self.by_old_slug.pop(post.old_slug, None)

    def add(self, post: Post) -> None:
        """Publish a new post."""
        self._show(post)
        self.indexes.add(post)
        self.version += 1

    def withdraw(self, post: Post, status: Status) -> None:
        """Move a published post to the drafts or the trash (its slug stays reserved)."""
        self._hide(post)
        post.status = status
        self.withdrawn[post.id] = post
        self.version += 1

    def restore(self, post: Post) -> None:
        """Publish a draft or trashed post again, at its old slug and publication date."""
        del self.withdrawn[post.id]
        self.add(post)

    def delete(self, post: Post) -> None:
        """Delete a post for good, whatever its status (its slug stays taken, as its old URLs)."""
        if self.withdrawn.pop(post.id, None) is None:
            self._hide(post)
        self.version += 1

    def rename(self, post: Post, title: str, modified: datetime) -> None:
        """Retitle a published post and give it the slug of its new title, as an editor who
        edits the permalink does; its former slugs answer with a redirect (WordPress keeps
        each one, `_wp_old_slug`)."""
        earlier = post.old_slug
        self._hide(post)
        post.modified, post.title, post.old_slug = modified, title, post.slug
        post.slug = self.unique_slug(title)
        self.add(post)
        if earlier:
            self.by_old_slug[earlier] = post

    @contextmanager
    def editing(self, post: Post) -> Iterator[Post]:
        """Change a published post inside the block; its indexes follow."""
        self.indexes.remove(post)
        try:
            yield post
        finally:
            self.indexes.add(post)
            self.version += 1

    def newest_first(self) -> list[Post]:
        return self.indexes.by_date.posts[::-1]

    def in_publication_order(self) -> list[Post]:
        return list(self.indexes.by_date.posts)

    def last_modified(self) -> datetime:
        """The latest modification of any published post (what WordPress dates its feeds by)."""
        latest = self.indexes.by_modified.posts
        return latest[-1].modified if latest else self.archive_end

    def last_changed(self) -> datetime:
        """The latest modification or publication of any published post (a scheduled post
        keeps its last edit's time when WordPress publishes it)."""
        latest = self.indexes.by_date.posts
        return max(self.last_modified(), latest[-1].published if latest else self.archive_end)

    def __len__(self) -> int:
        return len(self.posts)
