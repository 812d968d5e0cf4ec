"""A few recent articles read both ways: which extraction signals each carries, and whether the
page and the REST post give the same document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from newsbot.crawl.urls import SiteUrls
from newsbot.document import render
from newsbot.items import DOCUMENT_FIELDS, Article
from newsbot.normalize import canonical_url
from newsbot.normalize.article import rejection
from newsbot.pages import ArticlePage, Incomplete, NotAnArticle, ProtectedPost, RestPost, completed
from newsbot.probe.answers import Answer, Fetched, missed_reason
from newsbot.sites import WORDPRESS_THEME, SiteProfile

TermUrl = tuple[str, str]
"""(taxonomy, URL) of a term an article links to."""
Post = dict[str, Any]


def html_signals(page: ArticlePage) -> list[str]:
    """The extraction signals an article page carries, in the order extraction prefers them."""
    meta = page.meta
    checks = (
        ("json_ld", bool(meta.ld_article())),
        ("opengraph", bool(meta.meta("og:title") or meta.meta("og:type"))),
        ("article_meta", bool(meta.meta("article:published_time"))),
        ("canonical", bool(meta.link("canonical"))),
        ("shortlink", bool(meta.link("shortlink"))),
        ("rest_route", bool(meta.link("alternate", "application/json"))),
        ("post_id", page.post_id() is not None),
        ("wordpress_markup", bool(WORDPRESS_THEME.compiled.marker(page.root))),
    )
    return [name for name, present in checks if present]


def rest_signals(post: RestPost) -> list[str]:
    """What a REST post (requested with `_embed`) carries of what extraction reads."""
    checks = (
        ("embedded_terms", bool(post.embedded_terms())),
        ("featured_media", bool(post.embedded.get("wp:featuredmedia"))),
        ("modified", bool(post.post.get("modified_gmt") or post.post.get("modified"))),
        ("byline_meta", bool(post.author())),
    )
    return [name for name, present in checks if present]


@dataclass(frozen=True)
class HtmlReading:
    """An article page as the crawl would read it."""

    status: int | None
    extracted: bool
    error: str | None
    """Why no article came out of it: no answer, an HTTP error, or what the page lacks."""
    protected: bool = False
    theme: str | None = None
    """The theme version the page matched (`wordpress`: WordPress core's markup)."""
    outlet_theme: bool = False
    """The version is one of the site profile's."""
    signals: list[str] = field(default_factory=list)
    validators: list[str] = field(default_factory=list)
    pages: int = 1
    """The pages of a post split with `<!--nextpage-->` (the probe reads the first)."""
    completed_from_rest: bool = False
    """The page lacks what its REST route has (the lead photo's caption, a category, the time)
    and the REST post supplied it, as the crawl does with the post's REST route."""
    rejected: str | None = None
    """Why validation would drop the article, when it would."""


@dataclass(frozen=True)
class RestReading:
    """A REST post as the crawl would read it."""

    extracted: bool
    error: str | None
    protected: bool = False
    signals: list[str] = field(default_factory=list)
    rejected: str | None = None


@dataclass(frozen=True)
class ArticleReport:
    url: str
    post_id: int | None
    html: HtmlReading
    rest: RestReading | None
    """None when the REST API gave no posts."""
    agree: bool | None
    """The two documents are the same (None: not both read)."""
    differences: list[str] = field(default_factory=list)
    """The document fields that differ."""


Reading = TypeVar("Reading", HtmlReading, RestReading)


@dataclass
class _Read(Generic[Reading]):
    """A reading, the article it gave, and the term links it showed."""

    reading: Reading
    article: Article | None = None
    terms: list[TermUrl] = field(default_factory=list)


def _html(
    fetched: Fetched | None, post_of: Callable[[int | None], Post | None], urls: SiteUrls
) -> tuple[_Read[HtmlReading], Post | None]:
    """The page's reading, and the REST post of the same article (`post_of` its post id)."""
    if not isinstance(fetched, Answer):
        return _Read(HtmlReading(None, False, missed_reason(fetched) or "not fetched")), None
    if fetched.status != 200:
        return _Read(HtmlReading(fetched.status, False, f"HTTP {fetched.status}")), None
    profile = urls.profile
    page = ArticlePage(profile, urls.outlet(fetched.url), fetched.body, fetched.content_type)
    post = post_of(page.post_id())
    article, error, protected, filled = _extracted(page.to_article, post)
    if article is not None and post is not None and page.missing_from_rest():
        article, filled = completed(article, post, profile), True
    reading = HtmlReading(
        status=fetched.status,
        extracted=article is not None,
        error=error,
        protected=protected,
        theme=page.theme.version,
        outlet_theme=page.theme in profile.themes,
        signals=html_signals(page),
        validators=fetched.validators(),
        pages=1 + len(page.page_urls()),
        completed_from_rest=filled,
        rejected=rejection(article, profile) if article is not None else None,
    )
    return _Read(reading, article, page.term_urls()), post


def _extracted(
    read: Callable[[], Article], post: Post | None = None
) -> tuple[Article | None, str | None, bool, bool]:
    """The article `read` gives, else why not; whether it is protected; whether it lacked a
    field and was completed with its REST `post`, as the crawl completes it."""
    try:
        return read(), None, False, False
    except ProtectedPost as refusal:
        return None, str(refusal), True, False
    except Incomplete as incomplete:
        if post is None:
            return None, str(incomplete), False, False
        try:
            return incomplete.complete(post), None, False, True
        except NotAnArticle as missing:
            return None, f"{incomplete}; {missing}", False, False
    except NotAnArticle as missing:
        return None, str(missing), False, False


def _rest(post: Post, profile: SiteProfile) -> _Read[RestReading]:
    rest = RestPost(profile, post)
    article, error, protected, _ = _extracted(rest.to_article)
    reading = RestReading(
        extracted=article is not None,
        error=error,
        protected=protected,
        signals=rest_signals(rest),
        rejected=rejection(article, profile) if article is not None else None,
    )
    terms = [
        (str(term.get("taxonomy")), str(term.get("link")))
        for term in rest.embedded_terms()
        if isinstance(term.get("link"), str)
    ]
    return _Read(reading, article, terms)


def compare(html: Article, rest: Article, profile: SiteProfile, pages: int) -> list[str]:
    """The document fields in which the page's article differs from the REST post's ([]: the
    documents are the same). Of a split post the page holds the first part of the body."""
    if render(html, profile) == render(rest, profile):
        return []
    fields = [name for name in DOCUMENT_FIELDS if getattr(html, name) != getattr(rest, name)]
    first_part = rest.paragraphs[: len(html.paragraphs)] == html.paragraphs
    if pages > 1 and fields == ["paragraphs"] and first_part:
        return []
    return fields


@dataclass(frozen=True)
class FieldAgreement:
    """On how many of the articles read both ways a document field is the same."""

    field: str
    agree: int
    compared: int


def field_agreement(articles: list[ArticleReport]) -> list[FieldAgreement]:
    """Per document field, the sampled articles whose page and REST post give it alike."""
    compared = [article for article in articles if article.agree is not None]
    return [
        FieldAgreement(name, sum(name not in a.differences for a in compared), len(compared))
        for name in DOCUMENT_FIELDS
    ]


def read_article(
    url: str, fetched: Fetched | None, posts: list[Post] | None, urls: SiteUrls
) -> tuple[ArticleReport, list[TermUrl]]:
    """The report on one article (the outlet's `url`), from its page as fetched and the REST
    posts the probe got (None: REST gave none); with the term URLs either way showed."""
    profile = urls.profile
    by_id = {post.get("id"): post for post in posts or []}
    by_link = {
        canonical_url(urls.outlet(str(post.get("link"))), profile): post for post in posts or []
    }

    def post_of(post_id: int | None) -> Post | None:
        """The REST post of the article: by the page's post id, else by its URL."""
        return (by_id.get(post_id) if post_id is not None else None) or by_link.get(url)

    html, post = _html(fetched, post_of, urls)
    post = post or by_link.get(url)
    rest = _rest(post, profile) if post is not None else None
    differences: list[str] = []
    agree: bool | None = None
    if html.article is not None and rest is not None and rest.article is not None:
        differences = compare(html.article, rest.article, profile, html.reading.pages)
        agree = not differences
    post_id = (post or {}).get("id")
    if html.article is not None and html.article.post_id is not None:
        post_id = html.article.post_id
    report = ArticleReport(
        url=url,
        post_id=post_id if isinstance(post_id, int) else None,
        html=html.reading,
        rest=rest.reading if rest is not None else None,
        agree=agree,
        differences=differences,
    )
    return report, [*html.terms, *(rest.terms if rest else [])]
