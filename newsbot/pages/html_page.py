"""A saved HTML page of the site, decoded the way a browser would and parsed once."""

from __future__ import annotations

from parsel import Selector
from w3lib.encoding import html_to_unicode

from newsbot.site import ARBUZ, SiteProfile


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
    if content_type and not _valid_in(body, encoding):
        encoding, text = html_to_unicode(None, body)
    return text, _valid_in(body, encoding)


class HtmlPage:
    """One saved HTML page of the site: its URL, raw body and `Content-Type`."""

    def __init__(
        self,
        url: str,
        body: bytes | str,
        content_type: str | None = None,
        profile: SiteProfile = ARBUZ,
    ) -> None:
        text, self.decoded = (
            (body, True) if isinstance(body, str) else decode_text(body, content_type)
        )
        self.url = url
        self.profile = profile
        self.page = Selector(text=text or "<html></html>", base_url=url)
