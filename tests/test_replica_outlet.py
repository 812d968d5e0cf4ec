"""The replica serves another WordPress outlet: its name, host, zone and title everywhere."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from parsel import Selector

from tests.replica import Replica, running_replica

NAME, HOST, ZONE, SEPARATOR = "ВОЛНА", "volna.example", "Asia/Yekaterinburg", " — "
SITE = f"https://{HOST}/"
PLUS_FIVE = timezone(timedelta(hours=5))
SEED_SLUG = (
    "astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana"
)
OUTLET_FLAGS = (
    "--site-name", NAME, "--site-host", HOST, "--site-zone", ZONE, "--title-separator", SEPARATOR,
)  # fmt: skip


@pytest.fixture(scope="module")
def volna() -> Iterator[Replica]:
    with running_replica("--articles", "400", *OUTLET_FLAGS) as running:
        yield running


def paths(volna: Replica) -> list[str]:
    """One path of every kind of page the replica serves."""
    newest = volna.articles()[-1]
    day = datetime.fromisoformat(newest["published_at"]).astimezone(PLUS_FIVE)
    return [
        "/", "/page/2/", "/feed/", "/category/vlast/", "/category/vlast/feed/",
        "/tag/igor-babushkin/", f"/{day:%Y/%m/%d}/", f"/{day:%Y/%m}/", f"/{SEED_SLUG}/",
        f"/{SEED_SLUG}/amp/", newest["url"].removeprefix(SITE[:-1]), "/robots.txt",
        "/sitemap_index.xml", "/post-sitemap.xml", "/category-sitemap.xml",
        "/wp-json/", "/wp-json/wp/v2/posts?_embed=1&per_page=100",
        "/wp-json/wp/v2/posts/48213?_embed", "/wp-json/wp/v2/categories", "/no-such-page/",
    ]  # fmt: skip


def test_no_page_names_the_default_outlet(volna: Replica) -> None:
    for path in paths(volna):
        answer = volna.get(path)
        assert answer.status in (200, 404), path
        for default in ("arbuztoday", "АРБУЗ", "\\u0410\\u0420\\u0411\\u0423\\u0417"):
            assert default not in answer.text, (path, default)
    for entry in volna.articles():
        assert "АРБУЗ" not in entry["document"] and "arbuztoday" not in entry["document"]


def test_every_link_names_the_outlets_host(volna: Replica) -> None:
    for path in paths(volna):
        text = volna.get(path).text
        for url in re.findall(r"https?://[^\s\"'<>\\]+", text.replace("\\/", "/")):
            host = url.split("/")[2]
            allowed = (
                HOST,
                "schema.org",
                "yoast.com",
                "wordpress.org",
                "api.w.org",
                "vk.com",
                "connect.ok.ru",
                "t.me",
            )
            namespace = url.startswith(("http://purl.org", "http://www.", "http://wellformed"))
            assert host in allowed or namespace, (path, url)


def test_titles_and_site_name(volna: Replica) -> None:
    page = Selector(text=volna.get(f"/{SEED_SLUG}/").text)
    title = page.css("title::text").get()
    assert title is not None and title.endswith(f"{SEPARATOR}{NAME}")
    assert page.css("meta[property='og:site_name']::attr(content)").get() == NAME
    assert page.css("link[rel=canonical]::attr(href)").get() == f"{SITE}{SEED_SLUG}/"
    listing = Selector(text=volna.get("/category/vlast/").text).css("title::text").get()
    assert listing == f"Власть{SEPARATOR}{NAME}"
    feed = Selector(text=volna.get("/feed/").text, type="xml")
    assert feed.xpath("//channel/title/text()").get() == NAME
    assert volna.get("/wp-json/").json()["name"] == NAME
    assert volna.get("/robots.txt").text.endswith(f"Sitemap: {SITE}sitemap_index.xml\n")


def test_dates_are_printed_in_the_outlets_zone(volna: Replica) -> None:
    page = Selector(text=volna.get(f"/{SEED_SLUG}/").text)
    time = page.css(".news-single__date time")
    assert time.attrib["datetime"] == "2019-11-07T22:00:22+05:00"
    assert time.xpath("string()").get() == "7 ноября 2019, 22:00"
    published = page.css("meta[property='article:published_time']::attr(content)").get()
    assert published == "2019-11-07T22:00:22+05:00"
    post = volna.get("/wp-json/wp/v2/posts/48213").json()
    assert (post["date"], post["date_gmt"]) == ("2019-11-07T22:00:22", "2019-11-07T17:00:22")
    day = volna.get("/2019/11/07/").text
    assert f"{SITE}{SEED_SLUG}/" in day


def test_rest_bounds_without_an_offset_are_the_outlets_local_time(volna: Replica) -> None:
    window = "after=2019-11-07T22:00:21&before=2019-11-07T22:00:23"
    assert [post["id"] for post in volna.get(f"/wp-json/wp/v2/posts?{window}").json()] == [48213]
    astrakhan = "after=2019-11-07T21:00:21&before=2019-11-07T21:00:23"
    assert volna.get(f"/wp-json/wp/v2/posts?{astrakhan}").json() == []


def test_the_expected_documents_are_the_outlets(volna: Replica) -> None:
    seed = next(entry for entry in volna.articles() if entry["id"] == 48213)
    assert seed["url"] == f"{SITE}{SEED_SLUG}/"
    lines = seed["document"].split("\n")
    assert lines[1].endswith(f". | {NAME}")
    assert lines[7] == f"Original: [{NAME}]({SITE}{SEED_SLUG}/)"
    assert "7 ноября 2019, 22:00" in lines


@pytest.mark.parametrize(
    ("flag", "value"),
    [
        ("--site-host", "not a host"),
        ("--site-host", "https://volna.example"),
        ("--site-zone", "Nowhere/City"),
        ("--site-name", ""),
        ("--title-separator", ""),
    ],
)
def test_a_bad_outlet_is_one_line_and_exit_2(flag: str, value: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newsbot", "replica", "--port", "0", flag, value],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
