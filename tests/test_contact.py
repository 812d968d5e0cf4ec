"""The operator's contact: what counts as one, which hosts need one, the User-Agent it gives."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scrapy.crawler import Crawler
from scrapy.settings import Settings

from newsbot import __version__
from newsbot import settings as project_settings
from newsbot.contact import (
    MISSING_CONTACT,
    BadContact,
    ContactUserAgent,
    checked_contact,
    crawl_contact,
    is_loopback,
    needs_contact,
    user_agent,
)
from newsbot.sites.arbuz import PROFILE as ARBUZ
from newsbot.spiders.arbuz import ArbuzSpider

PRODUCT = f"newsbot/{__version__}"


@pytest.mark.parametrize(
    "contact",
    ["https://example.org/crawler", "http://example.org", "ops@example.org", "mailto:a@b",
     "a.b+c@mail.example.org", "https://example.org/about?who=me"],
)  # fmt: skip
def test_urls_and_addresses_are_contacts(contact: str) -> None:
    assert checked_contact(f"  {contact} ") == contact


@pytest.mark.parametrize(
    "contact",
    ["nobody", "example.org", "ftp://example.org", "https://", "https:///path", "a@", "@b",
     "a@b@c", "two words@example.org", "ops@пример.рф", "https://example.org/(x)", "a\tb@c"],
)  # fmt: skip
def test_anything_else_is_not(contact: str) -> None:
    with pytest.raises(BadContact):
        checked_contact(contact)


def test_an_empty_contact_is_none() -> None:
    assert checked_contact("   ") == ""


@given(st.emails())
def test_every_e_mail_address_is_a_contact(address: str) -> None:
    if "(" in address or ")" in address:
        return  # a comment in an address cannot go into a User-Agent comment as it is
    assert checked_contact(address) == address


@given(st.text(max_size=60))
def test_an_accepted_contact_gives_a_user_agent_of_printable_ascii(value: str) -> None:
    try:
        contact = checked_contact(value)
    except BadContact:
        return
    agent = user_agent(contact, "https://arbuztoday.ru")
    assert agent == (f"{PRODUCT} (+{contact})" if contact else PRODUCT)
    assert agent.isascii() and agent.isprintable()
    assert agent.count("(") == agent.count(")") <= 1


@pytest.mark.parametrize(
    ("base_url", "needed"),
    [("https://arbuztoday.ru", True), ("http://arbuztoday.ru:8080", True),
     ("https://www.arbuztoday.ru", True), ("https://ARBUZTODAY.RU.", True),
     ("https://mirror.example.org", False), ("http://127.0.0.1:8000", False),
     ("https://arbuztoday.ru.example.org", False), ("https://cdn.arbuztoday.ru", False)],
)  # fmt: skip
def test_the_outlets_own_host_needs_a_contact(base_url: str, needed: bool) -> None:
    assert needs_contact(base_url, ARBUZ) is needed


@pytest.mark.parametrize(
    ("base_url", "loopback"),
    [("http://127.0.0.1:8000", True), ("http://127.5.6.7", True), ("http://[::1]:80", True),
     ("http://localhost:9", True), ("http://LOCALHOST.", True), ("http://a.localhost", True),
     ("http://10.0.0.1", False), ("https://arbuztoday.ru", False), ("http://[::2]", False)],
)  # fmt: skip
def test_loopback_base_urls(base_url: str, loopback: bool) -> None:
    assert is_loopback(base_url) is loopback


def test_user_agents_name_no_address_of_their_own() -> None:
    assert user_agent("", "http://127.0.0.1:8000") == f"{PRODUCT} (+local)"
    assert user_agent("", "https://mirror.example.org") == PRODUCT
    assert user_agent("ops@example.org", "http://127.0.0.1:8000") == f"{PRODUCT} (+ops@example.org)"


def settings_of(**values: str) -> Settings:
    settings = Settings()
    settings.setmodule(project_settings, priority="project")
    settings.setdict(values, priority="cmdline")
    return settings


def test_a_crawl_of_the_outlet_without_a_contact_may_not_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("NEWSBOT_CONTACT", raising=False)
    assert crawl_contact(settings_of()) == ("", MISSING_CONTACT)
    assert crawl_contact(settings_of(NEWSBOT_BASE_URL="http://127.0.0.1:8000")) == ("", None)
    _, refusal = crawl_contact(settings_of(NEWSBOT_CONTACT="nobody"))
    assert refusal and "neither an http(s) URL nor an e-mail address" in refusal
    monkeypatch.setenv("NEWSBOT_CONTACT", "ops@example.org")
    assert crawl_contact(settings_of()) == ("ops@example.org", None)
    assert crawl_contact(settings_of(NEWSBOT_CONTACT="https://example.org/")) == (
        "https://example.org/",
        None,
    )


@pytest.mark.parametrize(
    ("values", "agent"),
    [({"NEWSBOT_CONTACT": "ops@example.org"}, f"{PRODUCT} (+ops@example.org)"),
     ({"NEWSBOT_BASE_URL": "http://127.0.0.1:8000"}, f"{PRODUCT} (+local)"),
     ({"NEWSBOT_BASE_URL": "http://127.0.0.1:8000", "USER_AGENT": "mine"}, "mine")],
)  # fmt: skip
def test_the_add_on_sets_the_user_agent_of_every_crawl(
    values: dict[str, str], agent: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSBOT_CONTACT", raising=False)
    settings = settings_of(**values)
    ContactUserAgent.from_crawler(Crawler(ArbuzSpider, settings)).update_settings(settings)
    assert settings["USER_AGENT"] == agent
