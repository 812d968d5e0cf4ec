"""Small, distinct articles for the storage tests."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsbot.items import INSTANT_FIELDS, Article
from newsbot.normalize import from_utc_iso
from newsbot.sites.arbuz import PROFILE as ARBUZ

_FIRST_PUBLICATION = datetime(2019, 11, 7, 17, 0, 22, tzinfo=UTC)


def at(text: str) -> datetime:
    """The instant a UTC ISO text names."""
    return from_utc_iso(text)


def sample_article(n: int, **changes: Any) -> Article:
    """Article number `n`: its own post id, URL, publication minute and words.

    Instants in `changes` may be given as UTC ISO text.
    """
    for name in INSTANT_FIELDS:
        if isinstance(changes.get(name), str):
            changes[name] = from_utc_iso(changes[name])
    published = _FIRST_PUBLICATION + timedelta(minutes=n)
    article = Article(
        title=f"Новость номер {n}: губернатор открыл «Цейхгауз»",
        site_name=ARBUZ.name,
        published_at=published,
        url=f"https://{ARBUZ.host}/novost-nomer-{n}/",
        paragraphs=[f"Первый абзац новости маркер{n}.", "Второй абзац про ёлку и Астрахань."],
        categories=["Политика"],
        category_slugs=["politika"],
        tags=["Астрахань"],
        tag_slugs=["astraxan"],
        post_id=10_000 + n,
        source="rest",
    )
    return replace(article, **changes)


def raw_rows(path: Path, sql: str, parameters: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    """Rows read straight from the file (read-only), bypassing the Archive."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, parameters)]
    finally:
        connection.close()


def tamper(path: Path, *statements: str) -> None:
    """Run SQL on the file behind the Archive's back (faults and foreign content for tests)."""
    connection = sqlite3.connect(path)
    try:
        for statement in statements:
            connection.execute(statement)
        connection.commit()
    finally:
        connection.close()
