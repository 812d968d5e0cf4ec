"""The archive's fixed schema, created and upgraded through sqlite-utils migrations.

A migration, once released, never changes: a new column or table is a new migration appended below.
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

from newsbot.items import count_words
from pipelines.store import deletions, retries
from pipelines.store.schema_v1 import V1

MIGRATIONS = Migrations("newsbot")


@MIGRATIONS()
def create_archive(db: Database) -> None:
    """Version 1: articles, their versions, URLs and duplicates, runs, crawl state, FTS5."""
    db.executescript(V1)


_SITE_BEFORE_V2 = "arbuz"
"""The outlet every archive held before rows named their site (the default profile's key)."""

# Version 2 articles: per-site identity, the body as plain text; small columns first, so
# reading bookkeeping never touches the text's overflow pages.
_V2_ARTICLES = """
CREATE TABLE articles (
    article_id INTEGER PRIMARY KEY,
    site TEXT NOT NULL,
    post_id INTEGER,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    modified_at TEXT,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    changed_at TEXT NOT NULL,
    source TEXT NOT NULL,
    fetched_at TEXT,
    fetched_url TEXT,
    title TEXT NOT NULL,
    site_name TEXT NOT NULL,
    author TEXT NOT NULL,
    categories TEXT NOT NULL,
    category_slugs TEXT NOT NULL,
    photo_credit TEXT NOT NULL,
    tags TEXT NOT NULL,
    tag_slugs TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    body TEXT NOT NULL,
    UNIQUE (site, post_id)
)"""

_V2_DROP_V1_SEARCH = """
PRAGMA defer_foreign_keys = ON;
DROP TRIGGER articles_fts_after_insert;
DROP TRIGGER articles_fts_after_delete;
DROP TRIGGER articles_fts_after_update;
DROP TABLE articles_fts;
DROP VIEW article_text;
"""

_V2_INDEXES = """
CREATE INDEX articles_by_publication ON articles (site, published_at, article_id);
CREATE INDEX articles_by_modification ON articles (site, coalesce(modified_at, published_at));
CREATE INDEX articles_by_content_hash ON articles (site, content_hash);
"""

_V2_COPIED = (
    "article_id, post_id, url, content_hash, version, published_at, modified_at, "
    "first_seen_at, last_seen_at, changed_at, source, fetched_at, fetched_url, title, "
    "site_name, author, categories, category_slugs, photo_credit, tags, tag_slugs, paragraphs"
)

# The full-text index in the sqlite-utils / Datasette convention (`<table>_fts`, content
# table and rowid the article's), which `sqlite-utils search` and Datasette's search box find.
# Updates of the text and deletes, whoever makes them, are indexed by triggers (inserts too,
# from version 7).
_V2_SEARCH = [
    """CREATE VIRTUAL TABLE articles_fts USING FTS5 (
    title, body,
    content=[articles], content_rowid=[article_id],
    tokenize='unicode61 remove_diacritics 2'
)""",
    "INSERT INTO articles_fts (articles_fts) VALUES ('rebuild')",
    """CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.article_id, old.title, old.body);
END""",
    """CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.article_id, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.article_id, new.title, new.body);
END""",
]


def _body_from_json(paragraphs: str) -> str:
    return "\n".join(json.loads(paragraphs))


@MIGRATIONS()
def per_site_articles_with_body(db: Database) -> None:
    """Version 2: articles name their site (`UNIQUE (site, post_id)`, existing rows the default
    outlet's) and hold their body as text; the full-text index follows the sqlite-utils
    convention and is rebuilt from it; the view and the JSON-reading triggers go.

    The parent table is rebuilt with foreign keys deferred: its rows are copied out and back,
    so every child row finds its article again before the transaction commits.
    """
    db.conn.create_function("newsbot_body", 1, _body_from_json, deterministic=True)
    db.executescript(_V2_DROP_V1_SEARCH)
    db.execute("CREATE TEMP TABLE articles_v1 AS SELECT * FROM main.articles")
    db.execute("DROP TABLE main.articles")
    db.execute(_V2_ARTICLES)
    db.execute(
        f"INSERT INTO articles (site, body, {_V2_COPIED}) "
        f"SELECT ?, newsbot_body(paragraphs), {_V2_COPIED} FROM temp.articles_v1",
        [_SITE_BEFORE_V2],
    )
    db.execute("DROP TABLE temp.articles_v1")
    db.executescript(_V2_INDEXES)
    for statement in _V2_SEARCH:
        db.execute(statement)


@MIGRATIONS()
def record_failed_articles(db: Database) -> None:
    """Version 3: article pages that failed, retried by later runs (`failed_articles`)."""
    db.executescript(retries.SCHEMA)


@MIGRATIONS()
def record_deletions(db: Database) -> None:
    """Version 4: articles the site no longer serves: `articles.deleted_at` and
    `deletion_reason`, the `deletions` history, the `deletion_suspects` of sweeps, and what
    each run's sweep did (`runs.sweep`)."""
    db.executescript(deletions.SCHEMA)


# What the outlet says about an article besides its document (`DESCRIPTION_FIELDS`), in both
# tables, and the body's word count.
_V5_DESCRIPTION = ("excerpt TEXT", "image_url TEXT", "language TEXT")


@MIGRATIONS()
def descriptions_and_word_counts(db: Database) -> None:
    """Version 5: excerpt, featured image URL and language on articles and their versions
    (NULL for what was stored before: not known), and `articles.word_count` from the body."""
    for table in ("articles", "article_versions"):
        for column in _V5_DESCRIPTION:
            db.execute(f"ALTER TABLE {table} ADD COLUMN {column}")
    db.execute("ALTER TABLE articles ADD COLUMN word_count INTEGER NOT NULL DEFAULT 0")
    db.conn.create_function("newsbot_word_count", 1, count_words, deterministic=True)
    db.execute("UPDATE articles SET word_count = newsbot_word_count(body)")


@MIGRATIONS()
def search_index_merges_less_often(db: Database) -> None:
    """Version 6: the full-text index merges segments when 16 of a size are there, not 4."""
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('automerge', 16)")


@MIGRATIONS()
def index_inserts_by_trigger(db: Database) -> None:
    """Version 7: new articles enter the full-text index by a trigger, as in sqlite-utils."""
    db.execute(
        "CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN INSERT INTO articles_fts "
        "(rowid, title, body) VALUES (new.article_id, new.title, new.body); END"
    )


_V8_CRAWL_STATE = """
CREATE TABLE crawl_state (
    site TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (site, key)
)"""


@MIGRATIONS()
def crawl_state_per_site(db: Database) -> None:
    """Version 8: each outlet has its own crawl state, failed pages and runs (`site`
    columns); what is there already is the default outlet's."""
    db.execute("ALTER TABLE crawl_state RENAME TO crawl_state_v7")
    db.execute(_V8_CRAWL_STATE)
    db.execute(
        "INSERT INTO crawl_state SELECT ?, key, value, updated_at FROM crawl_state_v7",
        [_SITE_BEFORE_V2],
    )
    db.execute("DROP TABLE crawl_state_v7")
    for table in ("failed_articles", "runs"):
        db.execute(f"ALTER TABLE {table} ADD COLUMN site TEXT NOT NULL DEFAULT '{_SITE_BEFORE_V2}'")


def applied(db: Database) -> list[str]:
    """Names of our migrations already applied to `db` (empty for a new or foreign database)."""
    return [migration.name for migration in MIGRATIONS.applied(db)]
