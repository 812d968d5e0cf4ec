"""The replica's sorted indexes stay equal to a plain scan of its posts through every change,
and REST pages cut from them hold what a scan of every post would select."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.replica.changes import KINDS, ChangeRequest, SiteChanges
from newsbot.replica.corpus import Corpus
from newsbot.replica.indexes import date_keys
from newsbot.replica.posts import Post
from newsbot.replica.rest_query import ORDERINGS, Bounds, PostsQuery, select_posts

Changes = list[tuple[str, int]]
changes = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 6)), max_size=8)


def changed_corpus(steps: Changes) -> Corpus:
    corpus = Corpus.generate(80, seed=5)
    site = SiteChanges(corpus)
    for kind, count in steps:
        site.apply(ChangeRequest({kind: count}))
    return corpus


def in_order(posts: Any, key: Callable[[Post], Any]) -> list[int]:
    return [post.id for post in sorted(posts, key=key)]


def ids(posts: list[Post]) -> list[int]:
    return [post.id for post in posts]


@settings(max_examples=60, deadline=None)
@given(changes)
def test_indexes_equal_a_scan_after_any_changes(steps: Changes) -> None:
    corpus = changed_corpus(steps)
    indexes, live = corpus.indexes, list(corpus.posts.values())
    assert all(post.status == "publish" for post in live)
    assert all(post.status in ("draft", "trash") for post in corpus.withdrawn.values())
    assert not set(corpus.posts) & set(corpus.withdrawn)
    assert ids(indexes.by_date.posts) == in_order(live, ORDERINGS["date"])
    assert ids(indexes.by_modified.posts) == in_order(live, ORDERINGS["modified"])
    assert ids(indexes.by_id.posts) == sorted(corpus.posts)
    for term_id in {term for post in live for term in post.categories}:
        members = [post for post in live if term_id in post.categories]
        assert ids(indexes.category(term_id).posts) == in_order(members, ORDERINGS["date"])
    for term_id in {term for post in live for term in post.tags}:
        members = [post for post in live if term_id in post.tags]
        assert ids(indexes.tag(term_id).posts) == in_order(members, ORDERINGS["date"])
    zone = corpus.outlet.zone
    days = {date_keys(post.published, zone)[2] for post in live}
    assert indexes.days() == sorted(days)
    for day in days:
        members = [post for post in live if date_keys(post.published, zone)[2] == day]
        assert ids(indexes.date(day).posts) == in_order(members, ORDERINGS["date"])
    assert corpus.by_slug == {post.slug: post for post in live}


def scanned(corpus: Corpus, wanted: PostsQuery) -> tuple[int, list[int]]:
    """What the query selects, by a scan of every published post."""
    bounds = wanted.bounds
    matched = [
        post
        for post in corpus.posts.values()
        if bounds.dates_hold(post)
        and bounds.modifications_hold(post)
        and post.id not in wanted.exclude
        and (not wanted.include or post.id in wanted.include)
    ]
    if wanted.orderby == "include":
        matched.sort(key=lambda post: wanted.include.index(post.id))
    else:
        matched.sort(key=ORDERINGS[wanted.orderby], reverse=wanted.descending)
    return len(matched), ids(matched[wanted.offset : wanted.offset + wanted.per_page])


def moment(corpus: Corpus, draw: st.DrawFn) -> datetime | None:
    posts = list(corpus.posts.values())
    if draw(st.booleans()):
        return None
    post = draw(st.sampled_from(posts))
    base = draw(st.sampled_from((post.published, post.modified)))
    return base + timedelta(seconds=draw(st.integers(-2, 2)))


@settings(max_examples=150, deadline=None)
@given(changes, st.data())
def test_rest_pages_select_what_a_scan_selects(steps: Changes, data: st.DataObject) -> None:
    corpus = changed_corpus(steps)
    draw = data.draw
    bounds = Bounds(*(moment(corpus, draw) for _ in range(4)))
    everyone = sorted(corpus.posts) + sorted(corpus.withdrawn) + [1, 2]
    include = draw(st.lists(st.sampled_from(everyone), unique=True, max_size=6))
    orderby = draw(st.sampled_from((*ORDERINGS, "include") if include else tuple(ORDERINGS)))
    wanted = PostsQuery(
        page=draw(st.integers(1, 5)),
        per_page=draw(st.integers(1, 30)),
        skip=draw(st.none() | st.integers(0, 60)),
        bounds=bounds,
        orderby=orderby,
        descending=draw(st.booleans()),
        include=include,
        exclude=set(draw(st.lists(st.sampled_from(everyone), max_size=3))),
        slugs=[],
    )
    total, page = select_posts(corpus, wanted)
    assert (total, ids(page)) == scanned(corpus, wanted)
