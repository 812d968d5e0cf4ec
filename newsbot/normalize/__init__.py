"""Normalisation: pure functions from what the site prints to what the archive stores."""

from newsbot.normalize.dates import display_date, http_date, to_utc_iso, utc_iso, utc_now
from newsbot.normalize.slugs import slugify_ru
from newsbot.normalize.text import clean_text, decode_html_text
from newsbot.normalize.urls import (
    canonical_url,
    fetch_url,
    outlet_url,
    shortlink_post_id,
    url_key,
)

__all__ = [
    "canonical_url",
    "clean_text",
    "decode_html_text",
    "display_date",
    "fetch_url",
    "http_date",
    "outlet_url",
    "shortlink_post_id",
    "slugify_ru",
    "to_utc_iso",
    "url_key",
    "utc_iso",
    "utc_now",
]
