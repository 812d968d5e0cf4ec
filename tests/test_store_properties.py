"""Properties of the archive: any sequence of saves leaves one row per article with its last
content and a version for every change; the content hash sees content and nothing else."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.items import CONTENT_FIELDS, Article
from newsbot.normalize import canonical_url
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, content_hash
from tests.store_samples import at
from tests.strategies import articles, lines

VARIANTS = ("plain", "utm", "amp", "http", "no-slash", "www", "shortlink")


def variant_url(slug: str, kind: str, post_id: int | None) -> str:
    if kind == "shortlink" and post_id is not None:
        return f"https://arbuztoday.ru/?p={post_id}"
    return {
        "utm": f"https://arbuztoday.ru/{slug}/?utm_source=vk&utm_campaign=x",
        "amp": f"https://arbuztoday.ru/{slug}/amp/",
        "http": f"http://arbuztoday.ru/{slug}/",
        "no-slash": f"https://arbuztoday.ru/{slug}",
        "www": f"https://www.arbuztoday.ru/{slug}/",
    }.get(kind, f"https://arbuztoday.ru/{slug}/")


def edition(article: Article, edit: int) -> Article:
    """Content edition `edit` of an article (0 is the original)."""
    if edit == 0:
        return article
    return replace(article, paragraphs=[*article.paragraphs, f"Дополнено ({edit})."])


@dataclass
class Expected:
    """What the archive should hold for one article."""

    url: str
    content: Article
    changes: int = 0


@st.composite
def save_sequences(draw: st.DrawFn) -> tuple[list[tuple[int, Article]], int]:
    """Saves of a few articles (article number, what arrives), with repeats, edits and URL
    variants; and a batch size."""
    bases = draw(st.lists(articles(), min_size=1, max_size=4))
    numbered = draw(st.lists(st.booleans(), min_size=len(bases), max_size=len(bases)))
    bases = [
        replace(
            article,
            title=f"{article.title} №{n}",  # distinct content: no two articles are duplicates
            url=f"https://arbuztoday.ru/statya-{n}/",
            post_id=700 + n if numbered[n] else None,
        )
        for n, article in enumerate(bases)
    ]
    steps = draw(
        st.lists(
            st.tuples(st.integers(0, len(bases) - 1), st.sampled_from(VARIANTS), st.integers(0, 2)),
            min_size=1,
            max_size=20,
        )
    )
    saves = [
        (
            n,
            replace(
                edition(bases[n], edit), url=variant_url(f"statya-{n}", kind, bases[n].post_id)
            ),
        )
        for n, kind, edit in steps
    ]
    return saves, draw(st.sampled_from([1, 3, 1000]))


def expected_archive(saves: list[tuple[int, Article]]) -> dict[int, Expected]:
    """The model: article number → stored URL, last content and number of changes.

    A change is new content or a new canonical URL; a `?p=N` shortlink never replaces a URL.
    """
    model: dict[int, Expected] = {}
    for n, article in saves:
        url = canonical_url(article.url, ARBUZ)
        held = model.get(n)
        if held is None:
            model[n] = Expected(url=url, content=article)
            continue
        if "?p=" in url:
            url = held.url
        if content_hash(article) != content_hash(held.content) or url != held.url:
            held.changes += 1
        held.url, held.content = url, article
    return model


@settings(max_examples=60, deadline=None)
@given(save_sequences())
def test_any_sequence_of_saves_keeps_one_row_per_article_with_its_last_content(
    sequence: tuple[list[tuple[int, Article]], int],
) -> None:
    saves, batch_size = sequence
    model = expected_archive(saves)
    with tempfile.TemporaryDirectory() as directory:
        db = Path(directory) / "newsbot.db"
        with Archive(db, ARBUZ, batch_size=batch_size) as archive:
            outcomes = [archive.save(article) for _, article in saves]
        assert outcomes.count("new") == len(model)
        assert outcomes.count("updated") == sum(held.changes for held in model.values())
        assert "duplicate" not in outcomes
        with Archive(db, ARBUZ, readonly=True) as archive:
            assert archive.count() == len(model)
            for held in model.values():
                stored = archive.find(url=held.url)
                assert stored is not None
                assert stored.article.url == held.url
                assert content_hash(stored.article) == content_hash(held.content)
                assert stored.article.paragraphs == held.content.paragraphs
                assert stored.version == held.changes + 1
                assert len(archive.versions(stored.article_id)) == held.changes


@given(articles(), articles())
def test_the_content_hash_ignores_everything_but_content(article: Article, other: Article) -> None:
    moved = replace(
        article,
        url=other.url,
        post_id=12345,
        modified_at=at("2030-01-01T00:00:00+00:00"),
        source="rest",
        fetched_at=at("2030-01-01T00:00:00+00:00"),
        fetched_url="http://127.0.0.1:1/x/",
        category_slugs=["a"],
        tag_slugs=["b"],
    )
    assert content_hash(moved) == content_hash(article)
    assert len(content_hash(article)) == 64 and int(content_hash(article), 16) >= 0


@given(articles(), st.sampled_from(CONTENT_FIELDS), lines)
def test_the_content_hash_changes_with_every_content_field(
    article: Article, name: str, line: str
) -> None:
    value = getattr(article, name)
    if isinstance(value, list):
        changed: object = [*value, line]
    elif name == "published_at":
        changed = at("1999-12-31T23:59:59+00:00")
    else:
        changed = value + " " + line if value else line
    if changed == value:
        return
    assert content_hash(replace(article, **{name: changed})) != content_hash(article)


def test_the_content_hash_tells_a_credit_line_from_a_paragraph() -> None:
    article = Article(
        title="t",
        site_name="s",
        published_at=at("2020-01-01T00:00:00+00:00"),
        url="u",
        paragraphs=[],
    )
    as_credit = replace(article, photo_credit="Фото: x", paragraphs=["a"])
    as_paragraph = replace(article, paragraphs=["Фото: x", "a"])
    assert content_hash(as_credit) != content_hash(as_paragraph)
