"""Scrapy settings of the newsbot project: polite, safe defaults (DESIGN §4).

Each setting a run may be given with `-s` is annotated with what it takes (`Kind`); a Scrapy
setting checked but left at Scrapy's default is annotated without a value.
"""

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any

from newsbot.contact import checked_contact


@dataclass(frozen=True)
class Kind:
    """What a setting takes: in words, and the conversion of a command-line string to it."""

    words: str
    convert: Callable[[str], object]


def number(minimum: float, maximum: float, *, whole: bool = False) -> Kind:
    def convert(text: str) -> object:
        value: float = int(text) if whole else float(text)
        if not (math.isfinite(value) and minimum <= value <= maximum):
            raise ValueError(text)
        return value

    top = str(int(maximum)) if maximum == int(maximum) else f"{maximum:g}"
    return Kind(f"{'a whole number' if whole else 'a number'} from {minimum:g} to {top}", convert)


def _choice(text: str, spelled: dict[str, Any]) -> Any:
    if text.strip().lower() not in spelled:
        raise ValueError(text)
    return spelled[text.strip().lower()]


def _names(text: str) -> list[str]:
    return [name.strip() for name in text.split(",") if name.strip()]


def _statuses(text: str) -> list[int]:
    codes = [int(code) for code in _names(text)]
    if not all(100 <= code <= 599 for code in codes):
        raise ValueError(text)
    return codes


def _json_object(text: str) -> dict[str, Any]:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise ValueError(text)
    return value


largest_count = 2**63 - 1  # the largest whole number SQLite stores
longest_timer = 2_000_000.0  # seconds: the event loop's and SQLite's longest wait
ten_years = 3653 * 86400.0  # seconds: the longest span a run looks back or ahead over
booleans = {"1": True, "true": True, "0": False, "false": False}
levels = {name.lower(): name for name in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")}

Seconds = Annotated[float, number(0, longest_timer)]
Timeout = Annotated[float, number(0.001, longest_timer)]
Span = Annotated[float, number(0, ten_years)]
Count = Annotated[int, number(0, largest_count, whole=True)]
AtLeastOne = Annotated[int, number(1, largest_count, whole=True)]
Share = Annotated[float, number(0, 1)]
Boolean = Annotated[bool, Kind("true or false (1 or 0)", lambda text: _choice(text, booleans))]
Names = Annotated[list[str], Kind("names separated by commas", _names)]
Statuses = Annotated[list[int], Kind("HTTP status codes separated by commas", _statuses)]
JsonObject = Annotated[dict[str, Any], Kind('a JSON object, e.g. {"x": 1}', _json_object)]
LogLevel = Annotated[
    str, Kind(f"one of {', '.join(levels.values())}", lambda x: _choice(x, levels))
]
Contact = Annotated[str, Kind("an http(s) URL or an e-mail address", checked_contact)]

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"

# The User-Agent is `newsbot/<version> (+NEWSBOT_CONTACT)`, set by the add-on below: the contact
# (an http(s) URL or an e-mail address; the environment variable works too) of whoever runs the
# crawl. A crawl of the outlet's own host refuses to start without one; loopback copies need none.
NEWSBOT_CONTACT: Contact = ""
ADDONS = {"newsbot.contact.ContactUserAgent": 0}
ROBOTSTXT_OBEY: Boolean = True

CONCURRENT_REQUESTS: AtLeastOne = 2
CONCURRENT_REQUESTS_PER_DOMAIN: AtLeastOne = 2
CONCURRENT_ITEMS: AtLeastOne
DOWNLOAD_DELAY: Seconds = 0.5
RANDOMIZE_DOWNLOAD_DELAY: Boolean
AUTOTHROTTLE_ENABLED: Boolean = True
AUTOTHROTTLE_DEBUG: Boolean
AUTOTHROTTLE_START_DELAY: Seconds = 0.5
AUTOTHROTTLE_MAX_DELAY: Seconds = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY: Annotated[float, number(0.01, largest_count)] = 1.0

RETRY_ENABLED: Boolean = True
RETRY_TIMES: Count = 5
RETRY_HTTP_CODES: Statuses = [500, 502, 503, 504, 522, 524, 408, 429]
# A request given up gets one error line, the crawl's own ("Giving up on …"); Scrapy's is DEBUG.
RETRY_GIVE_UP_LOG_LEVEL: LogLevel = "DEBUG"
DOWNLOAD_TIMEOUT: Timeout = 30
DNS_TIMEOUT: Timeout
DOWNLOAD_MAXSIZE: Count = 16 * 1024 * 1024
# robots.txt is read up to 500 KiB (RFC 9309 §2.5), cut after its last whole line there; a
# sitemap larger than NEWSBOT_SITEMAP_MAXSIZE bytes (uncompressed) is not downloaded.
NEWSBOT_ROBOTSTXT_MAXSIZE: Annotated[int, number(500 * 1024, 2**31, whole=True)] = 500 * 1024
NEWSBOT_SITEMAP_MAXSIZE: Annotated[int, number(1024, 2**31, whole=True)] = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE: Count = 4 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS: Boolean = True

DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
# Resolves IPv6 as well as IPv4 (Scrapy's default is IPv4 only): a base URL such as
# http://[::1]:8000/ or a mirror with only an AAAA record.
TWISTED_DNS_RESOLVER = "scrapy.resolver.CachingHostnameResolver"
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
COOKIES_ENABLED: Boolean = False
REDIRECT_ENABLED: Boolean
REDIRECT_MAX_TIMES: Count
HTTPCACHE_ENABLED: Boolean
CLOSESPIDER_PAGECOUNT: Count
CLOSESPIDER_ITEMCOUNT: Count
CLOSESPIDER_ERRORCOUNT: Count
CLOSESPIDER_TIMEOUT: Seconds
DEPTH_LIMIT: Count
MEMUSAGE_LIMIT_MB: Count

# The archive (pipelines/store): the SQLite file, how many saves (more in a backfill) or seconds
# make one transaction, and how long a write waits for another writer before giving up.
NEWSBOT_DB = "data/newsbot.db"
NEWSBOT_DB_BATCH_SIZE: AtLeastOne = 200
NEWSBOT_DB_FLUSH_SECONDS: Seconds = 2.0
NEWSBOT_DB_BUSY_TIMEOUT: Seconds = 30.0

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL: LogLevel = "INFO"
LOG_ENABLED: Boolean

# The outlet: a site profile of newsbot.sites (or the dotted name of a module defining PROFILE).
NEWSBOT_SITE = "arbuz"
# Where pages are fetched from: the live site, a mirror, a cache or the offline replica
# (empty: the outlet's own site, https://<its host>).
NEWSBOT_BASE_URL = ""
# REST incremental runs re-read this many seconds before the end of what earlier runs covered.
NEWSBOT_WATERMARK_OVERLAP: Span = 600
# HTML incremental runs read the newest this many posts sitemaps (2,000 posts each) for new and
# edited articles; 0 reads them all (a sweep for edits of old articles). A first run reads all.
NEWSBOT_INCREMENTAL_SITEMAPS: Count = 2
# The most pages a walk reads: one REST window, a day archive or the listings from the newest,
# whatever totals or next links the site prints (a walk also ends at an empty or repeated page).
NEWSBOT_MAX_PAGES: AtLeastOne = 10_000
# Without sitemap lastmod, articles this many days old are re-fetched conditionally for edits.
NEWSBOT_REVISIT_DAYS: Annotated[float, number(0, ten_years / 86400)] = 2
NEWSBOT_RETRY_AFTER_STATUSES: Statuses = [429, 503]
NEWSBOT_RETRY_AFTER_MAX: Seconds = 300
# Requests in a row that give up on a refused connection before the crawl stops (site gone).
NEWSBOT_UNREACHABLE_AFTER: AtLeastOne = 5
# Until the site has answered once, a request waits this many seconds for its answer (not
# DOWNLOAD_TIMEOUT); when requests time out and nothing has come back for NEWSBOT_SILENCE_LIMIT
# seconds, the crawl stops (site unreachable). A slow site that answers is never stopped.
NEWSBOT_FIRST_ANSWER_TIMEOUT: Timeout = 10
NEWSBOT_SILENCE_LIMIT: Seconds = 40
# An article page that could not be fetched or extracted is recorded (`failed_articles`) and
# tried again by later runs: the n-th failure waits NEWSBOT_ARTICLE_RETRY_MINUTES × 2^(n-1),
# and after NEWSBOT_ARTICLE_RETRY_ATTEMPTS failures the page is given up (`newsbot stats`).
NEWSBOT_ARTICLE_RETRY_MINUTES: Annotated[float, number(0, ten_years / 60)] = 10
NEWSBOT_ARTICLE_RETRY_ATTEMPTS: AtLeastOne = 8
# Deletions (`newsbot crawl --sweep`): an incremental run also lists every post the site still
# has when the last such sweep is NEWSBOT_SWEEP_EVERY_HOURS old (0: only with --sweep; the clock
# starts at the first run). A listing that leaves out more than NEWSBOT_SWEEP_MAX_MISSING_SHARE
# of the live stored articles (and more than NEWSBOT_SWEEP_MIN_MISSING) marks nothing and fails
# the run: that is the site failing, not the outlet deleting.
NEWSBOT_SWEEP_EVERY_HOURS: Annotated[float, number(0, ten_years / 3600)] = 24
NEWSBOT_SWEEP_MAX_MISSING_SHARE: Share = 0.2
NEWSBOT_SWEEP_MIN_MISSING: Count = 5

DOWNLOADER_MIDDLEWARES = {
    "newsbot.middlewares.halt.HaltOnArchiveError": 50,
    "newsbot.middlewares.site_only.SiteOnlyRequests": 60,
    "newsbot.middlewares.size_caps.SizeCaps": 70,
    "newsbot.middlewares.site_gone.StopWhenUnreachable": 540,
    "newsbot.middlewares.retry_after.RetryAfterMiddleware": 560,
    "newsbot.middlewares.silence.StopWhenSilent": 570,
    "newsbot.middlewares.same_page.SamePageDetector": 580,
    "newsbot.middlewares.site_only.SiteOnlyRedirectMiddleware": 650,
}
SPIDER_MIDDLEWARES = {"newsbot.middlewares.halt.StopOnArchiveError": 10}
ITEM_PIPELINES = {
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.store.StorePipeline": 800,
}
EXTENSIONS = {
    # One run at a time per database (NEWSBOT_DB + ".lock"): a crawl that finds another one
    # running ends at once with finish reason "busy".
    "newsbot.runlock.SingleRun": 400,
    "newsbot.health.report.ConciseMonitorReport": 485,
    "newsbot.health.field_counts.FieldCounts": 488,
    "spidermon.contrib.scrapy.extensions.Spidermon": 490,
    "newsbot.extensions.runlog.RunRecorder": 500,
    "newsbot.extensions.progress.ProgressDisplay": 510,
}
NEWSBOT_PROGRESS: Boolean = False
NEWSBOT_PROGRESS_INTERVAL: Annotated[float, number(0.01, longest_timer)] = 0.5
LOG_FORMATTER = "newsbot.extensions.logformatter.ConciseLogFormatter"

# Health (DESIGN §8): spidermon runs newsbot.health.suite.HealthSuite when a crawl closes; its
# HIGH-level monitors fail the run, the others degrade it. The verdict goes to `runs` and the
# exit code.
SPIDERMON_ENABLED: Boolean = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["newsbot.health.suite.HealthSuite"]
SPIDERMON_EXPECTED_FINISH_REASONS: Names = ["finished"]
# Field coverage is counted by newsbot.health.field_counts (spidermon's own counting takes an
# empty field for a present one): keep this off.
SPIDERMON_ADD_FIELD_COVERAGE = False
SPIDERMON_FIELD_COVERAGE_SKIP_IF_NO_ITEM = True
SPIDERMON_FIELD_COVERAGE_RULES = {
    "Article/title": 1.0,
    "Article/published_at": 1.0,
    "Article/paragraphs": 1.0,
    "Article/url": 1.0,
}
# Errors allowed whatever the run's size, and the share of requests above which the run fails.
NEWSBOT_HEALTH_MIN_ERRORS: Annotated[float, number(0, largest_count)] = 3
NEWSBOT_HEALTH_MAX_ERROR_RATE: Share = 0.05
# The share of pages and posts that may fail extraction or validation before the run is degraded.
NEWSBOT_HEALTH_MAX_REJECTED_RATE: Share = 0.05
# The run fails when this many different URLs answered one identical page (a parked domain, a
# wrong base URL, a captcha wall), or when more than this share of the feeds, sitemaps, listings
# and date archives that answered held no article link (any one degrades the run).
NEWSBOT_HEALTH_SAME_PAGE_URLS: AtLeastOne = 3
NEWSBOT_HEALTH_MAX_EMPTY_LISTING_RATE: Share = 0.5
# Coverage of categories, tags, photo credits and bylines is judged against the archive's history
# (once it holds MIN_HISTORY articles) on runs of at least MIN_ITEMS articles: a drop of more than
# COVERAGE_DROP of the usual share that luck explains with less than COVERAGE_SIGNIFICANCE degrades.
NEWSBOT_HEALTH_MIN_ITEMS: Annotated[float, number(0, largest_count)] = 5
NEWSBOT_HEALTH_MIN_HISTORY: Annotated[float, number(0, largest_count)] = 50
NEWSBOT_HEALTH_COVERAGE_DROP: Share = 0.5
NEWSBOT_HEALTH_COVERAGE_SIGNIFICANCE: Share = 0.001
# Shares expected whatever the history says: every WordPress post has a category.
NEWSBOT_HEALTH_EXPECTED_COVERAGE: JsonObject = {"categories": 0.95}
# Spidermon actions run when a monitor fails, off by default. Telegram:
#   ["spidermon.contrib.actions.telegram.notifiers.SendTelegramMessageSpiderFinished"]
#   with SPIDERMON_TELEGRAM_SENDER_TOKEN and SPIDERMON_TELEGRAM_RECIPIENTS; e-mail:
#   ["spidermon.contrib.actions.email.smtp.SendSmtpEmail"] with SPIDERMON_SMTP_* and
#   SPIDERMON_EMAIL_* settings.
NEWSBOT_ALERT_ACTIONS: Names = []
