"""The replica's taxonomies: its fixed categories and a few hundred tags, with WordPress ids."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from newsbot.replica import words
from newsbot.replica.outlet import Outlet
from newsbot.replica.slugs import slugify

TaxonomyName = Literal["category", "post_tag"]


@dataclass(frozen=True, slots=True)
class Term:
    """One category or tag."""

    id: int
    name: str
    slug: str
    taxonomy: TaxonomyName

    @property
    def path(self) -> str:
        """The term's archive, e.g. `/category/vlast/`."""
        return f"/{TAXONOMIES[self.taxonomy].base}/{self.slug}/"

    def link(self, outlet: Outlet) -> str:
        return outlet.url(self.path)


def _tags() -> dict[int, Term]:
    """The fixed tags at their ids, the pools' other names (each once) at the ids between."""
    pools = words.TAG_POOLS
    events = [f"{event} {year}" for year in words.EVENT_YEARS for event in pools["events"]]
    fixed = set(words.FIXED_TAGS.values())
    named = (*pools["people"], *pools["places"], *pools["topics"], *events)
    pool = iter(dict.fromkeys(name for name in named if name not in fixed))
    tags: dict[int, Term] = {}
    term_id = words.FIRST_TAG_ID
    while True:
        name = words.FIXED_TAGS.get(term_id) or next(pool, None)
        if name is None:
            return tags
        tags[term_id] = Term(term_id, name, slugify(name), "post_tag")
        term_id += 1


@dataclass(frozen=True)
class Taxonomy:
    """One kind of term: its archive base (`/tag/…`), REST route (`tags`) and terms."""

    base: str
    route: str
    by_id: dict[int, Term]

    @cached_property
    def by_slug(self) -> dict[str, Term]:
        return {term.slug: term for term in self.by_id.values()}


CATEGORIES: dict[int, Term] = {
    term_id: Term(term_id, name, slugify(name), "category") for term_id, name in words.CATEGORIES
}
TAGS: dict[int, Term] = _tags()
TAXONOMIES: dict[TaxonomyName, Taxonomy] = {
    "category": Taxonomy("category", "categories", CATEGORIES),
    "post_tag": Taxonomy("tag", "tags", TAGS),
}
TAXONOMY_BY_SEGMENT = {key: one for one in TAXONOMIES.values() for key in (one.base, one.route)}
"""The taxonomies by archive base (`tag`) and by REST route (`tags`)."""
