"""newsbot: the Scrapy project that archives the Astrakhan outlet АРБУЗ (arbuztoday.ru).

The archive from Python (read-only):

    from newsbot import open_archive

    with open_archive("data/newsbot.db") as archive:
        frame = archive.to_pandas(since=date(2024, 1, 1))

A regular package, not a namespace one: scrapyd imports the project from a zipped egg, and
zipimport cannot import namespace packages. The public names load on first use, so importing
the Scrapy project costs nothing more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.api import NewsArchive, StoredArticle, open_archive
    from newsbot.items import Article
    from pipelines.store import ArchiveError

__all__ = ["ArchiveError", "Article", "NewsArchive", "StoredArticle", "open_archive"]

__version__ = "0.1.0"
"""The version of newsbot (pyproject.toml reads it from here), as the User-Agent names it."""

_HOMES = {
    "open_archive": "newsbot.api",
    "NewsArchive": "newsbot.api",
    "Article": "newsbot.items",
    "ArchiveError": "pipelines.store",
    "StoredArticle": "newsbot.api",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'newsbot' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(_HOMES[name]), name)
