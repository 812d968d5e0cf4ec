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
COOKIES_ENABLED = False

ITEM_PIPELINES = {
    "pipelines.store.StorePipeline": 800,
}

# The archive (pipelines/store): the SQLite file, how many saves or seconds make one transaction,
# and how long a write waits for another writer before giving up.
NEWSBOT_DB = "data/newsbot.db"
NEWSBOT_DB_BATCH_SIZE = 200
NEWSBOT_DB_FLUSH_SECONDS = 2.0
NEWSBOT_DB_BUSY_TIMEOUT = 30.0

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
