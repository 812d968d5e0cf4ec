"""The real posts every corpus holds: the seed article (48213) and its neighbour (48207)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from newsbot.replica.outlet import data_file
from newsbot.replica.posts import Media, Post
from newsbot.replica.terms import CATEGORIES, TAGS

SEED_POST_ID = 48213


def _post(entry: dict[str, Any]) -> Post:
    categories = tuple(int(term_id) for term_id in entry["categories"])
    tags = tuple(int(term_id) for term_id in entry["tags"])
    unknown = [i for i in categories if i not in CATEGORIES] + [i for i in tags if i not in TAGS]
    if unknown:
        raise ValueError(f"fixed post {entry['id']}: no terms {unknown}")
    media = entry["media"]
    return Post(
        id=int(entry["id"]),
        slug=str(entry["slug"]),
        title=str(entry["title"]),
        published=datetime.fromisoformat(entry["published_at"]).astimezone(UTC),
        modified=datetime.fromisoformat(entry["modified_at"]).astimezone(UTC),
        categories=categories,
        tags=tags,
        media=Media(**media) if media else None,
        byline=str(entry["byline"]),
        body_seed=0,
        body=tuple(("p", str(line)) for line in entry["paragraphs"]),
        fixed=True,
    )


def fixed_posts() -> list[Post]:
    """The real posts, oldest first, from `data/fixed_posts.json` (fresh objects every call)."""
    posts = (_post(entry) for entry in data_file("fixed_posts.json"))
    return sorted(posts, key=lambda post: post.published)
