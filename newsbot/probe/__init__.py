"""`newsbot probe`: a few polite requests that say what the site offers and whether newsbot can
read it, and the source and settings to crawl it with."""

from newsbot.probe.report import ProbeReport, report_lines
from newsbot.probe.run import (
    Outcome,
    ProbeSettingError,
    outcome_of,
    probe_settings,
    quiet_loggers,
)
from newsbot.probe.spider import ProbeSpider, SiteUnreachable

__all__ = [
    "Outcome",
    "ProbeReport",
    "ProbeSettingError",
    "ProbeSpider",
    "SiteUnreachable",
    "outcome_of",
    "probe_settings",
    "quiet_loggers",
    "report_lines",
]
