"""What the outlet says about an article besides its document: excerpt, featured image URL,
language and word count, read alike from both sources, kept out of the seed document and the
content hash."""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.document import render
from newsbot.items import DESCRIPTION_FIELDS, count_words
from newsbot.normalize import language_code, media_url
from newsbot.pages import RestPost, completed
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive, content_hash
from tests.crawling import FULL_SPEED, newsbot
from tests.replica import running_replica
from tests.store_samples import raw_rows
from tests.test_pages import html_article, rest_articles
from tests.test_pages_wordpress import POSTS, THEMES, page, rest_post

IMAGE = "https://arbuztoday.ru/wp-content/uploads/2019/11/forum-omsk-2019.jpg"


def test_an_article_page_gives_its_og_description_image_and_language(fixtures: Path) -> None:
    article = html_article(fixtures)
    saved = (fixtures / "arbuz" / "2019" / "article.html").read_text(encoding="utf-8")
    marker = '<meta property="og:description" content="'
    printed = saved.split(marker, 1)[1].split('"', 1)[0]
    assert article.excerpt == html.unescape(printed)
    assert article.excerpt.endswith("России и Казахстана.…")
    assert (article.image_url, article.language) == (IMAGE, "ru")
    assert article.word_count == 293  # dashes standing alone are no words
    assert count_words("Губернатор – о форуме: «итоги», 2019 г.") == 6


def test_a_rest_post_gives_its_excerpt_and_featured_media(fixtures: Path) -> None:
    first, second = rest_articles(fixtures)
    assert first.excerpt is not None and first.excerpt.startswith("Губернатор Астраханской")
    assert "<p>" not in first.excerpt and first.excerpt.endswith("…")
    assert (first.image_url, first.language) == (IMAGE, "ru")
    assert (second.image_url, second.language) == (None, "ru")  # a post without featured media


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("post", POSTS)
def test_both_sources_of_a_real_wordpress_agree_on_what_both_carry(theme: str, post: str) -> None:
    from_page = page(theme, post).to_article()
    from_rest = RestPost(ARBUZ, rest_post(theme, post)).to_article()
    assert from_page.image_url == from_rest.image_url
    assert from_page.language == from_rest.language == "ru"
    if post != "nextpage":  # one saved page of a split post holds only its first part
        assert from_page.word_count == from_rest.word_count
    # Stock WordPress prints no description meta without an SEO plugin; REST has the excerpt.
    assert from_page.excerpt is None and from_rest.excerpt
    full = completed(from_page, rest_post(theme, post), ARBUZ)
    assert (full.excerpt, full.image_url) == (from_rest.excerpt, from_rest.image_url)


def test_they_are_neither_in_the_document_nor_in_the_content_hash(fixtures: Path) -> None:
    article = html_article(fixtures)
    bare = replace(article, **dict.fromkeys(DESCRIPTION_FIELDS))
    assert render(article, ARBUZ) == render(bare, ARBUZ) == (fixtures / "seed.txt").read_text()
    assert content_hash(article) == content_hash(bare)


def test_a_changed_excerpt_updates_the_row_without_a_new_version(
    fixtures: Path, tmp_path: Path
) -> None:
    db = tmp_path / "arbuz.db"
    article = html_article(fixtures)
    with Archive(db, ARBUZ) as archive:
        assert archive.save(article) == "new"
        assert archive.save(replace(article, excerpt="Новое описание.")) == "unchanged"
        assert archive.save(replace(article, excerpt=None, image_url=None)) == "unchanged"
    [row] = raw_rows(db, "SELECT excerpt, image_url, language, version, word_count FROM articles")
    assert row == {
        "excerpt": "Новое описание.", "image_url": IMAGE, "language": "ru", "version": 1,
        "word_count": 293,
    }  # fmt: skip
    assert raw_rows(db, "SELECT * FROM article_versions") == []
    with Archive(db, ARBUZ) as archive:  # an edit from a source without them keeps them
        assert archive.save(replace(article, title="Правка", excerpt=None)) == "updated"
    [row] = raw_rows(db, "SELECT excerpt, image_url, version FROM articles")
    assert row == {"excerpt": "Новое описание.", "image_url": IMAGE, "version": 2}


@given(
    st.from_regex(r"\A[a-zA-Z]{2,3}\Z"),
    st.lists(st.from_regex(r"\A[a-zA-Z0-9]{1,8}\Z"), max_size=3),
    st.sampled_from(["-", "_"]),
)
def test_a_language_tag_gives_its_primary_subtag(primary: str, rest: list[str], sep: str) -> None:
    assert language_code(sep.join([primary, *rest])) == primary.lower()


@pytest.mark.parametrize("tag", ["", "   ", "русский", "r", "en-", "toolong-US"])
def test_what_is_no_language_tag_gives_none(tag: str) -> None:
    assert language_code(tag) is None


@given(st.lists(st.text(max_size=30), max_size=8))
def test_words_are_counted_line_by_line_alike(lines: list[str]) -> None:
    assert count_words("\n".join(lines)) == sum(count_words(line) for line in lines)
    assert count_words(" ".join(lines)) >= count_words("\n".join(lines)) - len(lines)


@given(st.text() | st.text(alphabet=" \n\t\u00a0\u2028\x1c\x85_-–—«»,.!a1яЁ\u0301\u200b"))
def test_a_word_is_a_whitespace_separated_run_holding_a_letter_or_digit(text: str) -> None:
    words = [token for token in text.split() if any(char.isalnum() for char in token)]
    assert count_words(text) == len(words)


def test_image_urls_of_the_outlet_are_its_https_host_and_others_kept() -> None:
    assert media_url("/wp-content/a.jpg", ARBUZ) == "https://arbuztoday.ru/wp-content/a.jpg"
    assert media_url("http://www.arbuztoday.ru/a.jpg#x", ARBUZ) == "https://arbuztoday.ru/a.jpg"
    assert media_url("https://cdn.example/a.jpg", ARBUZ) == "https://cdn.example/a.jpg"


@pytest.mark.e2e
def test_rest_and_html_crawls_of_the_replica_store_the_same_descriptions(tmp_path: Path) -> None:
    stored = {}
    with running_replica("--articles", "60") as replica:
        for source in ("rest", "html"):
            db = tmp_path / f"{source}.db"
            result = newsbot(
                "backfill", "--since", "2019-11-01", "--source", source, "--db", str(db),
                "--base-url", replica.url, *FULL_SPEED,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]
            rows = raw_rows(db, "SELECT post_id, excerpt, image_url, language, word_count "
                                "FROM articles ORDER BY post_id")  # fmt: skip
            stored[source] = rows
    assert stored["rest"] == stored["html"]
    assert len(stored["rest"]) == 60  # the whole corpus, the seed article among them
    assert all(row["excerpt"] and row["language"] == "ru" for row in stored["rest"])
    assert sum(row["image_url"] is not None for row in stored["rest"]) > 30
