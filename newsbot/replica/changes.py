"""The site changing between two crawls: new posts, edits and deletions on a logical clock."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from newsbot.replica import vocabulary as words
from newsbot.replica.articles import blocks
from newsbot.replica.corpus import Corpus
from newsbot.replica.generator import fill, new_post, next_post_id
from newsbot.replica.posts import Post

RECENT_WINDOW = 50
"""Edits and deletions pick among this many of the newest generated posts (at least)."""


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

    def publish(self) -> Post:
        self.last_id = next_post_id(self.last_id, self.rng)
        post = new_post(self.last_id, self._tick(180, 900), self.rng, self.corpus.unique_slug)
        self.corpus.add(post)
        return post

    def edit(self, post: Post) -> None:
        """Rewrite the title or one paragraph, and stamp the post modified now."""
        post.body = blocks(post)
        if self.rng.random() < 0.5:
            post.title = f"{post.title.rstrip('.')} (дополнено)"
        else:
            paragraphs = [i for i, (kind, _) in enumerate(post.body) if kind == "p"]
            index = self.rng.choice(paragraphs)
            text = post.body[index][1]
            addition = fill(self.rng.choice(words.SENTENCES), self.rng)
            post.body = (*post.body[:index], ("p", f"{text} {addition}"), *post.body[index + 1 :])
        post.modified = self._tick(60, 300)
        post.revision += 1
        self.corpus.changed()

    def _pick(self, count: int, excluded: set[int]) -> list[Post]:
        candidates = [
            post
            for post in self.corpus.newest_first()
            if not post.fixed and post.id not in excluded
        ][: max(RECENT_WINDOW, 3 * count)]
        return self.rng.sample(candidates, min(count, len(candidates)))

    def apply(self, publish: int = 0, edit: int = 0, delete: int = 0) -> dict[str, list[int]]:
        """Publish, then edit, then delete; the three sets of posts never overlap."""
        published = [self.publish().id for _ in range(publish)]
        touched = set(published)
        edited = self._pick(edit, touched)
        for post in edited:
            self.edit(post)
        touched.update(post.id for post in edited)
        deleted = self._pick(delete, touched)
        for post in deleted:
            self.corpus.delete(post)
        return {
            "published": published,
            "edited": [post.id for post in edited],
            "deleted": [post.id for post in deleted],
        }
