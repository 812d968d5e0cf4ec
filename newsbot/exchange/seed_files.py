"""A directory of seed documents, one per article, kept in step with the archive (DESIGN §1)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from newsbot.document import render
from newsbot.exchange.staging import FileCounts, remove_stale, write_if_changed
from newsbot.normalize import url_key
from newsbot.sites import SiteProfile
from pipelines.store import StoredArticle

EXPORT_FILE_NAME = re.compile(r"\A(?:\d{3}|[1-9]\d{3,})_[0-9a-f]{16}\.txt\Z")
"""What `seed_file_name` makes, and all that a rerun may remove."""


def seed_file_name(position: int, url: str) -> str:
    """`{n:03d}_{key}.txt`: built only from the position and the canonical URL's key."""
    return f"{position:03d}_{url_key(url)}.txt"


def export_seed_directory(
    articles: Iterable[StoredArticle], directory: Path, profile: SiteProfile
) -> FileCounts:
    """Write each article's seed document to `directory` in the given (publication) order.

    Files already holding the right bytes are not touched; files of the export's name pattern
    that are no longer part of it are removed; other files are left alone.
    """
    directory.mkdir(parents=True, exist_ok=True)
    remove_stale(directory, lambda stem: bool(EXPORT_FILE_NAME.match(stem)))
    stale = {
        path.name
        for path in directory.iterdir()
        if EXPORT_FILE_NAME.match(path.name) and not path.is_dir()
    }
    counts = FileCounts()
    for position, stored in enumerate(articles):
        name = seed_file_name(position, stored.article.url)
        data = render(stored.article, profile).encode("utf-8")
        if write_if_changed(directory / name, data):
            counts.written += 1
        else:
            counts.unchanged += 1
        stale.discard(name)
        counts.articles += 1
    for name in sorted(stale):
        (directory / name).unlink()
        counts.removed += 1
    return counts
