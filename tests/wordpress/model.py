"""What the test WordPress holds: terms, photos and posts, and the seed document of each post.

A `Post` is described once, in the outlet's terms; `operation()` turns it into what the PHP loader
needs (WordPress's `post_*` fields) and `document()` into the seed document (DESIGN §1) that both
the REST and the HTML extraction must produce from what WordPress serves.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Literal

from newsbot.document import render
from newsbot.items import Article
from newsbot.normalize import as_utc
from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.wordpress.blocks import Block, classic, document_lines, serialise

Status = Literal["publish", "draft", "pending", "future", "private", "trash"]
Taxonomy = Literal["category", "post_tag"]


@dataclass(frozen=True)
class Term:
    name: str
    slug: str
    """The slug WordPress stores (Cyr-To-Lat transliteration, as the outlet's plugin makes it)."""
    taxonomy: Taxonomy

    def operation(self) -> dict[str, Any]:
        return {"op": "term", "taxonomy": self.taxonomy, "name": self.name, "slug": self.slug}


DEFAULT_CATEGORY = Term(
    "Без рубрики", "%d0%b1%d0%b5%d0%b7-%d1%80%d1%83%d0%b1%d1%80%d0%b8%d0%ba%d0%b8", "category"
)
"""The category a Russian WordPress install creates (id 1, its slug percent-encoded Cyrillic);
posts given no category are in it."""


@dataclass(frozen=True)
class Photo:
    """A featured image: a JPEG of this size, an attachment whose caption is `caption`."""

    name: str
    caption: str
    width: int = 640
    height: int = 360
    alt: str = ""
    id: int | None = None

    def operation(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "caption": self.caption,
            "width": self.width,
            "height": self.height,
            "alt": self.alt,
            "id": self.id,
        }


def term_order(terms: tuple[Term, ...]) -> list[Term]:
    """Terms in the order WordPress prints them: by name, as MariaDB's unicode collation sorts."""
    return sorted(terms, key=lambda term: term.name.casefold().replace("ё", "е"))


def wordpress_time(moment: datetime) -> str:
    """A `post_date`-style column value: `Y-m-d H:i:s`."""
    return moment.strftime("%Y-%m-%d %H:%M:%S")


@dataclass(frozen=True)
class Post:
    """One post of the test site, in its current state."""

    key: str
    """A name tests use for it (`seed`, `nextpage`, `filler-12`, …)."""
    title: str
    slug: str
    published: datetime
    """Publication instant, aware; for a scheduled post the future one."""
    blocks: tuple[Block, ...]
    categories: tuple[Term, ...] = ()
    tags: tuple[Term, ...] = ()
    photo: Photo | None = None
    status: Status = "publish"
    password: str = ""
    classic: bool = False
    """Stored as classic-editor text (paragraphs and blank lines) rather than blocks."""
    modified: datetime | None = None
    """Last edit; None when never edited after publication."""
    id: int | None = None
    """The post id: forced on load when set, else the one WordPress gave."""
    first_title: str = ""
    """The title it was first published with, when an edit changed it."""
    first_slug: str = ""
    """The slug it was first published with, when an edit changed it (WordPress redirects it)."""
    previous_status: Status | None = None
    """The status it had before it went to the trash."""

    @property
    def public(self) -> bool:
        """Published for everyone: its text is on the site and it must be in the archive."""
        return self.status == "publish" and not self.password

    @property
    def url(self) -> str:
        """The canonical URL on the outlet's host (what the archive stores)."""
        return f"{ARBUZ.base_url}/{self.slug}/"

    @property
    def shown_categories(self) -> list[Term]:
        return term_order(self.categories or (DEFAULT_CATEGORY,))

    @property
    def content(self) -> str:
        return classic(self.blocks) if self.classic else serialise(self.blocks)

    @property
    def last_modified(self) -> datetime:
        return self.modified or self.published

    def article(self) -> Article:
        """The `Article` the archive must store for this post."""
        caption = self.photo.caption if self.photo else ""
        categories = self.shown_categories
        tags = term_order(self.tags)
        return Article(
            title=self.title,
            site_name=ARBUZ.name,
            published_at=as_utc(self.published),
            url=self.url,
            paragraphs=document_lines(self.blocks),
            categories=[term.name for term in categories],
            category_slugs=[term.slug for term in categories],
            photo_credit=caption if ARBUZ.language.credit_line.match(caption) else "",
            tags=[term.name for term in tags],
            tag_slugs=[term.slug for term in tags],
            post_id=self.id,
            modified_at=as_utc(self.last_modified),
        )

    def document(self) -> str:
        """The seed document of this post, byte for byte."""
        return render(self.article(), ARBUZ)

    def times(self, moment: datetime) -> list[str]:
        """`moment` as WordPress's (local, GMT) column pair."""
        return [
            wordpress_time(moment.astimezone(ARBUZ.zone)),
            wordpress_time(moment.astimezone(UTC)),
        ]

    def operations(self) -> list[dict[str, Any]]:
        """The loader operations that create this post as it is now (an edit is a second one)."""
        local, gmt = self.times(self.published)
        edited = bool(self.first_title or self.first_slug or self.modified)
        insert: dict[str, Any] = {
            "op": "post",
            "title": self.first_title or self.title,
            "slug": self.first_slug or self.slug,
            "content": self.content,
            "status": self.status,
            "password": self.password,
            "date": local,
            "date_gmt": gmt,
            "modified": self.times(self.published),
            "categories": [term.slug for term in self.categories],
            "tags": [term.slug for term in self.tags],
            "photo": self.photo.operation() if self.photo else None,
        }
        if self.id is not None:
            # A copy of the outlet: the GUIDs it gave its posts and files stay.
            insert["id"] = self.id
            insert["guid"] = f"{ARBUZ.base_url}/?p={self.id}"
            if self.photo:
                month = self.published.astimezone(ARBUZ.zone).strftime("%Y/%m")
                insert["photo"]["guid"] = (
                    f"{ARBUZ.base_url}/wp-content/uploads/{month}/{self.photo.name}.jpg"
                )
        if not edited:
            return [insert]
        if self.status == "trash":
            raise ValueError(f"{self.key}: an edited post cannot start in the trash")
        return [insert, self.update_operation()]

    def update_operation(self) -> dict[str, Any]:
        """The operation that brings a stored copy of this post to its current title and text."""
        return {
            "op": "update",
            "id": self.id,
            "fields": {
                "post_title": self.title,
                "post_name": self.slug,
                "post_content": self.content,
            },
            "categories": [term.slug for term in self.categories],
            "tags": [term.slug for term in self.tags],
            "modified": self.times(self.last_modified),
        }

    def edited(self, **changes: Any) -> Post:
        return replace(self, **changes)
