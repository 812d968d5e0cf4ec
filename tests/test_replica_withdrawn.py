"""Posts leaving the site (trash, drafts, deletion) and coming back, answered as WordPress 6.1
answers an anonymous visitor; and the REST parameters a cheap deletion sweep uses."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from parsel import Selector

from tests.replica import Replica, running_replica

SITE = "https://arbuztoday.ru/"
POSTS = "/wp-json/wp/v2/posts"


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    """A replica of its own: these tests change it."""
    with running_replica("--articles", "300") as running:
        yield running


def total(site: Replica, query: str = "") -> int:
    return int(site.get(f"{POSTS}?{query}").headers["X-WP-Total"])


def everywhere(site: Replica) -> str:
    """Every listing, feed and sitemap page and every REST page, as one text."""
    texts = [site.get(path).text for path in ("/feed/", "/post-sitemap.xml")]
    pages = -(-total(site) // 20)
    texts += [site.get("/" if n == 1 else f"/page/{n}/").text for n in range(1, pages + 1)]
    texts += [site.get(f"{POSTS}?per_page=100&page={n}&_fields=id,link").text for n in (1, 2, 3)]
    return "\n".join(texts).replace("\\/", "/")


def newest_generated(site: Replica, count: int) -> list[dict[str, Any]]:
    return [entry for entry in site.articles() if entry["id"] > 48213][-count:]


def test_trash_unpublish_and_delete_take_a_post_off_the_site(site: Replica) -> None:
    trashed, drafted, deleted = newest_generated(site, 3)
    before = total(site)
    answer = site.change(trash=[trashed["id"]], unpublish=[drafted["id"]], delete=[deleted["id"]])
    assert (answer["trashed"], answer["unpublished"], answer["deleted"]) == (
        [trashed["id"]], [drafted["id"]], [deleted["id"]],
    )  # fmt: skip
    assert total(site) == before - 3
    listed = everywhere(site)
    for entry in (trashed, drafted, deleted):
        path = entry["url"].removeprefix(SITE[:-1])
        assert site.get(path).status == 404, "article URL"
        assert site.get(f"{path}amp/").status == 404
        assert site.get(f"/?p={entry['id']}").status == 404, "shortlink"
        assert entry["url"] not in listed
        ids = ",".join(str(e["id"]) for e in (trashed, drafted, deleted))
        assert site.get(f"{POSTS}?include={ids}").json() == []
        assert entry["id"] not in {e["id"] for e in site.articles()}
    for entry in (trashed, drafted):
        answer = site.get(f"{POSTS}/{entry['id']}?_embed=1")
        assert answer.status == 401
        assert answer.json() == {
            "code": "rest_forbidden",
            "message": "Sorry, you are not allowed to do that.",
            "data": {"status": 401},
        }
    gone = site.get(f"{POSTS}/{deleted['id']}")
    assert gone.status == 404 and gone.json()["code"] == "rest_post_invalid_id"


def test_restore_brings_a_post_back_at_its_url_and_date(site: Replica) -> None:
    target = newest_generated(site, 1)[0]
    path = target["url"].removeprefix(SITE[:-1])
    site.change(trash=[target["id"]])
    before = total(site)
    restored = site.change(restore=[target["id"]])["restored"]
    assert restored == [target["id"]]
    assert site.get(path).status == 200 and total(site) == before + 1
    post = site.get(f"{POSTS}/{target['id']}").json()
    assert post["status"] == "publish" and post["link"] == target["url"]
    back = next(entry for entry in site.articles() if entry["id"] == target["id"])
    assert back["published_at"] == target["published_at"]
    assert back["modified_at"] > target["modified_at"], "a restore is a modification"
    changed = site.get(f"{POSTS}?modified_after={back['modified_at'][:19]}Z&_fields=id").json()
    assert changed == [], "strictly after"
    assert site.call("POST", "change", {"restore": [target["id"]]}).status == 400


def test_random_picks_answer_which_posts_moved(site: Replica) -> None:
    before = total(site)
    moved = site.change(trash=2, unpublish=1)
    assert len(moved["trashed"]) == 2 and len(moved["unpublished"]) == 1
    assert total(site) == before - 3
    picked = site.change(restore=1)["restored"]
    assert len(picked) == 1 and site.get(f"{POSTS}/{picked[0]}").status == 200
    rest = [post_id for post_id in moved["trashed"] + moved["unpublished"] if post_id not in picked]
    assert site.change(restore=rest)["restored"] == rest


def test_a_deleted_draft_is_gone_for_good(site: Replica) -> None:
    target = newest_generated(site, 1)[0]
    site.change(unpublish=[target["id"]])
    assert site.get(f"{POSTS}/{target['id']}").status == 401
    assert site.change(delete=[target["id"]])["deleted"] == [target["id"]]
    assert site.get(f"{POSTS}/{target['id']}").status == 404
    assert site.call("POST", "change", {"restore": [target["id"]]}).status == 400


def test_the_deletion_sweep_parameters(site: Replica) -> None:
    ids = [entry["id"] for entry in site.articles()][:5]
    wanted = ",".join(map(str, reversed(ids)))
    sweep = site.get(f"{POSTS}?_fields=id,modified&include={wanted}&per_page=100&orderby=id")
    body = sweep.json()
    assert [set(post) for post in body] == [{"id", "modified"}] * 5
    assert [post["id"] for post in body] == sorted(ids, reverse=True), "order=desc by default"
    asc = site.get(f"{POSTS}?_fields=id&include={wanted}&orderby=id&order=asc").json()
    assert [post["id"] for post in asc] == sorted(ids)
    given = site.get(f"{POSTS}?_fields=id&include={wanted}&orderby=include").json()
    assert [post["id"] for post in given] == list(reversed(ids))
    assert sweep.headers["X-WP-Total"] == "5"
    everything = site.get(f"{POSTS}?_fields=id,modified&per_page=100&orderby=id&order=asc")
    assert everything.headers["X-WP-Total"] == str(len(site.articles()))
    by_id = sorted(entry["id"] for entry in site.articles())
    assert [post["id"] for post in everything.json()] == by_id[:100]
    nested = site.get(f"{POSTS}/48213?_fields=id,title.rendered,_embedded&_embed=1").json()
    assert set(nested) == {"id", "title", "_embedded"} and set(nested["title"]) == {"rendered"}
    missing = site.get(f"{POSTS}?orderby=include")
    assert missing.status == 400
    assert missing.json()["code"] == "rest_orderby_include_missing_include"
    for bad in ("include=1,x", "per_page=101", "status=draft", "status=trash"):
        answer = site.get(f"{POSTS}?{bad}")
        assert answer.status == 400 and answer.json()["code"] == "rest_invalid_param", bad


def test_article_pages_link_their_rest_route_and_shortlink(site: Replica) -> None:
    entry = newest_generated(site, 1)[0]
    page = Selector(text=site.get(entry["url"].removeprefix(SITE[:-1])).text)
    alternate = page.css("link[rel=alternate][type='application/json']::attr(href)").get()
    assert alternate == f"{SITE}wp-json/wp/v2/posts/{entry['id']}"
    assert page.css("link[rel=shortlink]::attr(href)").get() == f"{SITE}?p={entry['id']}"
    rest = site.get(alternate.removeprefix(SITE[:-1]) + "?_embed=1").json()
    assert rest["id"] == entry["id"] and "wp:term" in rest["_embedded"]
