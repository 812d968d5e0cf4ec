"""Canned queries of the archive (DESIGN §9): articles per day, edits, copies, runs and their
verdicts, field coverage per month. Days and months are the outlet's own (`newsbot_day`,
`newsbot_month`: SQL functions our Datasette hooks define in the profile's zone)."""

from __future__ import annotations

from typing import Any

from newsbot.serve.search import QUERY, search_sql
from newsbot.sites import SiteProfile


def sql_text(value: str) -> str:
    """`value` as an SQL string literal."""
    return "'" + value.replace("'", "''") + "'"


def articles_per_day(site: str) -> str:
    return f"""select newsbot_day(published_at) as day, count(*) as articles
from articles where site = {site}
group by day order by day desc"""


def coverage_per_month(site: str) -> str:
    return f"""select newsbot_month(published_at) as month, count(*) as articles,
  round(100.0 * sum(photo_credit != '') / count(*), 1) as photo_credit_percent,
  round(100.0 * sum(author != '') / count(*), 1) as byline_percent,
  round(100.0 * sum(categories != '[]') / count(*), 1) as categories_percent,
  round(100.0 * sum(tags != '[]') / count(*), 1) as tags_percent,
  round(100.0 * sum(excerpt is not null) / count(*), 1) as excerpt_percent,
  round(avg(word_count)) as mean_words
from articles where site = {site}
group by month order by month"""


RUN_VERDICTS_PER_DAY = """select newsbot_day(started_at) as day,
  coalesce(verdict, 'none') as verdict, count(*) as runs
from runs group by day, verdict order by day, verdict"""


def canned_queries(profile: SiteProfile) -> dict[str, Any]:
    """Datasette `queries` metadata for the outlet of `profile`."""
    site = sql_text(profile.key)
    return {
        QUERY: {
            "title": "Search articles, best match first",
            "description": "Titles and bodies matching the words (as Datasette's search box "
            "reads them: whole words), ranked by relevance, with the words in context.",
            "sql": search_sql(site),
            "hide_sql": True,
        },
        "articles_per_day": {
            "title": "Articles per day",
            "description": "Articles published each day (site-local), newest first.",
            "sql": articles_per_day(site),
        },
        "edits": {
            "title": "Edited articles",
            "description": "Articles the crawls saw change, most recently changed first; "
            "their earlier versions are in article_versions.",
            "sql": f"""select article_id, title, version, published_at, changed_at, url
from articles where site = {site} and version > 1
order by changed_at desc""",
        },
        "duplicates": {
            "title": "Copies of archived articles",
            "description": "Posts or URLs whose content is an archived article's.",
            "sql": f"""select d.url as copy_url, d.post_id as copy_post_id, d.times_seen,
  d.first_seen_at, d.last_seen_at, a.article_id, a.title, a.url as original_url
from article_duplicates d join articles a using (article_id)
where a.site = {site} order by d.last_seen_at desc""",
        },
        "runs": {
            "title": "Runs and their verdicts",
            "description": "Every crawl and import, newest first.",
            "sql": """select run_id, started_at, finished_at, mode, source, verdict, finish_reason,
  requests, new, updated, unchanged, duplicate, dropped, errors, reasons
from runs order by run_id desc""",
        },
        "run_verdicts_per_day": {
            "title": "Run verdicts per day",
            "description": "How many runs ended with each verdict, per day (site-local).",
            "sql": RUN_VERDICTS_PER_DAY,
        },
        "coverage_per_month": {
            "title": "Field coverage per month",
            "description": "Per month of publication (site-local): articles, and the share "
            "with a photo credit, a byline, categories, tags and an excerpt; mean words.",
            "sql": coverage_per_month(site),
        },
    }
