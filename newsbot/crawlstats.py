"""The names of a crawl's stats and outcomes, defined once: every stage reads and writes them here.

Scrapy's own keys are named here too, so no stage spells a stats key as a string of its own.
"""

from __future__ import annotations

from typing import Any, Literal

# Scrapy's and spidermon's keys
ITEMS_SCRAPED = "item_scraped_count"
ITEMS_DROPPED = "item_dropped_count"
REQUESTS = "downloader/request_count"
RESPONSES = "downloader/response_count"
EXCEPTION_TYPE_PREFIX = "downloader/exception_type_count/"
ROBOTS_FORBIDDEN = "robotstxt/forbidden"
FINISH_REASON = "finish_reason"
COVERAGE_PREFIX = "spidermon_item_scraped_count/Article"
"""Field coverage, in spidermon's names: `…/Article` articles stored, `…/Article/<field>` of them
having the field (counted by `newsbot.health.field_counts`)."""

# newsbot's keys
SOURCE = "newsbot/source"
"""The source the run used: "rest" or "html"."""
ARTICLE_PAGES = "newsbot/article_pages"
NOT_ARTICLE = "newsbot/not_article"
"""Pages and posts that were fetched but are not articles (the page object said why)."""
FAILED_REQUESTS = "newsbot/failed_requests"
"""Requests the crawl gave up on, or whose answer was not what was asked for."""
ANSWERED = "newsbot/answered"
"""Answers the crawl read as what it asked for (404s of empty archives included), not robots.txt."""
LISTINGS = "newsbot/listings"
"""Feeds, sitemaps, listings and date archives that answered 200."""
EMPTY_LISTINGS = "newsbot/listings/empty"
"""Of those, the ones holding no article link (or feed entry) the site profile recognises."""
POSTS_ANNOUNCED = "newsbot/rest/announced"
"""Posts the REST API counted (`X-WP-Total`) for the run's queries."""
POSTS_LISTED = "newsbot/rest/posts"
"""Posts the REST pages held."""
REST_POSTS_MOVED = "newsbot/rest/moved"
"""Boundaries between two REST pages that do not share their post: posts moved while the pages
were read, so the span between them is left for the next run."""
SAME_PAGE_URLS = "newsbot/same_page/urls"
"""The most distinct URLs the site answered with one identical page."""
SAME_PAGE_EXAMPLE = "newsbot/same_page/example"
RETRIES_DUE = "newsbot/retries/due"
"""Failed article pages a run tried again."""
RETRIES_RECORDED = "newsbot/retries/recorded"
"""Article pages that failed in this run, recorded for later runs."""
RETRIES_GIVEN_UP = "newsbot/retries/given_up"
"""Article pages that failed once too often in this run: given up."""
PENDING = "newsbot/retries/pending"
"""Articles the archive holds no copy of yet, recorded for a later run (at the run's end)."""
REFUSED_EXAMPLE = "newsbot/refused/example"
"""Why the first page or post this run refused was refused."""
FUTURE_DATED = "newsbot/future_dated"
"""Articles stored with a publication or modification time past the run's clock."""
UNREACHABLE = "newsbot/unreachable"
"""Why the crawl stopped as `site_unreachable`, as a user would say it."""
NOT_WRITTEN = "newsbot/store/not_written"
"""Articles discarded because the archive had failed (the crawl was stopping)."""
SPIDER_EXCEPTIONS = "spider_exceptions/count"
DROPPED_PREFIX = "newsbot/dropped/"
"""Articles rejected by validation, by reason."""
SKIPPED_PREFIX = "newsbot/skipped/"
"""Posts the site publishes that are not for the archive, by reason: neither failures nor
drops."""
PROTECTED = "protected"
"""A skip reason: the post's text is behind a password."""
STORED_PREFIX = "newsbot/store/"
STORE_ERROR = "newsbot/store/error"
"""The archive's message when a write failed."""
HISTORY_PREFIX = "newsbot/history/"
"""The archive's field counts when the crawl opened."""
VERDICT = "newsbot/verdict"
REASONS = "newsbot/reasons"
RUN_ID = "newsbot/run_id"
DURATION = "newsbot/duration"
FIRST_RUN = "newsbot/first_run"
"""Set by the command when the archive held no article of the outlet before the run."""
BUSY = "newsbot/busy"
"""Set (to the holder's description) when another run holds the database."""
PROGRESS_TOTAL = "newsbot/progress/total"
PROGRESS_DONE = "newsbot/progress/done"
PROGRESS_UNIT = "newsbot/progress/unit"
RETRY_AFTER_COUNT = "newsbot/retry_after/count"
RETRY_AFTER_WAIT_MS = "newsbot/retry_after/wait_ms"
OFFSITE_REDIRECT_REFUSED = "newsbot/offsite_redirect_refused"
OFFSITE_REQUEST_REFUSED = "newsbot/offsite_request_refused"
ROBOTS_CUT = "newsbot/robots_txt_cut"

SWEEP_LISTED_SITE = "newsbot/sweep/listing"
"""Set when the run swept: listed every post the site still has (`--sweep`, or due)."""
SWEEP_LISTING_REQUESTS = "newsbot/sweep/requests/listing"
"""Requests the sweep's listing cost (REST id pages, or the sitemap index and posts sitemaps),
retries and redirects included, robots.txt not."""
SWEEP_ARTICLE_REQUESTS = "newsbot/sweep/requests/articles"
"""Requests for single articles: confirmations of suspects, fetches of revived ones and of
listed posts the archive lacks or holds older."""
SWEEP_LISTED = "newsbot/sweep/listed"
"""Posts the sweep's listing named."""
SWEEP_UNKNOWN = "newsbot/sweep/unknown"
"""Listed posts the archive does not hold."""
SWEEP_SUSPECTS = "newsbot/sweep/suspects"
"""Stored articles missing from the listing (or still unconfirmed from an earlier run)."""
SWEEP_DELETED = "newsbot/sweep/deleted"
"""Suspects confirmed gone and marked (any reason)."""
SWEEP_REASON_PREFIX = "newsbot/sweep/reason/"
SWEEP_ALIVE = "newsbot/sweep/alive"
"""Suspects that answered: still there."""
SWEEP_INCONCLUSIVE = "newsbot/sweep/inconclusive"
"""Suspects whose confirmation gave no definite answer (a 5xx, a timeout): left unmarked."""
SWEEP_REVIVED = "newsbot/sweep/revived"
"""Articles marked deleted that the listing holds again."""
SWEEP_FETCHED = "newsbot/sweep/fetched"
"""Posts a sweep found listed but not stored, or stored older than listed: fetched."""
REVIVED_ON_SAVE = "newsbot/store/revived"
"""Articles marked deleted that the crawl fetched and stored again."""
SWEEP_INCOMPLETE = "newsbot/sweep/incomplete"
"""Why the listing could not be read whole: nothing was decided from it."""
SWEEP_IMPLAUSIBLE = "newsbot/sweep/implausible"
"""Why the sweep marked nothing: too many stored articles missing at once."""

# Outcomes
SaveOutcome = Literal["new", "updated", "unchanged", "duplicate"]
SAVE_OUTCOMES: tuple[SaveOutcome, ...] = ("new", "updated", "unchanged", "duplicate")
"""What storing one article did."""

Verdict = Literal["ok", "degraded", "failed", "interrupted"]
VERDICT_COLOURS = {
    "ok": "#2e7d32",
    "degraded": "#f9a825",
    "failed": "#c62828",
    "interrupted": "#6a1b9a",
    "none": "#9e9e9e",
}
"""Each verdict's colour in charts and plots (a run without one: `none`), in stacking order."""

FINISHED = "finished"
SHUTDOWN = "shutdown"
"""Scrapy's finish reason for a crawl stopped by SIGINT or SIGTERM: verdict `interrupted`."""
ARCHIVE_ERROR = "archive_error"
"""The finish reason of a crawl stopped because the archive failed."""
SITE_UNREACHABLE = "site_unreachable"
"""The finish reason of a crawl stopped because the site stopped answering."""
BUSY_REASON = "busy"
"""The finish reason of a crawl that found its database held by another run."""
NO_CONTACT_REASON = "no_contact"
"""The finish reason of a crawl of the outlet's own host that names no contact (or a bad one)."""


def stored(outcome: SaveOutcome) -> str:
    """The stats key counting articles stored with `outcome`."""
    return f"{STORED_PREFIX}{outcome}"


def coverage_key(field: str) -> str:
    """The stats key counting stored articles that carry `field`."""
    return f"{COVERAGE_PREFIX}/{field}"


def skipped_key(reason: str) -> str:
    """The stats key counting posts skipped for `reason`."""
    return f"{SKIPPED_PREFIX}{reason}"


def count(stats: dict[str, Any], key: str) -> int:
    """A counter of the stats, 0 when unset."""
    return int(stats.get(key) or 0)


def skipped(stats: dict[str, Any]) -> int:
    """Posts a run skipped, whatever the reason."""
    return sum(int(value or 0) for key, value in stats.items() if key.startswith(SKIPPED_PREFIX))


def dropped(stats: dict[str, Any]) -> int:
    """Articles a run fetched but did not store: not articles, or rejected by validation (not
    those discarded because the archive failed)."""
    return count(stats, ITEMS_DROPPED) + count(stats, NOT_ARTICLE) - count(stats, NOT_WRITTEN)


def errors(stats: dict[str, Any]) -> int:
    """A run's errors: each request given up after its retries once, and every exception in the
    crawl's own code."""
    return count(stats, FAILED_REQUESTS) + count(stats, SPIDER_EXCEPTIONS)


def sweep_record(stats: dict[str, Any]) -> dict[str, int] | None:
    """What the run's sweep (or its confirmations of earlier suspects) did, None when it did
    nothing: requests, suspects, deleted, revived and the rest (`runs.sweep`)."""
    listing = count(stats, SWEEP_LISTING_REQUESTS)
    articles = count(stats, SWEEP_ARTICLE_REQUESTS)
    revived = count(stats, SWEEP_REVIVED) + count(stats, REVIVED_ON_SAVE)
    if not (stats.get(SWEEP_LISTED_SITE) or listing or articles or revived):
        return None
    return {
        "requests": listing + articles,
        "listing_requests": listing,
        "article_requests": articles,
        "listed": count(stats, SWEEP_LISTED),
        "suspects": count(stats, SWEEP_SUSPECTS),
        "deleted": count(stats, SWEEP_DELETED),
        "alive": count(stats, SWEEP_ALIVE),
        "inconclusive": count(stats, SWEEP_INCONCLUSIVE),
        "revived": revived,
        "fetched": count(stats, SWEEP_FETCHED),
    }
