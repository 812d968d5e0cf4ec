"""The replica's taxonomies: its fixed categories and a few hundred tags, with WordPress ids."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsbot.normalize import slug_of
from newsbot.replica import vocabulary as words
from newsbot.site import ARBUZ
from newsbot.sites.russian import RUSSIAN

Taxonomy = Literal["category", "post_tag"]


@dataclass(frozen=True, slots=True)
class Term:
    """One category or tag."""

    id: int
    name: str
    slug: str
    taxonomy: Taxonomy

    @property
    def link(self) -> str:
        template = ARBUZ.paths.category if self.taxonomy == "category" else ARBUZ.paths.tag
        return ARBUZ.base_url + template.format(slug=self.slug)


def _tag_names() -> list[str]:
    events = [f"{event} {year}" for year in words.EVENT_YEARS for event in words.EVENTS]
    fixed = set(words.FIXED_TAGS.values())
    names: list[str] = []
    for name in (*words.PEOPLE, *words.PLACES, *words.TOPICS, *events):
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
        tags[term_id] = Term(term_id, name, slug_of(name, RUSSIAN), "post_tag")
        term_id += 1


CATEGORIES: dict[int, Term] = {
    term_id: Term(term_id, name, slug_of(name, RUSSIAN), "category")
    for term_id, name in words.CATEGORIES
}
TAGS: dict[int, Term] = _tags()
CATEGORY_BY_SLUG: dict[str, Term] = {term.slug: term for term in CATEGORIES.values()}
TAG_BY_SLUG: dict[str, Term] = {term.slug: term for term in TAGS.values()}
