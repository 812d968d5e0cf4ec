"""A saved HTML page of the site, decoded the way a browser would and parsed once."""

from __future__ import annotations

from functools import cached_property

from lxml.etree import _Element
from parsel import Selector
from w3lib.encoding import html_to_unicode

from newsbot.sites import WORDPRESS_THEME, SiteProfile, ThemeMarkup


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
        self.page = Selector(text=text or "<html></html>", base_url=url)

    @property
    def root(self) -> _Element:
        """The parsed document, for the compiled selectors of the theme."""
        root: _Element = self.page.root
        return root

    @cached_property
    def theme(self) -> ThemeMarkup:
        """The outlet's theme version this page is printed in; WordPress's own markup when the
        page matches none of them."""
        for theme in self.profile.themes:
            if getattr(theme.compiled, self.theme_marker)(self.root):
                return theme
        return WORDPRESS_THEME
