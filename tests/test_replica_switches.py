"""The replica's switches and the site changing, driven through the control API over HTTP."""

from __future__ import annotations

import hashlib
import http.client
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from urllib.parse import quote, urlsplit

import pytest
from parsel import Selector

from newsbot.pages import ArticlePage, Incomplete, NotAnArticle, RestPost
from newsbot.sites.arbuz import PROFILE
from tests.outlet import parse, render
from tests.replica import ControlError, Replica, running_replica

SEED_PATH = (
    "/astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana/"
)
SITE = "https://arbuztoday.ru/"


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    """A small replica of its own: these tests switch it and change it."""
    with running_replica("--articles", "300") as running:
        yield running


@pytest.fixture(autouse=True)
def defaults(site: Replica) -> Iterator[None]:
    yield
    site.configure(
        rest=True, theme="arbuz", categories=True, sitemap_lastmod=True, validators=True,
        sitemaps="yoast",
        fault_rate=0.0,
        slow=0.0, hang_rate=0.0, truncate_rate=0.0, faults_on_robots=False,
        fault_statuses=[500, 503], retry_after=1,
    )  # fmt: skip


def test_config_reads_and_validates(site: Replica) -> None:
    config = site.control("GET", "config")
    assert config["rest"] is True and config["theme"] == "arbuz" and config["fault_rate"] == 0
    assert site.configure(slow=0.01)["slow"] == 0.01
    for bad in ({"theme": "other"}, {"fault_rate": 2}, {"rest": "yes"}, {"nope": 1}):
        with pytest.raises(ControlError) as error:
            site.configure(**bad)
        assert error.value.status == 400
        assert error.value.answer["field"] == next(iter(bad))


def test_rest_off_answers_html_404(site: Replica) -> None:
    site.configure(rest=False)
    for path in ("/wp-json/", "/wp-json/wp/v2/posts", "/wp-json/wp/v2/posts/48213"):
        answer = site.get(path)
        assert answer.status == 404 and answer.headers["Content-Type"].startswith("text/html")
    site.configure(rest=True)
    assert site.get("/wp-json/wp/v2/posts").status == 200


def test_redesign_defeats_the_page_object(site: Replica) -> None:
    site.configure(theme="redesign")
    page = site.get(SEED_PATH)
    assert page.status == 200 and "story__headline" in page.text
    with pytest.raises(NotAnArticle):
        ArticlePage(PROFILE, SITE + SEED_PATH.lstrip("/"), page.body).to_article()
    site.configure(theme="arbuz")
    ArticlePage(PROFILE, SITE + SEED_PATH.lstrip("/"), site.get(SEED_PATH).body).to_article()


def test_dropped_categories(site: Replica) -> None:
    site.configure(categories=False)
    page = ArticlePage(PROFILE, SITE + SEED_PATH.lstrip("/"), site.get(SEED_PATH).body)
    with pytest.raises(Incomplete, match="no category") as refused:
        page.to_article()
    post = site.get("/wp-json/wp/v2/posts/48213?_embed=1").json()
    html = refused.value.complete(post)
    rest = RestPost(PROFILE, post).to_article()
    assert html.categories == rest.categories == []
    assert render(html) == render(rest)
    truth = {entry["id"]: entry["document"] for entry in site.articles()}
    assert parse(truth[48213]).categories == []


def test_error_faults_with_retry_after(site: Replica) -> None:
    site.configure(fault_rate=1.0, fault_statuses=[429], retry_after=7)
    answer = site.get("/feed/")
    assert answer.status == 429 and answer.headers["Retry-After"] == "7"
    site.configure(fault_statuses=[503])
    assert site.get("/").headers["Retry-After"] == "7"
    site.configure(fault_statuses=[500])
    assert site.get("/wp-json/wp/v2/posts").status == 500
    assert site.health()["ok"], "control requests are never faulty"
    assert site.get("/robots.txt").status == 200, "robots.txt is exempt by default"
    site.configure(faults_on_robots=True)
    assert site.get("/robots.txt").status == 500


def test_a_retried_url_eventually_succeeds(site: Replica) -> None:
    site.configure(fault_rate=0.5, fault_statuses=[500, 503])
    statuses = [site.get("/feed/").status for _ in range(40)]
    assert set(statuses) == {200, 500, 503}


def test_slow_responses(site: Replica) -> None:
    site.configure(slow=0.3)
    started = time.monotonic()
    assert site.get("/robots.txt").status == 200
    assert time.monotonic() - started >= 0.3


def test_hanging_responses_never_complete(site: Replica) -> None:
    site.configure(hang_rate=1.0)
    site.clear_requests()
    with pytest.raises((TimeoutError, socket.timeout, urllib.error.URLError)):
        urllib.request.urlopen(site.url + "feed/", timeout=0.5)
    assert site.requests()[0]["status"] is None


def test_truncated_bodies(site: Replica) -> None:
    site.configure(truncate_rate=1.0)
    parts = urlsplit(site.url)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    connection.request("GET", SEED_PATH)
    response = connection.getresponse()
    promised = int(response.headers["Content-Length"])
    with pytest.raises(http.client.IncompleteRead) as error:
        response.read()
    assert len(error.value.partial) == promised // 2
    connection.close()


def test_the_site_changes_between_crawls(site: Replica) -> None:
    before = {entry["id"]: entry for entry in site.articles()}
    feed = site.get("/feed/")
    latest = max(entry["modified_at"] for entry in before.values())
    changes = site.change(publish=3, edit=2, delete=2)
    published, edited, deleted = changes["published"], changes["edited"], changes["deleted"]
    assert len(published) == 3 and len(edited) == 2 and len(deleted) == 2
    assert not {48213, 48207} & set(edited + deleted)
    assert min(published) > max(before)
    after = {entry["id"]: entry for entry in site.articles()}
    assert set(after) == set(before) - set(deleted) | set(published)
    assert site.health()["articles"] == len(after)

    new_feed = site.get("/feed/")
    feed_links = Selector(text=new_feed.text, type="xml").xpath("//item/link/text()").getall()
    assert {after[i]["url"] for i in published} <= set(feed_links)
    assert parsedate_to_datetime(new_feed.headers["Last-Modified"]) > parsedate_to_datetime(
        feed.headers["Last-Modified"]
    )
    assert site.get("/feed/", {"If-None-Match": feed.headers["ETag"]}).status == 200

    for post_id in edited:
        assert after[post_id]["modified_at"] > latest
        assert after[post_id]["document"] != before[post_id]["document"]
    window = site.get(f"/wp-json/wp/v2/posts?modified_after={quote(latest)}&per_page=100&_embed")
    changed = {post["id"]: post for post in window.json()}
    assert set(changed) == set(published) | set(edited)
    for post_id, post in changed.items():
        assert render(RestPost(PROFILE, post).to_article()) == after[post_id]["document"]

    for post_id in deleted:
        url = before[post_id]["url"]
        assert site.get(url.removeprefix(SITE)).status == 404
        assert site.get(f"/wp-json/wp/v2/posts/{post_id}").status == 404
        assert site.get(f"/?p={post_id}").status == 404
        assert url.encode() not in site.get("/post-sitemap.xml").body
        assert url.encode() not in site.get("/").body
    total = site.get("/wp-json/wp/v2/posts").headers["X-WP-Total"]
    assert int(total) == len(after)


def test_core_sitemaps_without_lastmod(site: Replica) -> None:
    assert site.get("/wp-sitemap-posts-post-1.xml").status == 404
    site.configure(sitemaps="core")
    assert site.get("/wp-sitemap.xml").status == 200
    assert site.get("/sitemap_index.xml").status == 404
    assert "<lastmod>" in site.get("/wp-sitemap-posts-post-1.xml").text
    site.configure(sitemap_lastmod=False)
    page = site.get("/wp-sitemap-posts-post-1.xml").text
    assert "<lastmod>" not in page and page.count("<loc>") == len(site.articles())


def test_the_feed_is_tagged_by_the_sites_last_change_as_wordpress_tags_it(site: Replica) -> None:
    """WordPress's feed ETag is the md5 of its `Last-Modified` (the site's latest edit or
    publication), so an edit of a post the feed does not show changes the tag as well."""
    feed = site.get("/feed/")
    shown = Selector(text=feed.text, type="xml").xpath("//item/link/text()").getall()
    fixed = {48213, 48207}
    older = next(e for e in site.articles() if e["url"] not in shown and e["id"] not in fixed)
    site.change(edit=[older["id"]])
    again = site.get("/feed/")
    assert again.text == feed.text
    modified = again.headers["Last-Modified"]
    assert again.headers["ETag"] == '"' + hashlib.md5(modified.encode()).hexdigest() + '"'
    old = {
        "If-None-Match": feed.headers["ETag"],
        "If-Modified-Since": feed.headers["Last-Modified"],
    }
    assert site.get("/feed/", old).status == 200


def test_every_former_slug_of_a_post_renamed_twice_redirects_to_its_page(site: Replica) -> None:
    """WordPress keeps each old slug (`_wp_old_slug`), not the last one only."""
    first = next(entry for entry in site.articles() if entry["id"] not in (48213, 48207))
    urls = [first["url"]]
    for _ in range(2):
        site.change(rename=[first["id"]])
        urls += [e["url"] for e in site.articles() if e["id"] == first["id"]]
    for old in urls[:2]:
        answer = site.get(urlsplit(old).path)
        assert answer.status == 301, old
        assert answer.headers["Location"].endswith(urlsplit(urls[2]).path)


def test_without_validators_only_feeds_answer_304(site: Replica) -> None:
    """As a stock WordPress: article pages, REST answers and sitemaps carry no validators."""
    article = site.articles()[-1]["url"].removeprefix("https://arbuztoday.ru")
    paths = (article, "/wp-json/wp/v2/posts", "/post-sitemap.xml", "/feed/")
    validators = {path: site.get(path).headers["ETag"] for path in paths}
    assert site.get(article, {"If-None-Match": validators[article]}).status == 304
    site.configure(validators=False)
    for path in paths:
        answer = site.get(path, {"If-None-Match": validators[path]})
        feed = path == "/feed/"
        assert answer.status == (304 if feed else 200), path
        assert ("ETag" in answer.headers, "Last-Modified" in answer.headers) == (feed, feed), path
