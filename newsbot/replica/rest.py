"""The WordPress REST API (`/wp-json/wp/v2/…`) in the shape of `site-model/wp-json-posts.json`."""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import urlencode

from newsbot.replica.articles import categories, content_html, excerpt, post_url, shortlink, tags
from newsbot.replica.corpus import Corpus
from newsbot.replica.outlet import BYLINE_META_KEY, REST_POSTS, REST_V2, Outlet, gmt_naive
from newsbot.replica.page_parts import EDITOR_ACCOUNT, image_url
from newsbot.replica.posts import Post
from newsbot.replica.replies import Reply, json_reply, rest_error
from newsbot.replica.rest_query import (
    DEFAULT_PER_PAGE,
    MAX_PAGE,
    MAX_PER_PAGE,
    PostsQuery,
    Query,
    choice,
    integer,
    is_number,
    select_posts,
    values,
)
from newsbot.replica.terms import TAXONOMIES, Taxonomy, Term

EMBEDDABLE = ("author", "wp:term", "wp:featuredmedia")


def _self_link(outlet: Outlet, path: str) -> dict[str, list[dict[str, str]]]:
    return {"self": [{"href": outlet.url(f"{REST_V2}/{path}")}]}


def _term_json(term: Term, outlet: Outlet) -> dict[str, Any]:
    return {
        "id": term.id,
        "link": term.link(outlet),
        "name": escape(term.name, quote=False),
        "slug": term.slug,
        "taxonomy": term.taxonomy,
    }


def _author_json(outlet: Outlet) -> dict[str, Any]:
    account_id, name = EDITOR_ACCOUNT
    return {
        "id": account_id,
        "name": name,
        "url": "",
        "description": "",
        "link": outlet.url(f"/author/{name}/"),
        "slug": name,
    }


def _media_json(post: Post, outlet: Outlet) -> dict[str, Any]:
    assert post.media is not None
    caption = f"<p>{escape(post.media.caption, quote=False)}</p>\n" if post.media.caption else ""
    return {
        "id": post.media.id,
        "date": outlet.local_naive(post.published),
        "slug": post.media.name,
        "type": "attachment",
        "link": f"{post_url(post, outlet)}{post.media.name}/",
        "title": {"rendered": post.media.name},
        "author": EDITOR_ACCOUNT[0],
        "caption": {"rendered": caption},
        "alt_text": "",
        "media_type": "image",
        "mime_type": "image/jpeg",
        "source_url": image_url(post, outlet),
    }


def post_json(
    post: Post, outlet: Outlet, embed: tuple[str, ...], with_categories: bool
) -> dict[str, Any]:
    """One post object; `embed` names the `_embedded` relations to include (none: no key)."""
    shown = categories(post, with_categories)
    post_tags = tags(post)
    data: dict[str, Any] = {
        "id": post.id,
        "date": outlet.local_naive(post.published),
        "date_gmt": gmt_naive(post.published),
        "guid": {"rendered": shortlink(post, outlet)},
        "modified": outlet.local_naive(post.modified),
        "modified_gmt": gmt_naive(post.modified),
        "slug": post.slug,
        "status": post.status,
        "type": "post",
        "link": post_url(post, outlet),
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
        "meta": {BYLINE_META_KEY: post.byline} if post.byline else [],
        "categories": [term.id for term in shown],
        "tags": [term.id for term in post_tags],
        "_links": _self_link(outlet, f"posts/{post.id}"),
    }
    embedded: dict[str, Any] = {}
    if "author" in embed:
        embedded["author"] = [_author_json(outlet)]
    if "wp:term" in embed:
        embedded["wp:term"] = [
            [_term_json(term, outlet) for term in shown],
            [_term_json(term, outlet) for term in post_tags],
        ]
    if "wp:featuredmedia" in embed and post.media is not None:
        embedded["wp:featuredmedia"] = [_media_json(post, outlet)]
    if embedded:
        data["_embedded"] = embedded
    return data


def embedded_relations(query: Query) -> tuple[str, ...]:
    """What `_embed` asks for: everything for `_embed`/`_embed=1`, or the listed relations."""
    if "_embed" not in query:
        return ()
    named = tuple(name for name in values(query, "_embed") if name in EMBEDDABLE)
    return named or EMBEDDABLE


def _object(data: dict[str, Any], query: Query) -> dict[str, Any]:
    """`_fields=id,modified`: only the named keys (`title.rendered` names a nested one)."""
    fields = values(query, "_fields")
    if not fields:
        return data
    kept: dict[str, Any] = {}
    for name in fields:
        top, _, inner = name.partition(".")
        if top not in data:
            continue
        if inner and isinstance(data[top], dict):
            if inner in data[top]:
                kept.setdefault(top, {})[inner] = data[top][inner]
        else:
            kept[top] = data[top]
    return kept


def _collection(
    outlet: Outlet,
    kind: str,
    route: str,
    query: Query,
    page: int,
    per_page: int,
    total: int,
    body: list[Any],
) -> Reply:
    """One page of a collection of `kind` at `route`, with the WordPress headers and `Link`."""
    pages = -(-total // per_page)
    if page > pages and total > 0:
        message = "The page number requested is larger than the number of pages available."
        return rest_error(f"rest_{kind}_invalid_page_number", message, 400)
    headers = {"X-WP-Total": str(total), "X-WP-TotalPages": str(pages)}
    kept = [(name, value) for name, values in query.items() if name != "page" for value in values]
    links = [
        f'<{outlet.url(route)}?{urlencode([*kept, ("page", str(number))])}>; rel="{rel}"'
        for number, rel in ((page - 1, "prev"), (page + 1, "next"))
        if 1 <= number <= pages
    ]
    if links:
        headers["Link"] = ", ".join(links)
    return json_reply(body, headers=headers)


def posts_collection(corpus: Corpus, query: Query, with_categories: bool) -> Reply:
    """`/wp-json/wp/v2/posts`: filtered, ordered and paged, with the WordPress headers."""
    wanted = PostsQuery.read(query, corpus.outlet.zone)
    if wanted.orderby == "include" and not wanted.include:
        return rest_error(
            "rest_orderby_include_missing_include",
            "You need to define an include parameter to order by include.",
            400,
        )
    total, shown = select_posts(corpus, wanted)
    if not shown and wanted.skip is not None:  # WP_Query counts no rows past an `offset`
        total = 0
    embed, outlet = embedded_relations(query), corpus.outlet
    body = [_object(post_json(post, outlet, embed, with_categories), query) for post in shown]
    return _collection(outlet, "post", REST_POSTS, query, wanted.page, wanted.per_page, total, body)


def single_post(corpus: Corpus, post_id: int, query: Query, with_categories: bool) -> Reply:
    """`/wp-json/wp/v2/posts/<id>`: a published post; drafts and trash need an account."""
    post = corpus.posts.get(post_id)
    if post is None:
        if post_id in corpus.withdrawn:
            return rest_error("rest_forbidden", "Sorry, you are not allowed to do that.", 401)
        return rest_error("rest_post_invalid_id", "Invalid post ID.", 404)
    data = post_json(post, corpus.outlet, embedded_relations(query), with_categories)
    return json_reply(_object(data, query))


def term_json(corpus: Corpus, term: Term) -> dict[str, Any]:
    count = len(corpus.indexes.term(term))
    data = {"id": term.id, "count": count, "description": "", **_term_json(term, corpus.outlet)}
    if term.taxonomy == "category":
        data["parent"] = 0
    data["meta"] = []
    data["_links"] = _self_link(corpus.outlet, f"{TAXONOMIES[term.taxonomy].route}/{term.id}")
    return data


def terms_collection(corpus: Corpus, taxonomy: Taxonomy, query: Query) -> Reply:
    """`/wp-json/wp/v2/categories` and `/tags`: by name, paged like posts."""
    order = choice(query, "order", "asc", ("asc", "desc"))
    orderby = choice(query, "orderby", "name", ("name", "id", "slug", "count"))
    include = {value for value in values(query, "include") if is_number(value)}
    slugs = set(values(query, "slug"))
    terms = [
        term
        for term in taxonomy.by_id.values()
        if (not include or str(term.id) in include) and (not slugs or term.slug in slugs)
    ]

    def key(term: Term) -> Any:
        return len(corpus.indexes.term(term)) if orderby == "count" else getattr(term, orderby)

    terms.sort(key=key, reverse=order == "desc")
    page = integer(query, "page", 1, 1, MAX_PAGE)
    per_page = integer(query, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE)
    shown = terms[(page - 1) * per_page : page * per_page]
    body = [_object(term_json(corpus, term), query) for term in shown]
    route = f"{REST_V2}/{taxonomy.route}"
    return _collection(corpus.outlet, "term", route, query, page, per_page, len(terms), body)


def single_term(corpus: Corpus, taxonomy: Taxonomy, term_id: int, query: Query) -> Reply:
    term = taxonomy.by_id.get(term_id)
    if term is None:
        return rest_error("rest_term_invalid", "Term does not exist.", 404)
    return json_reply(_object(term_json(corpus, term), query))


def api_index(outlet: Outlet) -> Reply:
    return json_reply(
        {
            "name": outlet.name,
            "description": outlet.description,
            "url": outlet.base_url,
            "home": outlet.base_url,
            "namespaces": ["oembed/1.0", "wp/v2"],
            "routes": {},
        }
    )
