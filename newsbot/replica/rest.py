"""The WordPress REST API (`/wp-json/wp/v2/…`) in the shape of `site-model/wp-json-posts.json`."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlencode

from newsbot.normalize.dates import parse_instant
from newsbot.replica.articles import categories, content_html, excerpt, post_url, tags
from newsbot.replica.corpus import Corpus
from newsbot.replica.posts import Post
from newsbot.replica.replies import Reply, json_reply, rest_error
from newsbot.replica.terms import CATEGORIES, TAGS, Term
from newsbot.replica.theme import BASE, EDITOR_ACCOUNT, image_url
from newsbot.site import ARBUZ

Query = dict[str, list[str]]
DEFAULT_PER_PAGE = 10
EMBEDDABLE = ("author", "wp:term", "wp:featuredmedia")
_ORDERINGS: dict[str, Callable[[Post], Any]] = {
    "date": lambda post: (post.published, post.id),
    "modified": lambda post: (post.modified, post.id),
    "id": lambda post: post.id,
}


class InvalidParam(ValueError):
    """A query parameter WordPress would refuse with 400 `rest_invalid_param`."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(name)
        self.name = name
        self.reason = reason


def _local(moment: datetime) -> str:
    return moment.astimezone(ARBUZ.zone).strftime("%Y-%m-%dT%H:%M:%S")


def _gmt(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


def _self_link(path: str) -> dict[str, list[dict[str, str]]]:
    return {"self": [{"href": f"{BASE}{ARBUZ.paths.rest_posts.rsplit('/', 1)[0]}/{path}"}]}


def _term_json(term: Term) -> dict[str, Any]:
    return {
        "id": term.id,
        "link": term.link,
        "name": escape(term.name, quote=False),
        "slug": term.slug,
        "taxonomy": term.taxonomy,
    }


def _author_json() -> dict[str, Any]:
    account_id, name = EDITOR_ACCOUNT
    return {
        "id": account_id,
        "name": name,
        "url": "",
        "description": "",
        "link": f"{BASE}/author/{name}/",
        "slug": name,
    }


def _media_json(post: Post) -> dict[str, Any]:
    assert post.media is not None
    caption = f"<p>{escape(post.media.caption, quote=False)}</p>\n" if post.media.caption else ""
    return {
        "id": post.media.id,
        "date": _local(post.published),
        "slug": post.media.name,
        "type": "attachment",
        "link": f"{post_url(post)}{post.media.name}/",
        "title": {"rendered": post.media.name},
        "author": EDITOR_ACCOUNT[0],
        "caption": {"rendered": caption},
        "alt_text": "",
        "media_type": "image",
        "mime_type": "image/jpeg",
        "source_url": image_url(post),
    }


def post_json(post: Post, embed: tuple[str, ...], with_categories: bool) -> dict[str, Any]:
    """One post object; `embed` names the `_embedded` relations to include (none: no key)."""
    shown = categories(post, with_categories)
    post_tags = tags(post)
    data: dict[str, Any] = {
        "id": post.id,
        "date": _local(post.published),
        "date_gmt": _gmt(post.published),
        "guid": {"rendered": f"{BASE}/?p={post.id}"},
        "modified": _local(post.modified),
        "modified_gmt": _gmt(post.modified),
        "slug": post.slug,
        "status": "publish",
        "type": "post",
        "link": post_url(post),
        "title": {"rendered": escape(post.title, quote=False)},
        "content": {"rendered": content_html(post), "protected": False},
        "excerpt": {
            "rendered": f"<p>{escape(excerpt(post), quote=False)}&hellip;</p>\n",
            "protected": False,
        },
        "author": EDITOR_ACCOUNT[0],
        "featured_media": post.media.id if post.media else 0,
        "comment_status": "closed",
        "ping_status": "closed",
        "sticky": False,
        "template": "",
        "format": "standard",
        "meta": {ARBUZ.rest_byline_meta_key: post.byline} if post.byline else [],
        "categories": [term.id for term in shown],
        "tags": [term.id for term in post_tags],
        "_links": _self_link(f"posts/{post.id}"),
    }
    embedded: dict[str, Any] = {}
    if "author" in embed:
        embedded["author"] = [_author_json()]
    if "wp:term" in embed:
        embedded["wp:term"] = [[_term_json(t) for t in shown], [_term_json(t) for t in post_tags]]
    if "wp:featuredmedia" in embed and post.media is not None:
        embedded["wp:featuredmedia"] = [_media_json(post)]
    if embedded:
        data["_embedded"] = embedded
    return data


def _values(query: Query, name: str) -> list[str]:
    """A list parameter, given as `name=a,b`, or repeated as `name[]=a&name[]=b`."""
    raw = query.get(name, []) + query.get(f"{name}[]", [])
    return [item.strip() for value in raw for item in value.split(",") if item.strip()]


def _last(query: Query, name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _integer(query: Query, name: str, default: int, low: int, high: int) -> int:
    raw = _last(query, name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InvalidParam(name, f"{name} is not of type integer.") from None
    if not low <= value <= high:
        raise InvalidParam(name, f"{name} must be between {low} (inclusive) and {high} (inclusive)")
    return value


def _instant(query: Query, name: str) -> datetime | None:
    """A date bound: site-local when it names no offset, converted when it does."""
    raw = _last(query, name)
    if raw is None:
        return None
    try:
        return parse_instant(raw, ARBUZ.zone)
    except ValueError:
        raise InvalidParam(name, "Invalid date.") from None


def _choice(query: Query, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = _last(query, name) or default
    if value not in allowed:
        raise InvalidParam(name, f"{name} is not one of {', '.join(allowed)}.")
    return value


def embedded_relations(query: Query) -> tuple[str, ...]:
    """What `_embed` asks for: everything for `_embed`/`_embed=1`, or the listed relations."""
    if "_embed" not in query:
        return ()
    named = tuple(name for name in _values(query, "_embed") if name in EMBEDDABLE)
    return named or EMBEDDABLE


def _paged(
    route: str, query: Query, items: list[Any], error: str, to_json: Callable[[Any], Any]
) -> Reply:
    """One page of a collection at `route`, with `X-WP-Total`, `X-WP-TotalPages` and `Link`."""
    page = _integer(query, "page", 1, 1, 2**31)
    per_page = _integer(query, "per_page", DEFAULT_PER_PAGE, 1, 100)
    total = len(items)
    pages = -(-total // per_page)
    if page > pages and total > 0:
        return rest_error(
            error, "The page number requested is larger than the number of pages available.", 400
        )
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    links = []
    kept = [(name, value) for name, values in query.items() if name != "page" for value in values]
    for number, rel in ((page - 1, "prev"), (page + 1, "next")):
        if 1 <= number <= pages:
            target = urlencode([*kept, ("page", str(number))])
            links.append(f'<{BASE}{route}?{target}>; rel="{rel}"')
    if links:
        headers["Link"] = ", ".join(links)
    body = [to_json(item) for item in items[(page - 1) * per_page : page * per_page]]
    return json_reply(body, headers=headers)


def _matches(post: Post, bounds: dict[str, datetime | None]) -> bool:
    after, before = bounds["after"], bounds["before"]
    modified_after, modified_before = bounds["modified_after"], bounds["modified_before"]
    return (
        (after is None or post.published > after)
        and (before is None or post.published < before)
        and (modified_after is None or post.modified > modified_after)
        and (modified_before is None or post.modified < modified_before)
    )


def posts_collection(corpus: Corpus, query: Query, with_categories: bool) -> Reply:
    """`/wp-json/wp/v2/posts`: filtered, ordered and paged, with the WordPress headers."""
    bounds = {
        name: _instant(query, name)
        for name in ("after", "before", "modified_after", "modified_before")
    }
    orderby = _choice(query, "orderby", "date", tuple(_ORDERINGS))
    order = _choice(query, "order", "desc", ("asc", "desc"))
    include = _values(query, "include")
    if not all(value.isdigit() for value in include):
        raise InvalidParam("include", "include[0] is not of type integer.")
    wanted_ids = {int(value) for value in include}
    slugs = set(_values(query, "slug"))
    posts = [
        post
        for post in corpus.newest_first()
        if _matches(post, bounds)
        and (not wanted_ids or post.id in wanted_ids)
        and (not slugs or post.slug in slugs)
    ]
    posts.sort(key=_ORDERINGS[orderby], reverse=order == "desc")
    embed = embedded_relations(query)
    return _paged(
        ARBUZ.paths.rest_posts,
        query,
        posts,
        "rest_post_invalid_page_number",
        lambda post: post_json(post, embed, with_categories),
    )


def single_post(corpus: Corpus, post_id: int, query: Query, with_categories: bool) -> Reply:
    post = corpus.posts.get(post_id)
    if post is None:
        return rest_error("rest_post_invalid_id", "Invalid post ID.", 404)
    return json_reply(post_json(post, embedded_relations(query), with_categories))


def _term_counts(corpus: Corpus, term: Term) -> int:
    index = corpus.indexes.by_category if term.taxonomy == "category" else corpus.indexes.by_tag
    return len(index.get(term.id, []))


def term_json(corpus: Corpus, term: Term) -> dict[str, Any]:
    data: dict[str, Any] = {"id": term.id, "count": _term_counts(corpus, term), "description": ""}
    data.update(_term_json(term))
    if term.taxonomy == "category":
        data["parent"] = 0
    data["meta"] = []
    route = "categories" if term.taxonomy == "category" else "tags"
    data["_links"] = _self_link(f"{route}/{term.id}")
    return data


def terms_collection(corpus: Corpus, route: str, query: Query) -> Reply:
    """`/wp-json/wp/v2/categories` and `/tags`: by name, paged like posts."""
    registry = CATEGORIES if route == "categories" else TAGS
    order = _choice(query, "order", "asc", ("asc", "desc"))
    orderby = _choice(query, "orderby", "name", ("name", "id", "slug", "count"))
    include = {value for value in _values(query, "include") if value.isdigit()}
    slugs = set(_values(query, "slug"))
    terms = [
        term
        for term in registry.values()
        if (not include or str(term.id) in include) and (not slugs or term.slug in slugs)
    ]
    keys: dict[str, Callable[[Term], Any]] = {
        "name": lambda term: term.name,
        "id": lambda term: term.id,
        "slug": lambda term: term.slug,
        "count": lambda term: _term_counts(corpus, term),
    }
    terms.sort(key=keys[orderby], reverse=order == "desc")
    path = ARBUZ.paths.rest_categories if route == "categories" else ARBUZ.paths.rest_tags
    return _paged(
        path, query, terms, "rest_term_invalid_page_number", lambda t: term_json(corpus, t)
    )


def single_term(corpus: Corpus, route: str, term_id: int) -> Reply:
    term = (CATEGORIES if route == "categories" else TAGS).get(term_id)
    if term is None:
        return rest_error("rest_term_invalid", "Term does not exist.", 404)
    return json_reply(term_json(corpus, term))


def api_index() -> Reply:
    return json_reply(
        {
            "name": ARBUZ.name,
            "description": "Новости Астрахани и Астраханской области",
            "url": BASE,
            "home": BASE,
            "namespaces": ["oembed/1.0", "wp/v2"],
            "routes": {},
        }
    )


def invalid_param(error: InvalidParam) -> Reply:
    return rest_error(
        "rest_invalid_param",
        f"Invalid parameter(s): {error.name}",
        400,
        params={error.name: error.reason},
    )
