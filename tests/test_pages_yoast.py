"""An article page with Yoast SEO's metadata as it really prints it (`fixtures/arbuz/yoast/`,
from the site model): `og:title` is the raw post title plus ` - АРБУЗ`, without WordPress's
typography, so the headline the theme prints comes first."""

from __future__ import annotations

from pathlib import Path

from newsbot.document import render
from newsbot.pages import ArticlePage, RestPost, rest_posts
from newsbot.sites.arbuz import PROFILE as ARBUZ

SAVED = Path(__file__).parent / "fixtures"
SEED = (
    "Астраханский губернатор принял участие в заседании XVI форума межрегионального"
    " сотрудничества России и Казахстана."
)
RAW = '"Главные" новости -- итоги недели...'
"""A title as the editor typed it, as Yoast prints it."""
PRINTED = "«Главные» новости — итоги недели…"
"""The same title through `wptexturize`, as the theme and REST print it."""
RENDERED = "&#171;Главные&#187; новости &#8212; итоги недели&#8230;"


def with_yoast(title: str, raw: str) -> bytes:
    """twentytwentyone's page of the seed with Yoast's metadata in its head, titled `title` in
    the headline and `raw` in Yoast's metadata."""
    page = (SAVED / "wordpress" / "twentytwentyone" / "seed.html").read_text("utf-8")
    head = (SAVED / "arbuz" / "yoast" / "yoast-head.html").read_text("utf-8")
    head = head.replace(SEED, raw.replace('"', "&quot;"))
    return page.replace("</head>", head + "</head>", 1).replace(SEED, title).encode()


def rest_seed(rendered: str) -> dict[str, object]:
    (post,) = rest_posts((SAVED / "wordpress" / "twentytwentyone" / "seed.json").read_bytes())
    return {**post, "title": {"rendered": rendered}}


def test_yoasts_head_on_a_real_page_gives_the_seed() -> None:
    page = ArticlePage(ARBUZ, "https://arbuztoday.ru/x/", with_yoast(SEED, SEED))
    assert page.meta.meta("og:title") == f"{SEED} - АРБУЗ"
    expected = (SAVED / "wordpress" / "expected" / "seed.txt").read_text("utf-8")
    assert render(page.to_article(), ARBUZ) == expected


def test_quotes_and_dashes_come_out_the_same_from_html_and_rest() -> None:
    page = ArticlePage(ARBUZ, "https://arbuztoday.ru/x/", with_yoast(PRINTED, RAW))
    assert page.meta.meta("og:title") == f"{RAW} - АРБУЗ"
    html = page.to_article()
    rest = RestPost(ARBUZ, rest_seed(RENDERED)).to_article()
    assert html.title == rest.title == PRINTED
