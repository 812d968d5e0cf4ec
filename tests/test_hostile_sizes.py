"""Oversized answers, by class: robots.txt is read up to 500 KiB (RFC 9309), cut after a whole
line, and a sitemap over `NEWSBOT_SITEMAP_MAXSIZE` is not downloaded; the probe reports either,
and its memory stays bounded whatever the site sends."""

from __future__ import annotations

import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot import settings as project_settings
from newsbot.middlewares.size_caps import first_lines, is_sitemap
from tests.crawling import FULL_SPEED, Measured, run_measured
from tests.fake_site import FakeSite, serving, text

ROBOTS_LIMIT = project_settings.NEWSBOT_ROBOTSTXT_MAXSIZE
MEMORY_BOUND_MIB = 400
"""Peak memory of a probe, whatever robots.txt or sitemap a site sends (787 MiB on a 12 MB
robots.txt before it was cut)."""


@given(st.binary(max_size=300), st.integers(0, 320))
def test_the_first_lines_are_whole_lines_within_the_limit(body: bytes, limit: int) -> None:
    cut = first_lines(body, limit)
    assert body.startswith(cut)
    assert len(cut) <= limit or cut == body
    assert cut == body or cut == b"" or cut.endswith((b"\n", b"\r"))


@pytest.mark.parametrize(
    ("url", "sitemap"),
    [
        ("http://h/wp-sitemap.xml", True),
        ("http://h/post-sitemap2.xml", True),
        ("http://h/sitemap_index.xml.gz", True),
        ("http://h/wp-sitemap-posts-post-1.xml?x=1", True),
        ("http://h/feed/", False),
        ("http://h/sitemap/", False),
        ("http://h/sitemaps/news.html", False),
    ],
)
def test_sitemaps_are_known_by_their_names(url: str, sitemap: bool) -> None:
    assert is_sitemap(url) is sitemap


def _probe(site: FakeSite) -> Measured:
    """`newsbot probe` of the site, with the probe's own peak memory."""
    return run_measured(
        [sys.executable, "-m", "newsbot", "probe", "--base-url", site.url, *FULL_SPEED], 300
    )


def _peak_mib(result: Measured) -> int:
    return result.peak_rss // 2**20


def _robots(rules: int, everything_after: bool) -> str:
    filler = "".join(f"Disallow: /x/{n}/y\n" for n in range(rules))
    return "User-agent: *\n" + filler + ("Disallow: /\n" if everything_after else "")


@pytest.mark.e2e
@settings(max_examples=4, deadline=None, derandomize=True)
@given(rules=st.sampled_from([10, 20_000, 40_000, 400_000]), everything_after=st.booleans())
def test_robots_txt_is_read_up_to_500_kib(rules: int, everything_after: bool) -> None:
    robots = _robots(rules, everything_after)
    with serving(FakeSite(routes={"/robots.txt": text(robots)})) as site:
        result = _probe(site)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    read_whole = len(robots.encode()) <= ROBOTS_LIMIT
    forbids_all = everything_after and read_whole
    assert (result.returncode == 3) is forbids_all, result.stderr[-2000:]
    assert _peak_mib(result) < MEMORY_BOUND_MIB


@pytest.mark.e2e
def test_a_sitemap_over_the_limit_is_reported_not_downloaded() -> None:
    loc = "<sitemap><loc>http://127.0.0.1/wp-sitemap-posts-post-{}.xml</loc></sitemap>"
    body = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(loc.format(n) for n in range(150_000))
        + "</sitemapindex>"
    )
    assert len(body) > project_settings.NEWSBOT_SITEMAP_MAXSIZE
    with serving(FakeSite(routes={"/wp-sitemap.xml": text(body, "application/xml")})) as site:
        result = _probe(site)
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "larger than download max size" in result.stdout
    assert _peak_mib(result) < MEMORY_BOUND_MIB
