"""`newsbot probe`: first contact with a site before the first crawl."""

from __future__ import annotations

import json

import click
from scrapy.crawler import CrawlerProcess

from newsbot.cli.contact import contact_option, offline_hint, with_contact
from newsbot.cli.crawl import settings_option
from newsbot.cli.logs import configure_logging
from newsbot.cli.options import Exit, FiniteRange, base_url_option, fail, site_option
from newsbot.cli.overrides import parse_pairs, typed_settings, unknown_names
from newsbot.cli.runner import UNREACHABLE_ERRORS
from newsbot.probe.report import report_lines
from newsbot.probe.run import outcome_of, probe_settings, quiet_loggers
from newsbot.probe.spider import ProbeSpider, SiteUnreachable
from newsbot.sites import SiteProfile


@click.command("probe")
@site_option
@base_url_option
@contact_option
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--timeout",
    type=FiniteRange(min=0.1, max=600),
    default=15.0,
    help="Seconds to wait for each answer (one retry).",
)
@settings_option
def probe_command(
    profile: SiteProfile,
    base_url: str | None,
    contact: str,
    as_json: bool,
    timeout: float,
    overrides: tuple[str, ...],
) -> None:
    """Ask the site what it offers and whether newsbot can read it, in at most 10 requests
    besides robots.txt (obeyed), and recommend the source to crawl it with. Nothing is stored.

    Exits 1 when no recent article can be extracted, 3 when the site cannot be reached or
    robots.txt forbids everything.

    \b
    Examples:
      newsbot probe --contact ops@example.org
      newsbot probe --base-url http://127.0.0.1:8000 --json
    """
    base = base_url or profile.base_url
    pairs = parse_pairs(overrides)
    settings = probe_settings(profile, base, timeout, typed_settings(pairs))
    for line in unknown_names(pairs):
        click.echo(f"Warning: {line}", err=True)
    settings = with_contact(settings, contact)
    process = CrawlerProcess(settings)
    configure_logging(settings)
    quiet_loggers()
    crawler = process.create_crawler(ProbeSpider)
    process.crawl(crawler)
    process.start()
    report = outcome_of(crawler, profile)
    if isinstance(report, SiteUnreachable):
        name = type(report.error).__name__
        reason = UNREACHABLE_ERRORS.get(name) or str(report.error) or name
        fail(Exit.SITE_UNREACHABLE, f"cannot probe {base}: {reason}{offline_hint(base, profile)}")
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=2))
    else:
        for line in report_lines(report):
            click.echo(line)
    if report.forbidden_everything:
        fail(Exit.SITE_UNREACHABLE, f"the robots.txt of {base} forbids every page newsbot reads")
    if not report.recommendation.extractable:
        fail(Exit.FAILED, f"no recent article of {base} could be extracted")
