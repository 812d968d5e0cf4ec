"""The monitors of a crawl's health; HIGH-level ones fail the run, NORMAL-level ones degrade it.

Thresholds are settings (`NEWSBOT_HEALTH_*`, defaults in `newsbot/settings.py`).
"""

from __future__ import annotations

from math import isclose
from typing import Any

from spidermon import Monitor, monitors
from spidermon.contrib.scrapy.monitors import FinishReasonMonitor
from spidermon.contrib.scrapy.monitors.base import BaseScrapyMonitor

from newsbot import crawlstats
from newsbot.crawlstats import COVERAGE_PREFIX, HISTORY_PREFIX, coverage_key
from newsbot.health.coverage import lower_tail, lower_tail_beside

TRACKED_FIELDS = ("categories", "tags", "photo_credit", "author")


class NewsbotMonitor(BaseScrapyMonitor):  # type: ignore[misc]
    """A monitor reading the crawl's stats and the `NEWSBOT_HEALTH_*` settings."""

    def stat(self, name: str) -> Any:
        return self.data.stats.get(name, 0) or 0

    def setting(self, name: str) -> float:
        return float(self.crawler.settings.getfloat(f"NEWSBOT_HEALTH_{name}"))


@monitors.name("finish reason")
@monitors.level.high
class ExpectedFinishMonitor(FinishReasonMonitor):  # type: ignore[misc]
    """The crawl ended the way it should (`SPIDERMON_EXPECTED_FINISH_REASONS`); an interrupted
    crawl ended as it was asked to, and its verdict (`interrupted`) says so."""

    @monitors.name("Should have the expected finished reason(s)")  # type: ignore[untyped-decorator]
    def test_should_finish_with_expected_reason(self) -> None:
        if self.stats.get(crawlstats.FINISH_REASON) != crawlstats.SHUTDOWN:
            super().test_should_finish_with_expected_reason()


@monitors.name("required fields")
@monitors.level.high
class RequiredFieldsMonitor(NewsbotMonitor):
    """Title, publication time, body and URL on every stored article: the shares
    `SPIDERMON_FIELD_COVERAGE_RULES` asks for (`"Article/title": 1.0`), read from the counts of
    `newsbot.health.field_counts`."""

    def test_required_fields_are_filled(self) -> None:
        settings = self.crawler.settings
        items = self.stat(COVERAGE_PREFIX)
        if not items and settings.getbool("SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM"):
            self.skipTest("No items were scraped.")
        tolerance = settings.getfloat("SPIDERMON_FIELD_COVERAGE_TOLERANCE", 0.0)
        failures = []
        for rule, expected in settings.getdict("SPIDERMON_FIELD_COVERAGE_RULES").items():
            field = rule.removeprefix("Article/")
            share = self.stat(coverage_key(field)) / items if items else 0.0
            if share < expected and not isclose(share, expected, abs_tol=tolerance):
                failures.append(f"{rule} (expected {expected}, got {share})")
        self.assertFalse(
            failures,
            "The following items did not meet field coverage rules: " + "; ".join(failures),
        )


@monitors.name("extraction")
@monitors.level.high
class ExtractionMonitor(NewsbotMonitor):
    """Article pages were fetched: some must have been stored (skipped posts, such as
    password-protected ones, are no sign of recognition, nor of its failure)."""

    def test_something_was_extracted(self) -> None:
        pages = self.stat(crawlstats.ARTICLE_PAGES)
        posts = self.stat(crawlstats.POSTS_LISTED)
        stored = self.stat(crawlstats.ITEMS_SCRAPED)
        refused = crawlstats.dropped(self.data.stats)
        skipped = crawlstats.skipped(self.data.stats)
        fetched = " and ".join(
            f"{count} {what}"
            for count, what in ((pages, "article pages"), (posts, "REST posts"))
            if count
        )
        example = self.data.stats.get(crawlstats.REFUSED_EXAMPLE)
        why = f" ({refused} refused, e.g. {example})" if refused and example else ""
        self.assertFalse(
            fetched and not stored and (refused or not skipped),
            f"{fetched} fetched but nothing extracted{why} (a site redesign?)",
        )


@monitors.name("recognition")
@monitors.level.high
class RecognitionMonitor(NewsbotMonitor):
    """The pages that came back look like the outlet's: not one page for every URL, listings
    that list articles, REST pages that hold the posts the API counts."""

    def test_not_the_same_page_for_every_url(self) -> None:
        urls = self.stat(crawlstats.SAME_PAGE_URLS)
        example = self.data.stats.get(crawlstats.SAME_PAGE_EXAMPLE, "")
        self.assertLess(
            urls,
            self.setting("SAME_PAGE_URLS"),
            f"the site answered the same page for {urls} different URLs (e.g. {example}): "
            "a parked domain, a wrong --base-url or a captcha wall?",
        )

    def test_listings_list_articles(self) -> None:
        empty = self.stat(crawlstats.EMPTY_LISTINGS)
        listings = self.stat(crawlstats.LISTINGS)
        self.assertLessEqual(
            empty,
            self.setting("MAX_EMPTY_LISTING_RATE") * listings,
            f"{empty} of {listings} feeds, sitemaps, listings or date archives answered with "
            "no article link newsbot recognises (a listing redesign?)",
        )

    def test_rest_pages_hold_the_posts_counted(self) -> None:
        announced = self.stat(crawlstats.POSTS_ANNOUNCED)
        self.assertFalse(
            announced and not self.stat(crawlstats.POSTS_LISTED),
            f"the REST API counted {announced} posts but its pages held none",
        )


@monitors.name("errors")
@monitors.level.high
class ErrorRateMonitor(NewsbotMonitor):
    """Errors stay under a share of the requests."""

    def test_errors_are_rare(self) -> None:
        errors = crawlstats.errors(self.data.stats)
        requests = max(self.stat(crawlstats.REQUESTS), 1)
        allowed = max(self.setting("MIN_ERRORS"), self.setting("MAX_ERROR_RATE") * requests)
        self.assertLessEqual(errors, allowed, f"{errors} errors in {requests} requests")


@monitors.name("answers")
@monitors.level.high
class AnswersMonitor(NewsbotMonitor):
    """The site answered at least one request besides robots.txt, when the run asked any."""

    def test_the_site_answered(self) -> None:
        if not self.stat(crawlstats.REQUESTS):
            return  # nothing was left to ask: a resumed backfill whose days were all done
        self.assertGreater(
            self.stat(crawlstats.ANSWERED), 0, "the site answered no request with a page"
        )


@monitors.name("deletions")
@monitors.level.high
class DeletionShareMonitor(NewsbotMonitor):
    """A sweep that finds an implausible share of the archive gone marked nothing: the site is
    failing (a broken API, a truncated sitemap), not the outlet deleting."""

    def test_no_implausible_share_missing(self) -> None:
        why = self.data.stats.get(crawlstats.SWEEP_IMPLAUSIBLE)
        self.assertFalse(why, str(why))


@monitors.name("sweep")
class SweepMonitor(NewsbotMonitor):
    """A sweep read the site's whole listing (else it decided nothing)."""

    def test_the_listing_was_read_whole(self) -> None:
        why = self.data.stats.get(crawlstats.SWEEP_INCOMPLETE)
        self.assertFalse(why, f"the sweep could not list the site: {why}")


@monitors.name("given up")
class GivenUpMonitor(NewsbotMonitor):
    """No request was given up after its retries or answered with something unusable."""

    def test_nothing_given_up(self) -> None:
        given_up = self.stat(crawlstats.FAILED_REQUESTS)
        self.assertEqual(given_up, 0, f"failed requests (after their retries): {given_up}")


@monitors.name("empty listings")
class EmptyListingMonitor(NewsbotMonitor):
    """Every feed, sitemap, listing and date archive that answered lists articles."""

    def test_no_listing_is_empty(self) -> None:
        empty = self.stat(crawlstats.EMPTY_LISTINGS)
        self.assertEqual(
            empty, 0, f"{empty} listing or archive pages answered with no article link"
        )


@monitors.name("extraction failures")
class ExtractionFailureMonitor(NewsbotMonitor):
    """Few fetched pages and posts fail to become articles or fail validation."""

    def test_few_pages_are_rejected(self) -> None:
        rejected = crawlstats.dropped(self.data.stats)
        seen = rejected + self.stat(crawlstats.ITEMS_SCRAPED)
        share = rejected / seen if seen else 0.0
        self.assertLessEqual(
            share,
            self.setting("MAX_REJECTED_RATE"),
            f"{rejected} of {seen} articles not extracted or invalid",
        )


@monitors.name("field coverage")
class CoverageDriftMonitor(NewsbotMonitor):
    """Categories, tags, photo credits and bylines appear about as often as in the archive."""

    def test_coverage_matches_history(self) -> None:
        items = self.stat(COVERAGE_PREFIX)
        if items < self.setting("MIN_ITEMS"):
            self.skipTest(f"only {items} articles: too few to judge coverage")
        history = int(self.stat(f"{HISTORY_PREFIX}articles"))
        floors = self.crawler.settings.getdict("NEWSBOT_HEALTH_EXPECTED_COVERAGE")
        drops = []
        for field in TRACKED_FIELDS:
            having = self.stat(coverage_key(field))
            before = int(self.stat(f"{HISTORY_PREFIX}{field}"))
            floor = float(floors[field]) if field in floors else None
            long_enough = history > 0 and history >= self.setting("MIN_HISTORY")
            usual = before / history if long_enough else None
            # The history sets the expected share when long enough and not below the floor.
            from_history = usual is not None and (floor is None or usual >= floor)
            expected = usual if from_history else floor
            if expected is None or having / items >= expected * (1 - self.setting("COVERAGE_DROP")):
                continue
            # The chance of so few by luck, beside the history (a sample too) when it set the share.
            chance = (
                lower_tail_beside(having, items, before, history)
                if from_history
                else lower_tail(having, items, expected)
            )
            if chance < self.setting("COVERAGE_SIGNIFICANCE"):
                drops.append(f"{field} on {having} of {items} articles (usually {expected:.0%})")
        self.assertFalse(drops, "; ".join(drops))


HEALTH_MONITORS: list[type[Monitor]] = [
    ExpectedFinishMonitor,
    RequiredFieldsMonitor,
    ExtractionMonitor,
    ErrorRateMonitor,
    AnswersMonitor,
    RecognitionMonitor,
    DeletionShareMonitor,
    GivenUpMonitor,
    SweepMonitor,
    EmptyListingMonitor,
    ExtractionFailureMonitor,
    CoverageDriftMonitor,
]
