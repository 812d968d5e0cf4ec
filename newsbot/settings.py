"""Scrapy settings of the newsbot project: polite, safe defaults (DESIGN §4)."""

from newsbot.site import ARBUZ

BOT_NAME = "newsbot"
SPIDER_MODULES = ["newsbot.spiders"]
NEWSPIDER_MODULE = "newsbot.spiders"

USER_AGENT = f"newsbot/0.1 (+{ARBUZ.contact_url})"
ROBOTSTXT_OBEY = True

CONCURRENT_REQUESTS = 2
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

RETRY_ENABLED = True
RETRY_TIMES = 5
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
DOWNLOAD_FAIL_ON_DATALOSS = True

DOWNLOAD_HANDLERS = {"file": None, "data": None, "s3": None, "ftp": None}
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False
COOKIES_ENABLED = False

# The archive (pipelines/store): the SQLite file, how many saves or seconds make one transaction,
# and how long a write waits for another writer before giving up.
NEWSBOT_DB = "data/newsbot.db"
NEWSBOT_DB_BATCH_SIZE = 200
NEWSBOT_DB_FLUSH_SECONDS = 2.0
NEWSBOT_DB_BUSY_TIMEOUT = 30.0

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# Where pages are fetched from: the live site, a mirror, a cache or the offline replica.
NEWSBOT_BASE_URL = ARBUZ.base_url
# Incremental runs re-read this many seconds before the newest stored modification.
NEWSBOT_WATERMARK_OVERLAP = 600
# Without sitemap lastmod, articles this many days old are re-fetched conditionally for edits.
NEWSBOT_REVISIT_DAYS = 2
NEWSBOT_RETRY_AFTER_STATUSES = [429, 503]
NEWSBOT_RETRY_AFTER_MAX = 300

DOWNLOADER_MIDDLEWARES = {
    "newsbot.middlewares.retry_after.RetryAfterMiddleware": 560,
    "newsbot.middlewares.site_only.SiteOnlyRedirectMiddleware": 650,
}
ITEM_PIPELINES = {
    "pipelines.normalize.NormalizePipeline": 100,
    "pipelines.validate.ValidatePipeline": 200,
    "pipelines.store.StorePipeline": 800,
}
EXTENSIONS = {
    "newsbot.extensions.runlog.RunLog": 500,
    "newsbot.extensions.progress.ProgressDisplay": 510,
}
NEWSBOT_PROGRESS = False
LOG_FORMATTER = "newsbot.logformatter.ConciseLogFormatter"
