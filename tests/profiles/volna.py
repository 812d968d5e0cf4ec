"""ВОЛНА (volna.example): a second WordPress outlet, in Yekaterinburg time, whose `<title>` ends
" — ВОЛНА". It runs the same theme as АРБУЗ; everything else is its own."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from newsbot.sites.arbuz import THEME_2019
from newsbot.sites.profile import SiteProfile
from newsbot.sites.russian import RUSSIAN

PROFILE = SiteProfile(
    key="volna",
    name="ВОЛНА",
    host="volna.example",
    zone=ZoneInfo("Asia/Yekaterinburg"),
    language=RUSSIAN,
    title_separators=(" — ",),
    themes=(THEME_2019,),
    tracking_params=frozenset({"fbclid", "yclid", "from"}),
    tracking_prefixes=("utm_",),
    rest_byline_meta_key="byline",
    content_noise=("script", "style", "noscript", "iframe", "figure", "img", ".wp-block-embed"),
)
