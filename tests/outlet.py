"""The outlet most tests are about (АРБУЗ), and the document functions bound to its profile."""

from __future__ import annotations

from newsbot import document
from newsbot.items import Article
from newsbot.sites.arbuz import PROFILE as ARBUZ


def render(article: Article) -> str:
    """The seed document of an АРБУЗ article."""
    return document.render(article, ARBUZ)


def parse(text: str) -> Article:
    """The АРБУЗ article a seed document describes."""
    return document.parse(text, ARBUZ)


def display_date(article: Article) -> str:
    """The local date АРБУЗ prints under an article."""
    return document.printed_date(article, ARBUZ)
