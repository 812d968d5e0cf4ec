"""Normalisation: pure functions from what the site prints to what the archive stores."""

from newsbot.normalize.dates import (
    StoredValueError,
    as_utc,
    display_date,
    first_instant,
    from_utc_iso,
    http_date,
    to_utc,
    utc_iso,
    utc_now,
)
from newsbot.normalize.slugs import slug_of
from newsbot.normalize.text import clean_text, decode_html_text, language_code
from newsbot.normalize.urls import (
    absolute_url,
    canonical_url,
    fetch_url,
    linked_url,
    media_url,
    outlet_url,
    shortlink_post_id,
    url_key,
    url_path,
)

__all__ = [
    "StoredValueError",
    "absolute_url",
    "as_utc",
    "canonical_url",
    "clean_text",
    "decode_html_text",
    "display_date",
    "fetch_url",
    "first_instant",
    "from_utc_iso",
    "http_date",
    "language_code",
    "linked_url",
    "media_url",
    "outlet_url",
    "shortlink_post_id",
    "slug_of",
    "to_utc",
    "url_key",
    "url_path",
    "utc_iso",
    "utc_now",
]
