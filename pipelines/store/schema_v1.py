"""The first archive's schema, as released: migration 1 creates it, later ones change it."""

# One article as the document shows it plus what storage needs. Lists are JSON text.
_ARTICLE_COLUMNS = """
    post_id INTEGER,
    url TEXT NOT NULL,
    title TEXT NOT NULL,
    site_name TEXT NOT NULL,
    published_at TEXT NOT NULL,
    modified_at TEXT,
    author TEXT NOT NULL,
    categories TEXT NOT NULL,
    category_slugs TEXT NOT NULL,
    photo_credit TEXT NOT NULL,
    paragraphs TEXT NOT NULL,
    tags TEXT NOT NULL,
    tag_slugs TEXT NOT NULL,
    source TEXT NOT NULL,
    fetched_at TEXT,
    fetched_url TEXT,
    content_hash TEXT NOT NULL,
    version INTEGER NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL"""

# The body the full-text index holds: the paragraphs joined by newlines.
_BODY_OF = "(SELECT group_concat(value, char(10)) FROM json_each({row}.paragraphs))"

V1 = f"""
CREATE TABLE articles (
    article_id INTEGER PRIMARY KEY,{_ARTICLE_COLUMNS},
    changed_at TEXT NOT NULL,
    UNIQUE (post_id)
);
CREATE INDEX articles_by_url ON articles (url);
CREATE INDEX articles_by_publication ON articles (published_at, article_id);
CREATE INDEX articles_by_content_hash ON articles (content_hash);
CREATE INDEX articles_by_modification ON articles (coalesce(modified_at, published_at));

CREATE TABLE article_versions (
    article_id INTEGER NOT NULL REFERENCES articles (article_id),{_ARTICLE_COLUMNS},
    replaced_at TEXT NOT NULL,
    PRIMARY KEY (article_id, version)
);

CREATE TABLE article_urls (
    url TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles (article_id),
    first_seen_at TEXT NOT NULL
);
CREATE INDEX article_urls_by_article ON article_urls (article_id);

CREATE TABLE article_duplicates (
    url TEXT PRIMARY KEY,
    post_id INTEGER,
    article_id INTEGER NOT NULL REFERENCES articles (article_id),
    content_hash TEXT NOT NULL,
    first_seen_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    times_seen INTEGER NOT NULL
);
CREATE INDEX article_duplicates_by_article ON article_duplicates (article_id);

CREATE TABLE runs (
    run_id INTEGER PRIMARY KEY,
    mode TEXT NOT NULL,
    source TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    finish_reason TEXT,
    requests INTEGER,
    new INTEGER,
    updated INTEGER,
    unchanged INTEGER,
    duplicate INTEGER,
    dropped INTEGER,
    errors INTEGER,
    verdict TEXT,
    reasons TEXT,
    coverage TEXT,
    stats TEXT
);

CREATE TABLE crawl_state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE VIEW article_text AS
    SELECT article_id, title, {_BODY_OF.format(row="articles")} AS body FROM articles;

CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body,
    content = 'article_text', content_rowid = 'article_id',
    tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER articles_fts_after_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body)
    VALUES (new.article_id, new.title, {_BODY_OF.format(row="new")});
END;

CREATE TRIGGER articles_fts_after_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.article_id, old.title, {_BODY_OF.format(row="old")});
END;

CREATE TRIGGER articles_fts_after_update AFTER UPDATE OF title, paragraphs ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body)
    VALUES ('delete', old.article_id, old.title, {_BODY_OF.format(row="old")});
    INSERT INTO articles_fts (rowid, title, body)
    VALUES (new.article_id, new.title, {_BODY_OF.format(row="new")});
END;
"""
