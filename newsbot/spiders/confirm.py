"""Confirming a suspect: one request for the article itself, and only a definite answer counts.

REST: the post's route (`/wp-json/wp/v2/posts/ID?_embed=1`): WordPress's 404/410 JSON error is a
deletion, its 401/403 an unpublished post (trash, draft, private), the post itself alive (and
stored again). HTML: the article's page: 404/410 gone, a redirect to the home page or to another
article a replacement, the article itself (at its URL or, renamed, at another) alive. Anything
else — a 5xx or timeout after the retries, a page that is no article, a REST 404 that is not
WordPress's JSON — changes nothing: the suspect stays for a later run.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from newsbot import crawlstats
from newsbot.crawl.sweeping import GONE_STATUSES, Answer, page_answer, rest_answer
from newsbot.crawl.urls import REST_ERROR_STATUSES
from newsbot.items import Article
from newsbot.normalize import canonical_url
from newsbot.pages import Incomplete, NotAnArticle, ProtectedPost, RestPost, rest_posts
from newsbot.spiders.assembly import ArticleAssembler
from newsbot.spiders.context import CrawlContext
from pipelines.store import StoredArticle
from pipelines.store.deletions import Suspect

logger = logging.getLogger(__name__)

SUSPECT = "newsbot_suspect"
"""The request meta key of the suspect (and its stored article) a confirmation is about."""


class Confirmations:
    """Asks the site about each suspect and records what a definite answer says."""

    def __init__(self, crawl: CrawlContext, assembler: ArticleAssembler) -> None:
        self.crawl = crawl
        self.assembler = assembler
        self.tombstones = crawl.archive.tombstones
        self.home = canonical_url(crawl.urls.outlet(crawl.urls.home()), crawl.profile)

    def requests(self, suspects: list[Suspect]) -> Iterator[Request]:
        urls = self.crawl.urls
        for suspect in suspects:
            stored = self.crawl.archive.get(suspect.article_id)
            if stored is None:
                continue
            post_id = stored.article.post_id
            ask = partial(
                self.crawl.request,
                meta={SUSPECT: (suspect, stored)},
                errback=self.failed,
                cost=crawlstats.SWEEP_ARTICLE_REQUESTS,
            )
            if suspect.source == "rest" and post_id is not None:
                yield ask(urls.rest_post(post_id), self.parse_route, statuses=REST_ERROR_STATUSES)
            else:
                yield ask(urls.fetch(stored.article.url), self.parse_page, statuses=GONE_STATUSES)

    def parse_route(self, response: Response) -> Iterator[Article | Request]:
        suspect, stored = self._answered(response)
        post_id = stored.article.post_id
        assert post_id is not None
        answer = rest_answer(response.status, response.body, post_id)
        if answer == "alive":
            try:
                (post,) = rest_posts(response.body)
                article = RestPost(self.crawl.profile, post).to_article()
            except (NotAnArticle, ProtectedPost, ValueError) as error:
                logger.info("Not storing %s again: %s", response.url, error)
            else:
                yield self.crawl.item(article, response, own_page=False)
        self.settle(suspect, stored, answer, _evidence(response))

    def parse_page(self, response: Response) -> Iterator[Article | Request]:
        suspect, stored = self._answered(response)
        redirected = bool(response.meta.get("redirect_urls"))
        final = canonical_url(self.crawl.urls.outlet(response.url), self.crawl.profile)
        home = final == self.home
        same: bool | None = None
        page = None
        if response.status == 200 and not (redirected and home):
            page = self.assembler.article_page(response)
            try:
                article = page.to_article()
            except ProtectedPost:
                same, page = True, None
            except Incomplete as lacking:  # the page is the article all the same
                same = _same_article(lacking.partial, stored)
            except NotAnArticle:
                page = None
            else:
                same = _same_article(article, stored)
        answer = page_answer(response.status, redirected, home, same)
        if answer == "alive" and page is not None:
            yield from self.assembler.first_page(page, response)
        where = "the home page" if home else "another article" if answer == "redirected" else ""
        evidence = _evidence(response) + (f", redirected to {where}: {final}" if where else "")
        self.settle(suspect, stored, answer, evidence)

    def _answered(self, response: Response) -> tuple[Suspect, StoredArticle]:
        self.crawl.answered()
        suspect, stored = response.meta[SUSPECT]
        return suspect, stored

    def failed(self, failure: Failure) -> None:
        """No answer after the retries (or an error status): nothing definite."""
        why = given_up(self.crawl, failure)
        if why is None:
            return
        request = failure.request  # type: ignore[attr-defined]
        suspect, stored = request.meta[SUSPECT]
        self.settle(suspect, stored, None, f"{why} at {urlsplit(request.url).path}")

    def settle(
        self, suspect: Suspect, stored: StoredArticle, answer: Answer, evidence: str
    ) -> None:
        """Record what the answer says: alive, gone for a reason, or nothing definite."""
        stats = self.crawl.stats
        url = stored.article.url
        if answer not in (None, "alive") and self._saved_meanwhile(stored):
            # Stored since it was asked about (under another URL): its old URL's answer is moot.
            answer, evidence = "alive", f"{evidence}, stored again in this run"
        if suspect.gone_as is not None and answer in (None, "alive", suspect.gone_as):
            # Marked deleted already: only another reason is news (alive revives on saving).
            logger.info("Looked at again: %s: %s (%s)", url, answer or "no answer", evidence)
            return
        if answer == "alive":
            stats.inc_value(crawlstats.SWEEP_ALIVE)
            logger.info("Still on the site: %s (%s)", url, evidence)
            self.crawl.write(lambda: self.tombstones.alive(suspect.article_id))
        elif answer is None:
            stats.inc_value(crawlstats.SWEEP_INCONCLUSIVE)
            logger.warning("Not marked deleted (no definite answer): %s: %s", url, evidence)
            again = replace(suspect, checks=suspect.checks + 1, last_answer=evidence)
            self.crawl.write(lambda: self.tombstones.inconclusive(again))
        else:
            reason: str = answer
            stats.inc_value(crawlstats.SWEEP_DELETED)
            stats.inc_value(f"{crawlstats.SWEEP_REASON_PREFIX}{reason}")
            logger.warning(
                "Marked %s: %s (first missed %s; %s)",
                reason,
                url,
                suspect.first_missed_at,
                evidence,
            )
            self.crawl.write(
                lambda: self.tombstones.mark(
                    suspect.article_id, reason, evidence, suspect.first_missed_at
                )
            )

    def _saved_meanwhile(self, stored: StoredArticle) -> bool:
        """Whether the article was saved since `stored` was read (e.g. found at a new URL)."""
        now = self.crawl.archive.get(stored.article_id)
        return now is not None and now.last_seen_at != stored.last_seen_at


def given_up(crawl: CrawlContext, failure: Failure) -> str | None:
    """A sweep's request given up: the failure counted and said; why it failed, or None while
    the crawl stops for a failed archive."""
    request = failure.request  # type: ignore[attr-defined]
    if crawl.halted:
        return None
    why = failure.getErrorMessage()
    if isinstance(failure.value, HttpError):  # answered with an error status
        why = f"HTTP {failure.value.response.status} after the retries"
    crawl.stats.inc_value(crawlstats.FAILED_REQUESTS)
    logger.error("Giving up on %s: %s", request.url, why)
    return why


def _evidence(response: Response) -> str:
    path = urlsplit(response.url).path
    first = (response.meta.get("redirect_urls") or [response.url])[0]
    return f"HTTP {response.status} at {urlsplit(first).path or path}"


def _same_article(article: Article, stored: StoredArticle) -> bool | None:
    """Whether a page holds the stored article: the same post id, else the same URL; None
    when neither says."""
    if article.post_id is not None and stored.article.post_id is not None:
        return article.post_id == stored.article.post_id
    return True if article.url == stored.article.url else None
