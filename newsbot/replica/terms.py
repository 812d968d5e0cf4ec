"""The replica's taxonomies: its fixed categories and a few hundred tags, with WordPress ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsbot.replica import words
from newsbot.replica.outlet import Outlet
from newsbot.replica.slugs import slugify

Taxonomy = Literal["category", "post_tag"]


@dataclass(frozen=True, slots=True)
class Term:
    """One category or tag."""

    id: int
    name: str
    slug: str
    taxonomy: Taxonomy

    @property
    def path(self) -> str:
        """The term's archive, e.g. `/category/vlast/`."""
        return f"/{'category' if self.taxonomy == 'category' else 'tag'}/{self.slug}/"

    def link(self, outlet: Outlet) -> str:
        return outlet.url(self.path)


def _tag_names() -> list[str]:
    pools = words.TAG_POOLS
    events = [f"{event} {year}" for year in words.EVENT_YEARS for event in pools["events"]]
    fixed = set(words.FIXED_TAGS.values())
    names: list[str] = []
    for name in (*pools["people"], *pools["places"], *pools["topics"], *events):
        if name not in fixed and name not in names:
            names.append(name)
    return names


def _tags() -> dict[int, Term]:
    pool = iter(_tag_names())
    tags: dict[int, Term] = {}
    term_id = words.FIRST_TAG_ID
    while True:
        name = words.FIXED_TAGS.get(term_id) or next(pool, None)
        if name is None:
            return tags
        tags[term_id] = Term(term_id, name, slugify(name), "post_tag")
        term_id += 1


CATEGORIES: dict[int, Term] = {
    term_id: Term(term_id, name, slugify(name), "category") for term_id, name in words.CATEGORIES
}
TAGS: dict[int, Term] = _tags()
CATEGORY_BY_SLUG: dict[str, Term] = {term.slug: term for term in CATEGORIES.values()}
TAG_BY_SLUG: dict[str, Term] = {term.slug: term for term in TAGS.values()}
