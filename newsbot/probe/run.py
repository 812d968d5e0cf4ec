"""The probe's settings (the crawl's politeness, nothing that opens the archive), and what its
finished crawl got."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING

from scrapy.settings import Settings

from newsbot import settings as project_settings
from newsbot.crawl.dates import today
from newsbot.probe.advice import recommend
from newsbot.probe.findings import read_findings
from newsbot.probe.report import ProbeReport
from newsbot.probe.spider import ProbeSpider, SiteUnreachable
from newsbot.sites import SiteProfile

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

QUIET_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.downloadermiddlewares.retry")
"""What the probe reports itself (robots.txt or a request that got no answer), not as log lines."""


FIXED = {
    "ITEM_PIPELINES": {},
    "EXTENSIONS": {},
    "SPIDERMON_ENABLED": False,
    "LOG_INSTALL_ROOT_HANDLER": False,
    "STATS_DUMP": False,
}
"""What no `-s` changes: nothing opens the archive, logging is the command's."""
DEFAULTS = {"RETRY_TIMES": 1, "LOG_LEVEL": "ERROR"}
"""What the probe changes of the crawl's settings, unless `-s` says otherwise."""
FIXED_PRIORITY = 50
"""Above the command line's (40)."""


class ProbeSettingError(ValueError):
    """A `-s` setting the probe sets itself."""


def probe_settings(
    profile: SiteProfile, base_url: str, timeout: float, overrides: Mapping[str, object]
) -> Settings:
    """The crawl's settings (robots.txt, User-Agent, delays, redirects, size limits), one retry
    and `timeout` seconds per answer, then `overrides` (`-s`); never a pipeline, the run log,
    the run lock or the health monitors, so nothing opens the archive."""
    fixed = {**FIXED, "NEWSBOT_SITE": profile.key, "NEWSBOT_BASE_URL": base_url}
    named = sorted(set(overrides) & set(fixed))
    if named:
        raise ProbeSettingError(f"-s {named[0]}: the probe sets it itself (see --help)")
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict({**DEFAULTS, "DOWNLOAD_TIMEOUT": timeout, **overrides}, priority="cmdline")
    settings.setdict(fixed, priority=FIXED_PRIORITY)
    return settings


def outcome_of(crawler: Crawler, profile: SiteProfile) -> ProbeReport | SiteUnreachable:
    """The report, or why the site could not be probed; an error of the probe itself is raised
    again."""
    spider = crawler.spider
    assert isinstance(spider, ProbeSpider)
    if spider.failure is not None:
        raise spider.failure
    if spider.unreachable is not None:
        return spider.unreachable
    user_agent = str(crawler.settings.get("USER_AGENT"))
    day = today(profile.zone)
    findings = read_findings(spider.probed, spider.urls, user_agent, spider.sent, day)
    return ProbeReport(findings, recommend(findings, profile))


def quiet_loggers() -> None:
    """Leave to the report what it says itself."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.CRITICAL)
