"""A saved HTML page of the site, decoded the way a browser would and parsed once."""

from __future__ import annotations

from functools import cached_property

from lxml.etree import HTMLParser, _Element, fromstring
from w3lib.encoding import html_to_unicode

from newsbot.sites import WORDPRESS_THEME, SiteProfile, ThemeMarkup
from newsbot.sites.markup import Matcher


def _valid_in(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def decode_text(body: bytes, content_type: str | None = None) -> tuple[str, bool]:
    """The page's text, and whether every byte of it is valid in the charset it was read in.

    The charset comes from the BOM, the HTTP header, `<meta charset>`, then detection; a header
    charset the body is not written in (a mislabelled page) gives way to the page's own
    declaration. Bytes that no charset explains become U+FFFD.
    """
    encoding, text = html_to_unicode(content_type, body)
    valid = _valid_in(body, encoding)
    if content_type and not valid:
        encoding, text = html_to_unicode(None, body)
        valid = _valid_in(body, encoding)
    return text, valid


_PAGE_PARSER = HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
"""Pages parse into plain lxml elements, from their text as UTF-8 (as parsel parses text):
lxml.html's element classes cost a Python look-up for every element the reading touches."""


def parse_page(text: str, url: str) -> _Element:
    """The document a page's text holds (an empty `<html>` when it holds no element)."""
    data = text.strip().replace("\x00", "").encode("utf-8")
    root = fromstring(data, _PAGE_PARSER, base_url=url) if data else None
    return fromstring(b"<html></html>", _PAGE_PARSER, base_url=url) if root is None else root


class HtmlPage:
    """One saved HTML page of an outlet: its URL, raw body and `Content-Type`."""

    theme_marker = "marker"
    """The theme selector whose presence tells which theme version printed the page."""

    def __init__(
        self,
        profile: SiteProfile,
        url: str,
        body: bytes | str,
        content_type: str | None = None,
    ) -> None:
        text, self.decoded = (
            (body, True) if isinstance(body, str) else decode_text(body, content_type)
        )
        self.url = url
        self.profile = profile
        self.text = text
        self.root = parse_page(text, url)
        """The parsed document, for the compiled selectors of the theme."""

    @cached_property
    def theme(self) -> ThemeMarkup:
        """The theme version that printed this page; WordPress's own markup when none matches."""
        for theme in self.profile.themes:
            if self.select(getattr(theme.compiled, self.theme_marker)):
                return theme
        return WORDPRESS_THEME

    @cached_property
    def printed(self) -> _Element:
        """The page's `<body>`, where theme selectors look (the whole document without one)."""
        body = self.root.find("body")
        return self.root if body is None else body

    def select(self, matcher: Matcher) -> list[_Element]:
        """What `matcher` finds in the page's body, in document order."""
        return matcher(self.printed)
