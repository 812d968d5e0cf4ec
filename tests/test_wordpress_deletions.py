"""Deletions against a real WordPress (Debian's 6.1), both sources: posts trashed, deleted for
good and moved to the drafts between runs are marked by the sweep with their content kept; a
post taken out of the trash is revived."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from newsbot.cli.options import Exit
from tests.crawling import FULL_SPEED, newsbot, stored_documents
from tests.store_samples import raw_rows
from tests.wordpress.site import Site
from tests.wordpress.stack import WordPress

pytestmark = pytest.mark.e2e

SOURCES = ("rest", "html")


def run(site: Site, db: Path, source: str, *args: str) -> subprocess.CompletedProcess[str]:
    return newsbot(
        *args, "--source", source, "--db", str(db), "--base-url", site.base_url, *FULL_SPEED
    )


def marked(db: Path) -> dict[str, str]:
    rows = raw_rows(db, "SELECT url, deletion_reason FROM articles WHERE deleted_at IS NOT NULL")
    return {row["url"]: row["deletion_reason"] for row in rows}


def test_trashed_deleted_and_drafted_posts_are_marked_and_a_restored_one_revived(
    wordpress: WordPress, tmp_path: Path
) -> None:
    site = wordpress.new_site()
    try:
        databases = {source: tmp_path / f"{source}.db" for source in SOURCES}
        for source, db in databases.items():
            result = run(site, db, source, "backfill", "--since", "2019-11-01")
            assert result.returncode == Exit.OK, result.stderr[-3000:]
        kept = {source: stored_documents(db) for source, db in databases.items()}
        news = [post for post in site.content.public() if post.key.startswith("news-")]
        trashed, deleted, drafted = news[-3:]
        site.trash(trashed.key)
        site.delete(deleted.key)
        site.set_status(drafted.key, "draft")
        for source, db in databases.items():
            result = run(site, db, source, "crawl", "--sweep")
            assert result.returncode == Exit.OK, result.stdout + result.stderr[-3000:]
            assert "3 suspects, 3 deleted, 0 revived" in result.stdout, result.stdout
            assert stored_documents(db) == kept[source]
        assert marked(databases["rest"]) == {
            trashed.url: "unpublished",
            deleted.url: "deleted",
            drafted.url: "unpublished",
        }
        assert marked(databases["html"]) == dict.fromkeys(
            (trashed.url, deleted.url, drafted.url), "page_gone"
        )
        site.restore(trashed.key)
        for source, db in databases.items():
            result = run(site, db, source, "crawl", "--sweep")
            assert result.returncode == Exit.OK, result.stdout + result.stderr[-3000:]
            assert "0 deleted, 1 revived" in result.stdout, (source, result.stdout)
            assert set(marked(db)) == {deleted.url, drafted.url}
            (row,) = raw_rows(db, "SELECT * FROM deletions WHERE revived_at IS NOT NULL")
            assert row["article_id"] and row["revived_at"] >= row["detected_at"]
    finally:
        site.close()
