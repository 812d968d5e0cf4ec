"""A replica post: what WordPress stores for one article, before any theme renders it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

Block = tuple[str, str | tuple[str, ...]]
"""One block of a post body: ("p" | "h2" | "blockquote", text) or ("ul", items)."""


Status = Literal["publish", "draft", "trash"]
"""WordPress's `post_status` of a post the replica still holds (a deleted post is gone)."""


@dataclass(slots=True)
class Media:
    """The featured image (a WordPress attachment) of a post."""

    id: int
    name: str
    width: int
    height: int
    caption: str
    """The caption as printed, e.g. "Фото: mid.astrobl.ru"; empty when the photo has none."""


@dataclass(slots=True)
class Post:
    """One post. Times are aware UTC datetimes; terms are ids of `newsbot.replica.terms`."""

    id: int
    slug: str
    title: str
    published: datetime
    modified: datetime
    categories: tuple[int, ...]
    tags: tuple[int, ...]
    media: Media | None
    byline: str
    body_seed: int
    body: tuple[Block, ...] | None = None
    """The body when it is stored; None while it is still the one `body_seed` makes."""
    old_slug: str = ""
    """The slug the post had before it was renamed (answers with a redirect); empty if none."""
    fixed: bool = False
    """The seed article or its neighbour: real posts that changes never touch."""
    status: Status = "publish"
