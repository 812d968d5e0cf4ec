"""The real posts every corpus holds: the seed article (48213) and its neighbour (48207)."""

from __future__ import annotations

import json
from datetime import UTC
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from newsbot.document import parse
from newsbot.normalize.dates import parse_instant
from newsbot.replica.posts import Media, Post
from newsbot.replica.terms import CATEGORIES, TAGS
from newsbot.sites.arbuz import PROFILE

_DATA = files("newsbot.replica") / "data"
SEED_POST_ID = 48213


def _post(entry: dict[str, Any]) -> Post:
    article = parse((_DATA / entry["document"]).read_text(encoding="utf-8"), PROFILE)
    categories = tuple(entry["categories"])
    tags = tuple(entry["tags"])
    if [CATEGORIES[i].name for i in categories] != article.categories or [
        TAGS[i].name for i in tags
    ] != article.tags:
        raise ValueError(f"{entry['document']}: terms differ from the fixed post's ids")
    media = entry["media"]
    return Post(
        id=entry["id"],
        slug=urlsplit(article.url).path.strip("/"),
        title=article.title,
        published=article.published_at,
        modified=parse_instant(entry["modified_at"], UTC).astimezone(UTC),
        categories=categories,
        tags=tags,
        media=Media(caption=article.photo_credit, **media) if media else None,
        byline=article.author,
        body_seed=0,
        body=tuple(("p", line) for line in article.paragraphs),
        fixed=True,
    )


def fixed_posts() -> list[Post]:
    """The real posts, oldest first, read from the package's seed documents."""
    entries = json.loads((_DATA / "fixed_posts.json").read_text(encoding="utf-8"))
    return sorted((_post(entry) for entry in entries), key=lambda post: post.published)
