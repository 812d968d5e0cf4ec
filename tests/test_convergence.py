"""The archive converges to the site: incremental state records what runs covered, a page given
up is asked for first next time, a sweep fetches what the archive lacks, and one bad post or
page fails alone (DESIGN §4, §5, §8)."""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newsbot.cli.options import Exit
from newsbot.replica.articles import post_url
from newsbot.replica.outlet import DEFAULT_OUTLET as OUTLET
from newsbot.sites.arbuz import PROFILE as ARBUZ
from pipelines.store import Archive
from tests.crawling import FULL_SPEED, ROOT, newsbot, stored_documents
from tests.replica import Replica, running_replica
from tests.resumes import stored_count
from tests.sites import (
    article_html,
    crawl,
    expected_document,
    feed_xml,
    home_pages,
    html_page,
    model,
    outlet,
    path_of,
    rest_json,
    rest_page,
    sample_posts,
    serving,
    xml_page,
)

pytestmark = pytest.mark.e2e


def run(replica: Replica | str, db: Path, *args: str) -> tuple[int, str, str]:
    url = replica if isinstance(replica, str) else replica.url
    result = newsbot(*args, "--db", str(db), "--base-url", url, *FULL_SPEED)
    return result.returncode, result.stdout, result.stderr


def expected(replica: Replica) -> dict[str, str]:
    return {entry["url"]: entry["document"] for entry in replica.articles()}


def failed_articles(db: Path) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(newsbot("stats", "--db", str(db), "--json").stdout)
    return result["failed_articles"]


def test_a_rest_page_given_up_is_asked_for_first_by_the_next_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        assert run(replica, db, "crawl", "--source", "rest")[0] == Exit.OK
        replica.change(publish=250)
        replica.configure(failing=["&offset=99"])
        code, stdout, stderr = run(replica, db, "crawl", "--source", "rest")
        assert code == Exit.DEGRADED, stderr[-3000:]
        assert "152 new" in stdout
        replica.configure(failing=[])
        replica.clear_requests()
        code, stdout, stderr = run(replica, db, "crawl", "--source", "rest")
        assert code == Exit.OK, stderr[-3000:]
        assert "98 new" in stdout
        first = next(e["path"] for e in replica.requests() if "/wp-json/wp/v2/posts" in e["path"])
        assert "modified_before" in first  # the gap first
        assert stored_documents(db) == expected(replica)
        replica.clear_requests()
        code, stdout, _ = run(replica, db, "crawl", "--source", "rest")
        rest = [e for e in replica.requests() if "/wp-json/" in e["path"]]
        assert (code, len(rest)) == (Exit.OK, 2), rest  # no gap: changes, new publications


def test_the_post_two_rest_pages_share_is_one_article_once(tmp_path: Path) -> None:
    """Each page after the first starts with the last post of the one before."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "250") as replica:
        code, stdout, stderr = run(
            replica, db, "backfill", "--since", "2019-11-01", "--source", "rest"
        )
        asked = [entry["path"] for entry in replica.requests() if "/wp-json/" in entry["path"]]
    assert code == Exit.OK, stderr[-3000:]
    assert "250 new, 0 updated, 0 unchanged" in stdout, stdout
    assert [("offset=99" in path, "offset=198" in path) for path in asked[1:]] == [
        (True, False),
        (False, True),
    ], asked


def test_posts_moving_between_rest_pages_during_a_walk_are_fetched_by_the_next_run(
    tmp_path: Path,
) -> None:
    """Edits and a deletion on a page already read move every later post back: each page after
    the first starts with the last post of the one before, so the move shows at the boundary,
    and the span there is left for the next run instead of being recorded as covered."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        for _ in range(2):  # the second run starts from a coverage
            assert run(replica, db, "crawl", "--source", "rest")[0] == Exit.OK
        published = replica.change(publish=250)["published"]
        replica.clear_requests()
        replica.configure(slow=1.0)  # the later pages are answered after the change
        process = subprocess.Popen(
            [sys.executable, "-m", "newsbot", "crawl", "--source", "rest", "--db", str(db),
             "--base-url", replica.url, *FULL_SPEED],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not any(
            "modified_after" in entry["path"] and "page=1" in entry["path"] and entry.get("status")
            for entry in replica.requests()
        ):
            time.sleep(0.05)
        replica.change(edit=published[:2], delete=published[2:3])  # all on the first page
        _, moving = process.communicate(timeout=120)
        replica.configure(slow=0)
        assert process.returncode == Exit.OK, moving[-3000:]
        walk = [entry["path"] for entry in replica.requests() if "modified_after" in entry["path"]]
        code, _, stderr = run(replica, db, "crawl", "--source", "rest")
        assert code == Exit.OK, stderr[-3000:]
        stored = stored_documents(db)
        wanted = expected(replica)
        assert {url: stored.get(url) for url in wanted} == wanted
    assert "posts moved while the pages were read" in moving
    assert [re.sub(r".*&", "", path) for path in walk] == ["page=1", "offset=99", "offset=198"]


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_post_published_from_the_schedule_is_fetched_by_the_next_run(
    tmp_path: Path, source: str
) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        for _ in range(2):  # the second run starts from a coverage
            assert run(replica, db, "crawl", "--source", source)[0] == Exit.OK
        replica.change(schedule=2)  # last saved a day before WordPress published them
        code, stdout, stderr = run(replica, db, "crawl", "--source", source)
        assert code == Exit.OK, stderr[-3000:]
        assert " 2 new" in stdout, stdout
        assert stored_documents(db) == expected(replica)


@pytest.mark.parametrize("source", ["rest", "html"])
def test_an_edit_of_a_post_the_feed_does_not_show_is_fetched_by_the_next_run(
    tmp_path: Path, source: str
) -> None:
    """The feed's text stays the same; its validators follow the site's last change."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "60") as replica:
        for _ in range(2):  # the second run starts from a coverage and the feed's validators
            assert run(replica, db, "crawl", "--source", source)[0] == Exit.OK
        by_age = sorted(replica.articles(), key=lambda entry: entry["published_at"])
        old = [entry["id"] for entry in by_age if entry["id"] not in (48213, 48207)]
        replica.change(edit=old[:1], rename=old[1:2])
        code, stdout, stderr = run(replica, db, "crawl", "--source", source)
        assert code == Exit.OK, stderr[-3000:]
        assert " 2 updated" in stdout, stdout
        assert stored_documents(db) == expected(replica)


def test_new_publications_asked_in_vain_are_asked_again(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        for _ in range(2):
            assert run(replica, db, "crawl", "--source", "rest")[0] == Exit.OK
        replica.change(schedule=2)
        replica.configure(failing=["orderby=date"])
        code, stdout, stderr = run(replica, db, "crawl", "--source", "rest")
        assert code == Exit.DEGRADED, stderr[-3000:]
        replica.configure(failing=[])
        code, stdout, stderr = run(replica, db, "crawl", "--source", "rest")
        assert code == Exit.OK, stderr[-3000:]
        assert " 2 new" in stdout, stdout
        assert stored_documents(db) == expected(replica)


def stopped_after(replica: Replica, db: Path, stored: int) -> int:
    """An HTML crawl sent SIGTERM once `stored` articles are in the archive; its exit code."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "crawl", "--source", "html", "--db", str(db),
         "--base-url", replica.url, *FULL_SPEED, "-s", "CONCURRENT_REQUESTS=1",
         "-s", "DOWNLOAD_DELAY=0.05", "-s", "NEWSBOT_DB_FLUSH_SECONDS=0"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None and stored_count(db) < stored:
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=120)
    return process.returncode


@pytest.mark.parametrize("stop", ["SIGTERM", "max-requests"])
def test_an_interrupted_html_run_leaves_nothing_behind(tmp_path: Path, stop: str) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        assert run(replica, db, "crawl", "--source", "html")[0] == Exit.OK
        replica.change(publish=78)
        if stop == "SIGTERM":
            assert stopped_after(replica, db, 30 + 7) == Exit.INTERRUPTED
        else:
            run(replica, db, "crawl", "--source", "html", "--max-requests", "8")
        assert 30 < len(stored_documents(db)) < 30 + 78
        code, _, stderr = run(replica, db, "crawl", "--source", "html")  # every unknown post
        assert code == Exit.OK, stderr[-3000:]
        assert stored_documents(db) == expected(replica)


def test_a_posts_sitemap_given_up_is_read_again_next_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        assert run(replica, db, "crawl", "--source", "html")[0] == Exit.OK
        replica.change(publish=78)
        replica.configure(failing=["post-sitemap"])
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.DEGRADED, stderr[-3000:]
        assert len(stored_documents(db)) < 30 + 78  # the feed's newest ten
        replica.configure(failing=[])
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
        assert stored_documents(db) == expected(replica)


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_sweep_fetches_what_the_archive_lacks_or_holds_older(tmp_path: Path, source: str) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "60") as replica:
        assert run(replica, db, "crawl", "--source", source)[0] == Exit.OK
        with sqlite3.connect(db) as connection:  # a run that lost some, another run's state
            connection.execute(
                "DELETE FROM articles WHERE article_id IN "
                "(SELECT article_id FROM articles ORDER BY published_at LIMIT 7)"
            )
        edited = replica.change(edit=5)["edited"]
        covered = '{"format": 2, "done": [["1995-01-01T00:00:00", "2999-01-01T00:00:00"]]}'
        key = "incremental:rest:modified" if source == "rest" else "incremental:html:covered"
        value = covered if source == "rest" else "2999-01-01T00:00:00+00:00"
        with Archive(db, ARBUZ) as archive:
            archive.set_state(key, value)
        code, stdout, stderr = run(replica, db, "crawl", "--source", source, "--sweep")
        assert code == Exit.OK, stderr[-3000:]
        assert f"{7 + len(edited)} fetched" in stdout, stdout
        assert stored_documents(db) == expected(replica)


def test_a_post_dated_in_the_future_does_not_hold_later_runs_back(tmp_path: Path) -> None:
    first, second = sample_posts(2)
    ahead = rest_json(first) | {
        "modified": "2998-01-01T10:00:00",
        "modified_gmt": "2998-01-01T06:00:00",
    }
    pages = {model.REST_POSTS: rest_page([ahead])}
    db = tmp_path / "a.db"
    with serving(pages) as site:
        result = crawl(site, db, source="rest")
        assert result.returncode == Exit.OK, result.stderr[-3000:]
        assert "1 dated in the future" in result.stdout
        site.pages[model.REST_POSTS] = rest_page([rest_json(second), ahead])
        site.requests.clear()
        result = crawl(site, db, source="rest")
        assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert not any("2998" in path for path in site.requests), site.requests
    assert len(stored_documents(db)) == 2


def test_one_malformed_post_fails_alone_and_is_recorded(tmp_path: Path) -> None:
    posts = sample_posts(3)
    listed = [rest_json(post) for post in posts]
    listed[1] = listed[1] | {"_embedded": {**listed[1]["_embedded"], "wp:term": None}}
    db = tmp_path / "a.db"
    with serving({model.REST_POSTS: rest_page(listed)}) as site:
        result = crawl(site, db, source="rest")
    assert result.returncode in (Exit.OK, Exit.DEGRADED), result.stderr[-3000:]
    assert "2 new" in result.stdout and "1 pending" in result.stdout, result.stdout
    assert "Traceback" not in result.stderr
    failed = failed_articles(db)
    assert failed["pending"] == 1
    assert "no embedded terms" in failed["first"][0]["reason"]
    assert len(stored_documents(db)) == 2


FORBIDDEN = {
    "code": "rest_forbidden",
    "message": "Sorry, you are not allowed to do that.",
    "data": {"status": 401},
}
"""What WordPress embeds in place of a relation it could not read."""


def test_a_post_whose_embed_lost_terms_or_photo_fails_alone_and_is_retried(tmp_path: Path) -> None:
    """WordPress embeds an error object, or a list holding one, in place of a taxonomy's terms
    or a featured image it could not read; a post without `wp:term` has no terms."""
    posts = sample_posts(5)
    listed = [rest_json(post) for post in posts]
    embedded = [post["_embedded"] for post in listed]
    categories, tags = embedded[1]["wp:term"]
    assert tags and posts[3].media and posts[3].media.caption
    lost = {
        0: {"wp:term": [[FORBIDDEN], embedded[0]["wp:term"][1]]},
        1: {"wp:term": [categories, FORBIDDEN]},
        3: {"wp:featuredmedia": [FORBIDDEN]},
    }
    for n, change in lost.items():
        listed[n] = listed[n] | {"_embedded": embedded[n] | change}
    listed[2] = listed[2] | {"_embedded": {"author": embedded[2]["author"]}}
    pages = outlet(posts) | {model.REST_POSTS: rest_page(listed)}
    db = tmp_path / "a.db"
    with serving(pages) as site:
        result = crawl(site, db, source="rest")
        assert "1 new" in result.stdout and "4 pending" in result.stdout, result.stdout
        reasons = sorted(failed["reason"] for failed in failed_articles(db)["first"])
        assert [reason.split(": ")[1] for reason in reasons] == [
            "categories not embedded (wp:term)",
            "featured image not embedded (wp:featuredmedia)",
            "no embedded terms",
            "tags not embedded (wp:term)",
        ], reasons
        site.pages[model.REST_POSTS] = rest_page([])  # nothing modified since
        result = crawl(site, db, "-s", "NEWSBOT_ARTICLE_RETRY_MINUTES=0", source="rest")
        assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert sorted(stored_documents(db).values()) == sorted(map(expected_document, posts))
    assert failed_articles(db)["pending"] == 0


def test_a_post_id_sqlite_cannot_hold_is_refused_alone(tmp_path: Path) -> None:
    posts = sample_posts(3)
    listed = [rest_json(post) for post in posts]
    listed[0] = listed[0] | {"id": 2**63 + 5}
    db = tmp_path / "a.db"
    with serving({model.REST_POSTS: rest_page(listed)}) as site:
        result = crawl(site, db, source="rest")
    assert "2 new" in result.stdout and "1 dropped" in result.stdout, result.stdout
    assert len(stored_documents(db)) == 2
    with sqlite3.connect(db) as connection:
        (finished,) = connection.execute("SELECT finished_at FROM runs").fetchone()
    assert finished is not None


def test_json_ld_of_any_shape_costs_no_article(tmp_path: Path) -> None:
    posts = sample_posts(3)
    odd = '<script type="application/ld+json">{"@type": null, "@graph": [{"@type": 7}]}</script>'
    broken = article_html(posts[0]).replace("</head>", odd + "</head>")
    db = tmp_path / "a.db"
    with serving(outlet(posts, {path_of(posts[0]): html_page(broken)})) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert len(stored_documents(db)) == 3


def test_a_theme_whose_every_page_is_refused_fails_naming_why(tmp_path: Path) -> None:
    """Four pages refused and one password-protected post skipped: nothing was recognised."""
    posts = sample_posts(5)
    undated = {
        path_of(post): html_page(
            re.sub(
                r'<time[^>]*>.*?</time>|<meta property="article:[a-z_]+_time"[^>]*>'
                r"|<script type=.application/ld\+json.[^>]*>.*?</script>",
                "",
                article_html(post),
                flags=re.S,
            )
        )
        for post in posts[1:]
    }
    protected = article_html(posts[0]).replace(
        "</article>", '<form class="post-password-form"></form></article>'
    )
    undated[path_of(posts[0])] = html_page(protected)
    db = tmp_path / "a.db"
    with serving(outlet(posts, undated)) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.FAILED, result.stderr[-3000:]
    assert "nothing extracted" in result.stderr and "4 refused" in result.stderr


def test_an_unpublished_post_deleted_later_is_marked_deleted(tmp_path: Path) -> None:
    db = tmp_path / "a.db"

    def reason(post_id: int) -> str | None:
        with sqlite3.connect(db) as connection:
            row = connection.execute(
                "SELECT deletion_reason FROM articles WHERE post_id = ?", [post_id]
            ).fetchone()
        return None if row is None else row[0]

    with running_replica("--articles", "30") as replica:
        assert run(replica, db, "crawl", "--source", "rest")[0] == Exit.OK
        post_id = replica.articles()[-1]["id"]
        replica.change(unpublish=[post_id])
        code, _, stderr = run(replica, db, "crawl", "--source", "rest", "--sweep")
        assert (code, reason(post_id)) == (Exit.OK, "unpublished"), stderr[-3000:]
        replica.change(delete=[post_id])
        code, _, stderr = run(replica, db, "crawl", "--source", "rest", "--sweep")
        assert (code, reason(post_id)) == (Exit.OK, "deleted"), stderr[-3000:]
        code, _, stderr = run(replica, db, "crawl", "--source", "rest", "--sweep")
        assert (code, reason(post_id)) == (Exit.OK, "deleted"), stderr[-3000:]


@pytest.mark.parametrize("after", [0.3, 0.8, 1.5, 3.0])
def test_sigterm_at_any_moment_of_a_start_is_an_interrupted_run(
    tmp_path: Path, after: float
) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30") as replica:
        replica.configure(slow=1.0)
        process = subprocess.Popen(
            [sys.executable, "-m", "newsbot", "crawl", "--db", str(db), "--base-url",
             replica.url, *FULL_SPEED],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        time.sleep(after)
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=120)
    assert process.returncode == Exit.INTERRUPTED, stderr[-3000:]
    assert "Traceback" not in stderr
    with Archive(db, ARBUZ, readonly=True) as archive:
        (run,) = archive.runs()
    assert run["verdict"] == "interrupted" and run["finished_at"]


def test_a_listing_page_given_up_is_read_again_next_run(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with running_replica("--articles", "30", "--no-sitemap-lastmod") as replica:
        replica.configure(sitemaps="core")  # core sitemaps without lastmod: listings are read
        assert run(replica, db, "crawl", "--source", "html")[0] == Exit.OK
        replica.change(publish=78)
        replica.configure(failing=["/page/3/"])
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.DEGRADED, stderr[-3000:]
        replica.configure(failing=[])
        replica.clear_requests()
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
        assert "/page/3/" in [entry["path"] for entry in replica.requests()]
        assert stored_documents(db) == expected(replica)


def test_a_post_restored_after_a_sweep_marked_it_is_fetched_from_a_sitemap_without_lastmod(
    tmp_path: Path,
) -> None:
    """The sweep marked it deleted; back from the trash, the sitemap lists it again under the
    URL the archive holds: it is fetched and revived by the next run, not left for a sweep."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "80", "--no-sitemap-lastmod") as replica:
        replica.configure(sitemaps="core")
        old = replica.articles()[5]["id"]
        assert run(replica, db, "crawl", "--source", "html")[0] == Exit.OK
        replica.change(trash=[old])
        code, stdout, _ = run(replica, db, "crawl", "--source", "html", "--sweep")
        assert code == Exit.OK and "1 deleted" in stdout, stdout
        replica.change(restore=[old])
        code, stdout, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
        with Archive(db, ARBUZ, readonly=True) as archive:
            live = {stored.article.url for stored in archive.iter_articles(live_only=True)}
        assert live == set(expected(replica)), stdout


def test_a_post_restored_deep_in_the_listings_is_fetched_from_a_sitemap_without_lastmod(
    tmp_path: Path,
) -> None:
    """A post back from the trash keeps its old date: the listing walk stops before it, but the
    posts sitemap lists it, lastmod or not."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "80", "--no-sitemap-lastmod") as replica:
        replica.configure(sitemaps="core")
        old = replica.articles()[5]["id"]
        replica.change(trash=[old])
        assert run(replica, db, "crawl", "--source", "html")[0] == Exit.OK
        replica.change(restore=[old], publish=1)
        code, _, stderr = run(replica, db, "crawl", "--source", "html")
        assert code == Exit.OK, stderr[-3000:]
        assert stored_documents(db) == expected(replica)


def test_a_listing_walk_does_not_stop_at_articles_the_feed_just_stored(tmp_path: Path) -> None:
    """As on stock WordPress, the feed and each listing page show 10 posts, and there are no
    sitemaps with lastmod. The home page answers late: by then the feed's posts are stored, yet
    the walk goes on past them."""
    posts = sample_posts(30)
    pages = {**outlet(posts), **home_pages(posts, 10), model.FEED: xml_page(feed_xml(posts[-10:]))}

    def late_home(path: str) -> None:
        if path == "/":
            time.sleep(3)

    db = tmp_path / "a.db"
    with serving(pages, route=late_home) as site:
        result = crawl(site, db)
    assert result.returncode == Exit.OK, result.stderr[-3000:]
    assert stored_documents(db) == {
        post_url(post, OUTLET): expected_document(post) for post in posts
    }


@pytest.mark.parametrize(("source", "answers"), [("rest", "2"), ("html", "8")])
def test_a_first_crawl_stopped_early_is_finished_by_the_next(
    tmp_path: Path, source: str, answers: str
) -> None:
    """Nothing is covered until a run ends whole: the stored newest articles prove nothing."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "120") as replica:
        code, _, stderr = run(replica, db, "crawl", "--source", source, "--max-requests", answers)
        assert code in (Exit.OK, Exit.DEGRADED), stderr[-3000:]
        assert 0 < stored_count(db) < 120
        code, _, stderr = run(replica, db, "crawl", "--source", source)
        assert code == Exit.OK, stderr[-3000:]
        assert stored_documents(db) == expected(replica)


@pytest.mark.parametrize("source", ["rest", "html"])
def test_a_crawl_after_a_backfill_of_a_past_range_fetches_the_rest(
    tmp_path: Path, source: str
) -> None:
    """A backfill covers the days it was given, not the site's edits since."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "120") as replica:
        days = sorted({entry["published_at"][:10] for entry in replica.articles()})
        until = days[len(days) // 2]
        code, _, stderr = run(replica, db, "backfill", "--source", source, "--since",
                              days[0], "--until", until)  # fmt: skip
        assert code == Exit.OK, stderr[-3000:]
        assert stored_count(db) < 120
        code, _, stderr = run(replica, db, "crawl", "--source", source)
        assert code == Exit.OK, stderr[-3000:]
        assert stored_documents(db) == expected(replica)


def test_pipelines_given_with_set_join_the_store(tmp_path: Path) -> None:
    """`-s ITEM_PIPELINES=...` adds pipelines; it never leaves a crawl without its store."""
    db = tmp_path / "a.db"
    with running_replica("--articles", "40") as replica:
        code, stdout, stderr = run(replica, db, "crawl", "-s", "ITEM_PIPELINES={}")
        assert code == Exit.OK, stderr[-3000:]
        assert "40 new" in stdout
        assert stored_documents(db) == expected(replica)
