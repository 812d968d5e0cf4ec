"""Deterministic news: headlines, bodies, terms and a realistic publication rhythm."""

from __future__ import annotations

import random
import string
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, lru_cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from newsbot.replica import words
from newsbot.replica.outlet import Outlet
from newsbot.replica.posts import Block, Media, Post
from newsbot.replica.terms import CATEGORIES, TAGS

LAST_DAY = date(2026, 11, 20)
"""The archive's newest day (site-local): generated news end here."""
FIRST_DAY = date(2019, 11, 8)
"""Generated news start after the fixed posts' day at the earliest."""
FIRST_GENERATED_ID = 48220
WEEKDAY_POSTS = (18, 40)
WEEKEND_POSTS = (10, 24)
# Relative weights of the local publication hours (none at night).
HOUR_WEIGHTS = dict(
    zip(range(7, 23), (1, 3, 6, 8, 8, 7, 6, 8, 8, 7, 6, 5, 4, 3, 2, 1), strict=True)
)
_HOURS = tuple(HOUR_WEIGHTS)
_HOUR_CUMULATIVE = tuple(accumulate(HOUR_WEIGHTS.values()))
_CATEGORY_IDS = tuple(i for i in CATEGORIES if i != words.MAIN_CATEGORY_ID)
_TAG_IDS = tuple(TAGS)


class ArchiveTooLong(ValueError):
    """More articles were asked for than the rhythm fits between FIRST_DAY and LAST_DAY."""


@cache
def _fields(template: str) -> tuple[str, ...]:
    return tuple(name for _, name, _, _ in string.Formatter().parse(template) if name)


def fill(template: str, rng: random.Random) -> str:
    """`template` with each `{slot}` replaced by a random choice (numbers for `n` and `hour`)."""
    values: dict[str, str] = {}
    for name in _fields(template):
        if name == "n":
            values[name] = str(rng.randint(2, 60))
        elif name == "hour":
            values[name] = str(rng.randint(10, 19))
        else:
            values[name] = fill(rng.choice(words.SLOTS[name]), rng)
    return template.format(**values) if values else template


def headline(rng: random.Random) -> str:
    title = fill(rng.choice(words.HEADLINES), rng)
    if rng.random() < 0.6:
        title += fill(rng.choice(words.HEADLINE_TAILS), rng)
    if not title.startswith(("Как ", "Что ")) and rng.random() < 0.08:
        title += "."
    return title


def _paragraph(rng: random.Random) -> str:
    if rng.random() < 0.15:
        return fill(rng.choice(words.QUOTES), rng)
    return " ".join(fill(rng.choice(words.SENTENCES), rng) for _ in range(rng.randint(1, 3)))


def _blocks(rng: random.Random) -> Iterator[Block]:
    for _ in range(rng.randint(1, 6)):
        roll = rng.random()
        if roll < 0.08:
            yield ("h2", rng.choice(words.SUBHEADINGS))
        elif roll < 0.14:
            yield ("ul", tuple(rng.sample(words.LIST_ITEMS, rng.randint(2, 4))))
        elif roll < 0.18:
            yield ("blockquote", fill(rng.choice(words.QUOTES), rng))
        yield ("p", _paragraph(rng))


@lru_cache(maxsize=4096)
def generated_body(body_seed: int, title: str) -> tuple[Block, ...]:
    """The body a post's seed makes: a lead built on the headline, then a few blocks."""
    rng = random.Random(body_seed)
    lead = f"{title.rstrip('.?!')}. {fill(words.SENTENCES[0], rng)}"
    return (("p", lead), *_blocks(rng))


def _day_times(day: date, rng: random.Random, zone: ZoneInfo) -> list[datetime]:
    low, high = WEEKEND_POSTS if day.weekday() >= 5 else WEEKDAY_POSTS
    moments = []
    for _ in range(rng.randint(low, high)):
        hour = rng.choices(_HOURS, cum_weights=_HOUR_CUMULATIVE)[0]
        local = datetime.combine(day, time(hour, rng.randrange(60), rng.randrange(60)))
        moments.append(local.replace(tzinfo=zone).astimezone(UTC))
    return sorted(moments)


def publication_times(count: int, rng: random.Random, zone: ZoneInfo) -> list[datetime]:
    """`count` UTC instants, oldest first, ending on LAST_DAY at the site's daily rhythm."""
    days: list[list[datetime]] = []
    total = 0
    day = LAST_DAY
    while total < count:
        if day < FIRST_DAY:
            raise ArchiveTooLong(f"the archive holds at most {total} generated articles")
        days.append(_day_times(day, rng, zone))
        total += len(days[-1])
        day -= timedelta(days=1)
    moments = [moment for day_times in reversed(days) for moment in day_times]
    return moments[len(moments) - count :]


def _categories(rng: random.Random) -> tuple[int, ...]:
    chosen = [rng.choice(_CATEGORY_IDS)]
    if rng.random() < 0.2:
        other = rng.choice(_CATEGORY_IDS)
        if other not in chosen:
            chosen.append(other)
    if rng.random() < 0.4:
        chosen.append(words.MAIN_CATEGORY_ID)
    return tuple(chosen)


def _tags(rng: random.Random) -> tuple[int, ...]:
    count = rng.choices((0, 1, 2, 3, 4), weights=(20, 35, 25, 12, 8))[0]
    return tuple(rng.sample(_TAG_IDS, count))


def _media(post_id: int, rng: random.Random, site_name: str) -> Media | None:
    if rng.random() >= 0.88:
        return None
    caption = ""
    if rng.random() < 0.92:
        kind = "Фото и видео" if rng.random() < 0.15 else "Фото"
        source = rng.choice(words.CREDIT_SOURCES).replace("{site}", site_name)
        caption = f"{kind}: {source}"
    width, height = rng.choice(((1000, 600), (1200, 800), (1280, 720)))
    return Media(post_id + 1, f"photo-{post_id + 1}", width, height, caption)


def new_post(
    post_id: int,
    published: datetime,
    rng: random.Random,
    unique_slug: Callable[[str], str],
    site_name: str,
) -> Post:
    """A freshly written post of the outlet `site_name`, published (and modified) at `published`."""
    title = headline(rng)
    return Post(
        id=post_id,
        slug=unique_slug(title),
        title=title,
        published=published,
        modified=published,
        categories=_categories(rng),
        tags=_tags(rng),
        media=_media(post_id, rng, site_name),
        byline=rng.choice(words.BYLINES) if rng.random() < 0.07 else "",
        body_seed=rng.getrandbits(48),
    )


def next_post_id(previous: int, rng: random.Random) -> int:
    """Ids grow with publication; attachments and revisions leave gaps, as in WordPress."""
    return previous + 2 + rng.randrange(4)


def generate(
    count: int,
    rng: random.Random,
    unique_slug: Callable[[str], str],
    newest: datetime,
    outlet: Outlet,
) -> list[Post]:
    """`count` posts of `outlet`, oldest first, ids above the fixed posts; edits never pass
    `newest`. Publication hours follow the outlet's local day."""
    posts: list[Post] = []
    post_id = FIRST_GENERATED_ID
    for published in publication_times(count, rng, outlet.zone):
        post = new_post(post_id, published, rng, unique_slug, outlet.name)
        if rng.random() < 0.22:
            edited = published + timedelta(seconds=rng.randint(120, 2 * 86400))
            post.modified = max(min(edited, newest), published + timedelta(seconds=1))
        if rng.random() < 0.03:
            post.old_slug = unique_slug(f"{rng.choice(words.DRAFT_PREFIXES)}. {post.title}")
        posts.append(post)
        post_id = next_post_id(post_id, rng)
    return posts
