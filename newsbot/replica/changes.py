"""The site changing between two crawls, on a logical clock: posts published, edited, moved to
the drafts or the trash, restored and deleted, as an editor does it in WordPress; scheduled posts
published by WordPress's cron."""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import islice

from newsbot.replica import words
from newsbot.replica.articles import blocks
from newsbot.replica.config import ConfigError
from newsbot.replica.corpus import Corpus
from newsbot.replica.generator import fill, new_post, next_post_id
from newsbot.replica.posts import Post

RECENT_WINDOW = 50
"""Posts picked at random come from this many of the newest generated posts (at least)."""
MAX_CHANGE = 10_000
"""The most posts one request may publish, edit, move or delete (each kind)."""
SCHEDULED_AHEAD = timedelta(days=1)
"""How long before its publication a scheduled post was last saved."""
MAX_POSTS = 200_000
"""The most posts the replica holds (published, drafts and trash): publishing stops there."""
KINDS = ("restore", "publish", "schedule", "edit", "rename", "unpublish", "trash", "delete")
"""Every kind of change, in the order one request applies them."""

NEW_POSTS = ("publish", "schedule")
"""The kinds that add posts: they take a number, never ids."""

Wanted = int | list[int]
"""How many posts to pick at random, or which ones (by id)."""
ChangeRequest = dict[str, Wanted]
"""One `POST /__replica__/change` body, checked: counts or id lists for each kind."""


class ChangeError(ConfigError):
    """A change the replica refuses; `field` names the part of the request at fault."""


def read_changes(data: dict[str, object]) -> ChangeRequest:
    """The change request `data` holds; raises ChangeError on anything else."""
    unknown = sorted(set(data) - set(KINDS))
    if unknown:
        raise ChangeError(unknown[0], f"unknown change; expected some of {', '.join(KINDS)}")
    wanted: ChangeRequest = {}
    for kind, value in data.items():
        if type(value) is int:
            if not 0 <= value <= MAX_CHANGE:
                raise ChangeError(kind, f"expected 0 to {MAX_CHANGE} posts, not {value}")
            wanted[kind] = value
        elif isinstance(value, list) and kind not in NEW_POSTS:
            if len(value) > MAX_CHANGE or not all(type(item) is int for item in value):
                raise ChangeError(kind, f"expected a list of at most {MAX_CHANGE} post ids")
            if len(set(value)) != len(value):
                raise ChangeError(kind, "the same post id is listed twice")
            wanted[kind] = value
        else:
            shape = "a number of posts" if kind in NEW_POSTS else "a number or a list of ids"
            raise ChangeError(kind, f"expected {shape} (0 to {MAX_CHANGE}), not {value!r}")
    return wanted


class SiteChanges:
    """Applies changes to a corpus; its clock starts after every existing publication or edit."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.rng = random.Random(f"changes:{corpus.seed}")
        latest = max(max(p.published, p.modified) for p in corpus.posts.values())
        self.now = latest.replace(microsecond=0) + timedelta(minutes=5)
        self.last_id = max(corpus.posts)

    def _tick(self, low: int, high: int) -> datetime:
        self.now += timedelta(seconds=self.rng.randint(low, high))
        return self.now

    def publish(self, scheduled: bool = False) -> Post:
        """A new post; a `scheduled` one was last saved a day before WordPress published it."""
        self.last_id = next_post_id(self.last_id, self.rng)
        corpus = self.corpus
        published = self._tick(180, 900)
        post = new_post(self.last_id, published, self.rng, corpus.unique_slug, corpus.outlet.name)
        if scheduled:
            post.modified = published - SCHEDULED_AHEAD
        corpus.add(post)
        return post

    def edit(self, post: Post) -> None:
        """Rewrite the title or one paragraph, and stamp the post modified now."""
        with self.corpus.editing(post):
            body = post.body = blocks(post)
            if self.rng.random() < 0.5:
                post.title = f"{post.title.rstrip('.')} (дополнено)"
            else:
                index = self.rng.choice([i for i, (kind, _) in enumerate(body) if kind == "p"])
                text = body[index][1]
                addition = fill(self.rng.choice(words.SENTENCES), self.rng)
                post.body = (*body[:index], ("p", f"{text} {addition}"), *body[index + 1 :])
            post.modified = self._tick(60, 300)

    def _pick(self, count: int, excluded: set[int]) -> list[Post]:
        newest = self.corpus.indexes.by_date.iter_newest()
        eligible = (post for post in newest if not post.fixed and post.id not in excluded)
        candidates = list(islice(eligible, max(RECENT_WINDOW, 3 * count)))
        return self.rng.sample(candidates, min(count, len(candidates)))

    def _named(self, kind: str, ids: Iterable[int], touched: set[int]) -> list[Post]:
        """The posts `ids` names, each in a state `kind` applies to."""
        corpus = self.corpus
        found: list[Post] = []
        for post_id in ids:
            post = corpus.withdrawn.get(post_id) if kind == "restore" else corpus.posts.get(post_id)
            if post is None and kind == "delete":
                post = corpus.withdrawn.get(post_id)
            if post is None:
                state = "a draft or in the trash" if kind == "restore" else "published"
                raise ChangeError(kind, f"post {post_id} is not {state}")
            if post.fixed or post.id in touched:
                why = "a fixed post" if post.fixed else "changed by another part of this request"
                raise ChangeError(kind, f"post {post_id} is {why}")
            found.append(post)
        return found

    def _chosen(self, kind: str, wanted: Wanted, touched: set[int]) -> list[Post]:
        if isinstance(wanted, list):
            return self._named(kind, wanted, touched)
        if kind == "restore":
            pool = sorted(self.corpus.withdrawn)
            return [self.corpus.withdrawn[i] for i in self.rng.sample(pool, min(wanted, len(pool)))]
        return self._pick(wanted, touched)

    def apply(self, request: ChangeRequest) -> dict[str, list[int]]:
        """Every kind in KINDS order, answered by past tense (`edited`); no post takes two kinds."""
        new = {kind: request.get(kind, 0) for kind in NEW_POSTS}
        publish = sum(count for count in new.values() if isinstance(count, int))
        held = len(self.corpus) + len(self.corpus.withdrawn)
        if held + publish > MAX_POSTS:
            room = max(0, MAX_POSTS - held)
            raise ChangeError(
                "publish", f"the replica holds at most {MAX_POSTS} posts ({room} more)"
            )
        touched: set[int] = set()
        chosen: dict[str, list[Post]] = {}
        for kind in KINDS:  # choose everything first: a refused request changes nothing
            wanted = request.get(kind, 0)
            chosen[kind] = [] if kind in NEW_POSTS else self._chosen(kind, wanted, touched)
            touched.update(post.id for post in chosen[kind])
        for kind, posts in chosen.items():
            if kind in NEW_POSTS:
                count = new[kind]
                assert isinstance(count, int)
                posts += [self.publish(kind == "schedule") for _ in range(count)]
            else:
                for post in posts:
                    self._apply(kind, post)
        return {
            kind.removesuffix("e") + "ed": [p.id for p in posts] for kind, posts in chosen.items()
        }

    def _apply(self, kind: str, post: Post) -> None:
        corpus = self.corpus
        if kind == "edit":
            self.edit(post)
        elif kind == "rename":
            corpus.rename(post, f"{post.title.rstrip('.')}: подробности", self._tick(60, 300))
        elif kind == "delete":
            corpus.delete(post)
        elif kind == "restore":
            post.modified = self._tick(60, 300)
            corpus.restore(post)
        else:
            corpus.withdraw(post, "draft" if kind == "unpublish" else "trash")
            post.modified = self._tick(60, 300)
