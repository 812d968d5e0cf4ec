"""The replica's corpus generator: determinism, counts, rhythm, the seed article, slugs."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.normalize import slug_of
from newsbot.replica.articles import paragraphs
from newsbot.replica.corpus import Corpus
from newsbot.replica.expected import expected_document
from newsbot.replica.generator import HOUR_WEIGHTS, LAST_DAY, headline
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.replica.posts import Post
from newsbot.replica.slugs import slugify
from newsbot.replica.terms import CATEGORIES, TAGS
from newsbot.sites.arbuz import PROFILE
from newsbot.sites.russian import RUSSIAN

SEED_SLUG = (
    "astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana"
)
FIXED_IDS = {48207, 48213}


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus.generate()


def generated(corpus: Corpus) -> list[Post]:
    return [post for post in corpus.in_publication_order() if not post.fixed]


def fingerprint(corpus: Corpus) -> list[tuple[object, ...]]:
    return [
        (p.id, p.slug, p.old_slug, p.title, p.published, p.modified, p.categories, p.tags,
         p.media, p.byline, paragraphs(p))
        for p in corpus.in_publication_order()
    ]  # fmt: skip


def test_same_seed_same_corpus() -> None:
    assert fingerprint(Corpus.generate(300, seed=7)) == fingerprint(Corpus.generate(300, seed=7))


def test_another_seed_another_corpus() -> None:
    assert fingerprint(Corpus.generate(300, seed=7)) != fingerprint(Corpus.generate(300, seed=8))


@pytest.mark.parametrize("count", [2, 3, 41, 1000])
def test_the_corpus_holds_exactly_n_articles(count: int) -> None:
    corpus = Corpus.generate(count)
    assert len(corpus) == count
    assert set(corpus.posts) >= FIXED_IDS


def test_fifty_thousand_articles() -> None:
    corpus = Corpus.generate(50_000)
    assert len(corpus) == len(corpus.by_slug) == 50_000
    posts = generated(corpus)
    assert posts[-1].published.astimezone(PROFILE.zone).date() == LAST_DAY
    assert posts[0].published.year >= 2020


def test_generated_ids_grow_with_publication_and_exceed_the_seed(corpus: Corpus) -> None:
    posts = generated(corpus)
    ids = [post.id for post in posts]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert ids[0] > 48213
    times = [post.published for post in posts]
    assert times == sorted(times)


def test_the_archive_ends_on_the_fixed_day(corpus: Corpus) -> None:
    newest = corpus.newest_first()[0]
    assert newest.published.astimezone(PROFILE.zone).date() == date(2026, 11, 20)
    assert all(post.modified <= corpus.archive_end for post in corpus.posts.values())


def test_publication_rhythm(corpus: Corpus) -> None:
    local = [post.published.astimezone(PROFILE.zone) for post in generated(corpus)]
    per_day = Counter(moment.date() for moment in local)
    oldest = min(per_day)
    full_days = {day: count for day, count in per_day.items() if day != oldest}
    assert all(10 <= count <= 40 for count in full_days.values())
    weekdays = [count for day, count in full_days.items() if day.weekday() < 5]
    weekends = [count for day, count in full_days.items() if day.weekday() >= 5]
    assert sum(weekdays) / len(weekdays) > sum(weekends) / len(weekends)
    assert {moment.hour for moment in local} <= set(HOUR_WEIGHTS)
    assert len(per_day) == (max(per_day) - oldest).days + 1, "no day without news"


def test_terms_credits_bylines_and_edits(corpus: Corpus) -> None:
    posts = generated(corpus)
    assert all(1 <= len(post.categories) <= 3 for post in posts)
    assert all(len(set(post.categories)) == len(post.categories) for post in posts)
    assert all(0 <= len(post.tags) <= 4 for post in posts)
    assert {i for post in posts for i in post.categories} == set(CATEGORIES)
    assert 200 <= len(TAGS) <= 400
    credits = [post.media.caption for post in posts if post.media and post.media.caption]
    assert len(credits) > len(posts) / 2
    assert any(credit.startswith("Фото и видео: ") for credit in credits)
    assert all(PROFILE.language.credit_line.match(credit) for credit in credits)
    bylines = sum(1 for post in posts if post.byline)
    assert 0 < bylines < len(posts) / 5
    edited = sum(1 for post in posts if post.modified > post.published)
    assert 0 < edited < len(posts) / 2
    assert all(post.modified >= post.published for post in posts)
    assert sum(1 for post in posts if post.old_slug) > 0


def test_the_seed_article_has_its_exact_fields(corpus: Corpus, fixtures: Path) -> None:
    seed = corpus.posts[48213]
    assert seed.slug == SEED_SLUG
    assert seed.modified.isoformat() == "2019-11-07T17:04:51+00:00"
    assert seed.categories == (3, 12)
    assert [CATEGORIES[i].slug for i in seed.categories] == ["vlast", "osnovnoe"]
    assert seed.tags == (210,) and TAGS[210].slug == "igor-babushkin"
    assert seed.media is not None and seed.media.caption == "Фото: mid.astrobl.ru"
    assert expected_document(seed, OUTLET) == (fixtures / "seed.txt").read_text(encoding="utf-8")


def test_the_neighbour_is_there(corpus: Corpus) -> None:
    neighbour = corpus.posts[48207]
    assert neighbour.slug == "astraxancy-smogut-besplatno-posetit-kreml-4-noyabrya"
    assert neighbour.media is None and neighbour.categories == (7,)
    assert [TAGS[i].name for i in neighbour.tags] == ["Астраханский кремль", "Праздники"]


def test_slugs_are_unique_and_made_from_titles(corpus: Corpus) -> None:
    slugs = [post.slug for post in corpus.posts.values()]
    old = [post.old_slug for post in corpus.posts.values() if post.old_slug]
    assert len(set(slugs + old)) == len(slugs) + len(old)
    for post in generated(corpus):
        base = slugify(post.title)
        assert post.slug == base or re.fullmatch(re.escape(base) + r"-\d+", post.slug)


@given(st.lists(st.sampled_from(["Новость", "Новость 2", "Новость-2", "Другая новость"])))
def test_unique_slug_numbers_repeats_the_wordpress_way(titles: list[str]) -> None:
    corpus = Corpus(seed=0)
    slugs = [corpus.unique_slug(title) for title in titles]
    assert len(set(slugs)) == len(slugs)
    for title, slug in zip(titles, slugs, strict=True):
        base = slugify(title)
        assert slug == base or re.fullmatch(re.escape(base) + r"-\d+", slug)
    if titles:
        assert slugs[0] == slugify(titles[0])


def test_term_slugs_agree_with_the_crawlers_fallback() -> None:
    """The crawler derives a term's slug from its name when a page links none: the same slug."""
    for term in (*CATEGORIES.values(), *TAGS.values()):
        assert term.slug == slug_of(term.name, RUSSIAN), term.name


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Власть", "vlast"),
        ("Отец и щука, ёж", "otecz-i-shhuka-yozh"),
        ("Подъезд «Юла» — новый", "podezd-yula-novyj"),
        ("Цены выросли на 12,4%", "ceny-vyrosli-na-124"),
        ("Итоги 2026 года. Обновлено", "itogi-2026-goda-obnovleno"),
        ("«Волгарь» – «Ротор»", "volgar-rotor"),
    ],
)
def test_slugs_are_made_the_wordpress_way(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_headlines_are_russian_and_clean() -> None:
    rng = random.Random(1)
    for _ in range(200):
        title = headline(rng)
        assert re.search("[а-яё]", title) and title == " ".join(title.split())
