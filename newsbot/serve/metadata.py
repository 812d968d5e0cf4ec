"""What Datasette says about the archive: table and column descriptions, default sorts, facets,
search, canned queries and the coverage charts (plain data: nothing here imports Datasette)."""

from __future__ import annotations

from typing import Any

from newsbot.serve.charts import dashboards
from newsbot.serve.queries import canned_queries
from newsbot.serve.search import NEWEST_FIRST
from newsbot.sites import SiteProfile

PLUGIN = "newsbot"
"""The name our hooks read their configuration under (`plugins` of the metadata)."""

ARTICLE_COLUMNS = {
    "article_id": "The archive's key of the article; its versions, URLs and copies refer to it.",
    "site": "The outlet (site profile key).",
    "post_id": "The WordPress post id.",
    "url": "The canonical URL on the outlet: the original article.",
    "content_hash": "SHA-256 of the fields the seed document shows, the URL aside.",
    "version": "1, plus one for each edit the crawls saw (earlier ones in article_versions).",
    "published_at": "First publication, UTC (ISO 8601).",
    "modified_at": "Last modification the outlet states, UTC.",
    "first_seen_at": "When a crawl first stored the article, UTC.",
    "last_seen_at": "When a crawl last saw it, UTC.",
    "changed_at": "When its current version was stored, UTC.",
    "source": "Where it was read: rest (WordPress REST API), html (its page) or import.",
    "fetched_at": "When the page was fetched, UTC.",
    "fetched_url": "The URL it was fetched from, when that was not the canonical one.",
    "title": "The headline as printed.",
    "site_name": "The outlet's name as it prints it.",
    "author": "The byline printed with the article (empty when none).",
    "categories": "WordPress categories, page order (JSON array).",
    "category_slugs": "Their slugs (JSON array).",
    "photo_credit": "The lead photo's credit line (empty when none).",
    "tags": "WordPress tags, page order (JSON array).",
    "tag_slugs": "Their slugs (JSON array).",
    "paragraphs": "The body, one block a line (JSON array; the body column holds it as text).",
    "body": "The body as plain text, one paragraph a line: what full-text search reads.",
    "excerpt": "The summary the outlet publishes (REST excerpt, og:description).",
    "image_url": "The featured image's URL.",
    "language": "ISO 639-1 language code.",
    "word_count": "Words of the body.",
    "deleted_at": "When a sweep first missed the article on the site, UTC; empty: live.",
    "deletion_reason": "Why it is taken for gone: deleted, unpublished, page_gone or redirected.",
}

_ARTICLES_ONLY_COLUMNS = ("body", "deleted_at", "deletion_reason")

_VERSION_COLUMNS = {
    **{name: text for name, text in ARTICLE_COLUMNS.items() if name not in _ARTICLES_ONLY_COLUMNS},
    "version": "Which version this row was (the current one is in articles).",
    "first_seen_at": "When this version was stored, UTC.",
    "last_seen_at": "When a crawl last saw this version, UTC.",
    "replaced_at": "When a newer version replaced it, UTC.",
}


def _tables() -> dict[str, Any]:
    return {
        "articles": {
            "description": "One row per article, newest first: search, filter by a facet, "
            "open an article by its number. Each column's ⚙ menu describes it.",
            "sort_desc": NEWEST_FIRST,
            "facets": [
                {"array": "categories"},
                {"array": "tags"},
                {"year": "published_at"},
                {"month": "published_at"},
                "source",
            ],
            "facet_size": 5,
            "fts_table": "articles_fts",
            "fts_pk": "article_id",
            "label_column": "title",
            "size": 50,
            "columns": ARTICLE_COLUMNS,
        },
        "article_versions": {
            "description": "Earlier versions of edited articles, one row per replaced version.",
            "sort_desc": "replaced_at",
            "facets": ["source"],
            "columns": _VERSION_COLUMNS,
        },
        "article_urls": {
            "description": "Every URL seen for an article (old slugs, ?p=N, tracking "
            "variants), each mapped to its one row.",
            "sort_desc": "first_seen_at",
            "columns": {
                "url": "A URL seen for the article (canonicalised).",
                "article_id": "The article it belongs to.",
                "first_seen_at": "When a crawl first saw it, UTC.",
            },
        },
        "article_duplicates": {
            "description": "Copies: other posts or URLs whose content is an archived "
            "article's, recorded instead of stored twice.",
            "sort_desc": "last_seen_at",
            "columns": {
                "url": "Where the copy was seen.",
                "post_id": "Its post id, when known.",
                "article_id": "The archived original.",
                "content_hash": "The content both share.",
                "first_seen_at": "First seen, UTC.",
                "last_seen_at": "Last seen, UTC.",
                "times_seen": "How often a crawl met it.",
            },
        },
        "runs": {
            "description": "One row per crawl or import: mode, source, counts and the "
            "health verdict (ok, degraded, failed, interrupted).",
            "sort_desc": "run_id",
            "facets": ["verdict", "mode", "source"],
            "columns": {
                "run_id": "The run's number.",
                "site": ARTICLE_COLUMNS["site"],
                "mode": "incremental, backfill or import.",
                "source": "rest, html or auto.",
                "started_at": "UTC.",
                "finished_at": "UTC.",
                "finish_reason": "Scrapy's finish reason (finished, shutdown, …).",
                "requests": "Requests made, robots.txt included.",
                "new": "Articles stored for the first time.",
                "updated": "Articles stored as a new version.",
                "unchanged": "Articles seen again unchanged.",
                "duplicate": "Copies of archived articles.",
                "dropped": "Items dropped, with reasons in stats.",
                "errors": "Requests given up.",
                "verdict": "The health verdict.",
                "reasons": "Why the verdict is not ok (JSON).",
                "coverage": "Share of stored articles with each field (JSON).",
                "stats": "The crawl's full stats (JSON).",
                "sweep": "What the run's sweep listed, suspected, confirmed and cost (JSON).",
            },
        },
        "deletions": {
            "description": "Articles the site stopped serving, confirmed by a request of "
            "their own; the content stays in articles. A revival closes the row.",
            "sort_desc": "detected_at",
            "facets": ["reason"],
            "columns": {
                "deletion_id": "The deletion's number.",
                "article_id": "The archived article.",
                "reason": "deleted, unpublished, page_gone or redirected.",
                "evidence": "The answer that confirmed it (status, location).",
                "first_missed_at": "When a sweep first missed it, UTC.",
                "detected_at": "When the confirmation came, UTC.",
                "revived_at": "When the site served it again, UTC; empty: still gone.",
            },
        },
        "deletion_suspects": {
            "description": "Articles a sweep's listing left out, not yet confirmed gone: "
            "asked about again by later runs.",
            "sort_desc": "last_missed_at",
            "columns": {
                "article_id": "The archived article.",
                "source": "The listing that missed it: rest or html.",
                "first_missed_at": "UTC.",
                "last_missed_at": "UTC.",
                "checks": "How often it was asked about.",
                "last_answer": "What the site answered last (a temporary error marks nothing).",
            },
        },
        "failed_articles": {
            "description": "Article pages that could not be fetched or extracted: retried "
            "by later runs with a backoff, given up after a bounded number of tries.",
            "sort_desc": "last_failed_at",
            "facets": ["reason"],
            "columns": {
                "url": "The article page.",
                "site": ARTICLE_COLUMNS["site"],
                "reason": "Why it failed (the last time).",
                "attempts": "How often it failed.",
                "first_failed_at": "UTC.",
                "last_failed_at": "UTC.",
                "next_try_at": "When a run tries it again, UTC; empty: given up.",
            },
        },
        "crawl_state": {
            "description": "Watermarks, feed validators and backfill checkpoints the next "
            "run starts from.",
            "columns": {
                "site": ARTICLE_COLUMNS["site"],
                "key": "What the value is for (a watermark, a feed's validators, a checkpoint).",
                "value": "The value (JSON).",
                "updated_at": "When a run last wrote it, UTC.",
            },
        },
        "_sqlite_migrations": {"hidden": True},
    }


def archive_metadata(database: str, profile: SiteProfile) -> dict[str, Any]:
    """Datasette metadata for the archive served under the name `database`."""
    return {
        "title": f"{profile.name}: the newsbot archive",
        "description": f"Articles of {profile.name} ({profile.host}), deduplicated, with "
        "their versions and the log of the crawls. Charts: Dashboards in the menu.",
        "databases": {
            database: {
                "description": "The SQLite archive newsbot crawls write; opened read-only.",
                "tables": _tables(),
                "queries": canned_queries(profile),
            }
        },
        "plugins": {
            PLUGIN: {"site": profile.key, "zone": profile.zone.key, "database": database},
            "datasette-dashboards": dashboards(database, profile),
        },
    }
