"""`ArchiveWriter`: each save found through SQLite's indexes and written in the open batch."""

from __future__ import annotations

from sqlite_utils import Database

from newsbot.crawlstats import SaveOutcome
from newsbot.items import DESCRIPTION_FIELDS, Article
from newsbot.normalize import canonical_url, shortlink_post_id
from pipelines.store import deletions, queries
from pipelines.store.handle import ArchiveFile
from pipelines.store.hashing import row_content_hash
from pipelines.store.identity import locate, post_id_of, seen_urls
from pipelines.store.rows import (
    ARTICLE_COLUMNS,
    ROW_COLUMNS,
    VERSION_COLUMNS,
    Row,
    article_columns,
    now_stamp,
    stamp,
)

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})"
)
_VERSION_ROW = ("article_id", *ARTICLE_COLUMNS, *VERSION_COLUMNS, "replaced_at")
_INSERT_VERSION = (
    f"INSERT INTO article_versions ({', '.join(_VERSION_ROW)}) "
    f"VALUES ({', '.join('?' * len(_VERSION_ROW))})"
)
_RECORD_URL = (
    "INSERT INTO article_urls (url, article_id, first_seen_at) VALUES (?, ?, ?) "
    "ON CONFLICT (url) DO UPDATE SET article_id = excluded.article_id "
    "WHERE article_id <> excluded.article_id"
)
_RECORD_DUPLICATE = (
    "INSERT INTO article_duplicates "
    "(url, post_id, article_id, content_hash, first_seen_at, last_seen_at, times_seen) "
    "VALUES (?, ?, ?, ?, ?, ?, 1) ON CONFLICT (url) DO UPDATE SET "
    "last_seen_at = excluded.last_seen_at, times_seen = times_seen + 1, "
    "post_id = coalesce(article_duplicates.post_id, excluded.post_id)"
)
_REWRITTEN_ON_CHANGE = tuple(name for name in ROW_COLUMNS if name not in ("site", "first_seen_at"))


class ArchiveWriter:
    """Saves articles: finds each one's row by post id, URL or content, then inserts or updates
    it, its versions and its URLs inside the archive's open transaction."""

    file: ArchiveFile
    counts: dict[str, int]
    """Outcomes of `save` since the archive was opened."""
    revived: int
    """Saves since the archive was opened that revived an article marked deleted."""

    def save(self, article: Article) -> SaveOutcome:
        """Store `article` under its identity (post id, else canonical URL); say what happened.

        Records `article.url` and `article.fetched_url` (if set) as URLs of the row.
        """
        profile = self.file.profile
        urls = seen_urls(article, profile)
        post_id = post_id_of(article, urls, profile)
        columns = article_columns(article)
        digest = row_content_hash(columns)
        now = now_stamp()
        with self.file.change() as db:
            found = locate(db, self.file.site, post_id, urls)
            holder = None
            if found is None:
                holder = queries.content_holder(db, self.file.site, digest)
                # Its holder stored without a post id, the article now with one: the same article
                # seen before its post id was known (e.g. imported from a file), not a duplicate.
                if holder is not None and post_id is not None and holder["post_id"] is None:
                    found = holder
            outcome: SaveOutcome
            if found is not None:
                outcome = self._save_known(db, found, article, columns, urls, post_id, digest, now)
            elif holder is not None:
                key = holder["article_id"]
                db.execute(_RECORD_DUPLICATE, [urls[0], post_id, key, digest, now, now])
                outcome = "duplicate"
            else:
                columns.update(
                    site=self.file.site,
                    post_id=post_id,
                    url=urls[0],
                    content_hash=digest,
                    version=1,
                    first_seen_at=now,
                    last_seen_at=now,
                    changed_at=now,
                )
                key = db.execute(_INSERT_ARTICLE, [columns[name] for name in ROW_COLUMNS]).lastrowid
                assert key is not None
                _record_urls(db, key, urls, now)
                outcome = "new"
        self.counts[outcome] += 1
        return outcome

    def _save_known(
        self,
        db: Database,
        row: Row,
        article: Article,
        columns: Row,
        urls: list[str],
        post_id: int | None,
        digest: str,
        now: str,
    ) -> SaveOutcome:
        key = row["article_id"]
        # A `?p=N` shortlink names the post; it never replaces the URL the article is stored under.
        shortlink = shortlink_post_id(urls[0], self.file.profile) is not None
        url = row["url"] if shortlink else urls[0]
        known_post_id = row["post_id"] if row["post_id"] is not None else post_id
        changes: Row
        outcome: SaveOutcome
        if digest != row["content_hash"] or url != row["url"]:
            # The current version is kept; it was first seen when it last changed.
            kept = {**row, "first_seen_at": row["changed_at"], "replaced_at": now}
            db.execute(_INSERT_VERSION, [kept[name] for name in _VERSION_ROW])
            known = {name: row[name] for name in DESCRIPTION_FIELDS if columns[name] is None}
            changed = {
                **row,
                **columns,
                **known,
                "post_id": known_post_id,
                "url": url,
                "content_hash": digest,
                "version": row["version"] + 1,
                "last_seen_at": now,
                "changed_at": now,
            }
            changes = {name: changed[name] for name in _REWRITTEN_ON_CHANGE}
            outcome = "updated"
        else:
            changes = {"last_seen_at": now, "post_id": known_post_id}
            modified_at = stamp(article.modified_at)
            if modified_at and modified_at > (row["modified_at"] or ""):
                changes["modified_at"] = modified_at
            for name in DESCRIPTION_FIELDS:  # no new version: kept current in place
                if columns[name] is not None:
                    changes[name] = columns[name]
            outcome = "unchanged"
        if article.fetched_at is not None and row["deleted_at"]:
            # the site serves a deleted article again: revived (an import is no such evidence)
            deletions.revive(db, {key: now})
            self.revived += 1
        assignments = ", ".join(f"{name} = ?" for name in changes)
        db.execute(
            f"UPDATE articles SET {assignments} WHERE article_id = ?", [*changes.values(), key]
        )
        _record_urls(db, key, urls, now)
        return outcome

    def add_url(
        self, url: str, *, article_id: int | None = None, post_id: int | None = None
    ) -> None:
        """Record another URL seen for a stored article (e.g. a redirect source).

        Raises ValueError when no article has that key.
        """
        if article_id is None and post_id is None:
            raise ValueError("add_url needs an article_id or a post_id")
        with self.file.change() as db:
            site = self.file.site
            found = (
                queries.article_by_id(db, site, article_id)
                if article_id is not None
                else locate(db, site, post_id, [])
            )
            if found is None:
                raise ValueError(f"no archived article has {article_id=} {post_id=}")
            key = found["article_id"]
            _record_urls(db, key, [canonical_url(url, self.file.profile)], now_stamp())

    def purge(self, article_id: int) -> None:
        """Delete an article for good: its row, versions, URLs, the copies recorded of it and its
        full-text entry. Raises ValueError when the archive has no such article."""
        with self.file.change(now=True) as db:
            if queries.article_by_id(db, self.file.site, article_id) is None:
                raise ValueError(f"no archived article has {article_id=}")
            for table in (
                "deletion_suspects",
                "deletions",
                "article_duplicates",
                "article_urls",
                "article_versions",
                "articles",
            ):
                db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])


def _record_urls(db: Database, key: int, urls: list[str], now: str) -> None:
    """Record `urls` for the article `key` (moving any recorded for another)."""
    db.conn.executemany(_RECORD_URL, [(url, key, now) for url in urls])
