"""What a deletion sweep decides, as pure functions: when it is due, which stored articles a
complete listing left out or lists again, whether that many missing is plausible, and what an
answer about one article says (DESIGN §5: never a deletion on absence or a temporary error)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any, Literal

from newsbot.normalize import first_instant, from_utc_iso
from pipelines.store.deletions import Presence, Reason

SWEEP_STATE = "sweep:last"
"""crawl_state: when the last sweep listed the whole site (UTC ISO)."""

Answer = Reason | Literal["alive"] | None
"""What one answer says about a suspect: a reason it is gone, alive, or nothing definite."""

GONE_STATUSES = frozenset({404, 410})
FORBIDDEN_STATUSES = frozenset({401, 403})


@dataclass(frozen=True)
class SweepPolicy:
    """When an incremental run sweeps, and how much missing it takes for the site failing."""

    every: timedelta | None
    """An incremental run sweeps when the last sweep is older than this; None: only when
    asked (`--sweep`)."""
    max_missing_share: float
    """More than this share of the live stored articles missing at once is the site failing,
    not the outlet deleting (unless they are at most `min_missing`)."""
    min_missing: int
    max_pages: int = 10_000
    """The most REST listing pages read, whatever the site announces."""

    @classmethod
    def from_settings(cls, settings: Any) -> SweepPolicy:
        """`NEWSBOT_SWEEP_EVERY_HOURS` (0: only when asked), `NEWSBOT_SWEEP_MAX_MISSING_SHARE`,
        `NEWSBOT_SWEEP_MIN_MISSING`, `NEWSBOT_MAX_PAGES`."""
        hours = settings.getfloat("NEWSBOT_SWEEP_EVERY_HOURS")
        return cls(
            every=timedelta(hours=hours) if hours > 0 else None,
            max_missing_share=settings.getfloat("NEWSBOT_SWEEP_MAX_MISSING_SHARE"),
            min_missing=settings.getint("NEWSBOT_SWEEP_MIN_MISSING"),
            max_pages=settings.getint("NEWSBOT_MAX_PAGES"),
        )

    def due(self, last: datetime | None, now: datetime) -> bool:
        """Whether a run at `now` sweeps without being asked (`last`: the previous sweep; none
        yet: the clock starts now, at the first run)."""
        return self.every is not None and last is not None and now - last >= self.every

    def implausible(self, missing: int, live: int) -> bool:
        return missing > max(self.min_missing, self.max_missing_share * live)


@dataclass(frozen=True)
class Comparison:
    """A complete listing against the archive."""

    missing: list[int]
    """Live articles the listing left out (keys): suspects."""
    back: list[int]
    """Articles marked deleted that the listing holds again: revived."""
    live: int
    """Live articles the listing could have named."""


def compare(stored: Iterable[Presence], listed: Iterable[int]) -> Comparison:
    """`stored`: the articles the listing can name; `listed`: the keys of those it named."""
    named = set(listed)
    missing: list[int] = []
    back: list[int] = []
    live = 0
    for presence in stored:
        if presence.deleted:
            if presence.article_id in named:
                back.append(presence.article_id)
        else:
            live += 1
            if presence.article_id not in named:
                missing.append(presence.article_id)
    return Comparison(sorted(missing), sorted(back), live)


def rest_answer(status: int, body: bytes, post_id: int) -> Answer:
    """What the REST route of a post (`/wp-json/wp/v2/posts/ID`) says: WordPress answers an
    anonymous visitor 404 `rest_post_invalid_id` for a deleted post and 401 `rest_forbidden`
    for a trashed, draft or private one. Only an answer in WordPress's own JSON is definite: a
    404 page of a site with its REST API off says nothing about the post."""
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if status == 200:
        return "alive" if isinstance(data, dict) and data.get("id") == post_id else None
    if not (isinstance(data, dict) and isinstance(data.get("code"), str)):
        return None
    if status in GONE_STATUSES:
        return "deleted"
    if status in FORBIDDEN_STATUSES:
        return "unpublished"
    return None


def page_answer(status: int, redirected: bool, home: bool, same_article: bool | None) -> Answer:
    """What an article's page says, after the redirects it took: 404/410 is gone; a redirect to
    the home page or to another article is a replacement; the article itself (under its URL or
    a new one) is alive. `same_article` is None when the page holds no article."""
    if status in GONE_STATUSES:
        return "page_gone"
    if status != 200:
        return None
    if redirected and (home or same_article is False):
        return "redirected"
    return "alive" if same_article else None


Listed = dict[int | str, datetime | None]
"""What a listing names (post ids or article URLs), each with its modification time."""


def listed_posts(body: bytes, zone: tzinfo) -> Listed:
    """The post ids of a REST listing page, with their modification times when readable."""
    data = json.loads(body)
    listed: Listed = {}
    for post in data if isinstance(data, list) else []:
        if isinstance(post, dict) and type(post.get("id")) is int:
            listed[post["id"]] = first_instant([post.get("modified")], zone)
    return listed


def behind(stored: Presence | None, modified: datetime | None) -> bool:
    """Whether a listed post is missing from the archive, or stored before its last edit."""
    if stored is None:
        return True
    if stored.deleted or modified is None or not stored.freshness:
        return False
    return modified > from_utc_iso(stored.freshness)
