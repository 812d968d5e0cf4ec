"""Normalisation functions: tables of known cases and idempotence properties."""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime, timedelta, timezone, tzinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsbot.normalize import (
    canonical_url,
    clean_text,
    decode_html_text,
    display_date,
    fetch_url,
    from_utc_iso,
    outlet_url,
    slug_of,
    to_utc,
    url_key,
    utc_iso,
)
from newsbot.normalize.urls import _canonicalised
from newsbot.sites.arbuz import PROFILE as ARBUZ
from newsbot.sites.russian import RUSSIAN


def to_utc_iso(value: str, zone: tzinfo = ARBUZ.zone) -> str:
    return utc_iso(to_utc(value, zone))


SEED_URL = (
    "https://arbuztoday.ru/astraxanskij-gubernator-prinyal-uchastie-v-zasedanii-xvi-foruma-"
    "mezhregionalnogo-sotrudnichestva-rossii-i-kazaxstana/"
)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("a\u00a0b", "a b"),
        ("  a \t b\n", "a b"),
        ("со\u00adбака", "собака"),
        ("a\u200bb\u200d\u2060c\ufeff", "abc"),
        ("e\u0301", "é"),
        ("«Ёлка» – тест — ок", "«Ёлка» – тест — ок"),
        ("a\u2003b\u202fc\u3000d", "a b c d"),
        ("a\x00b\x07c", "abc"),
        ("", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


@given(st.text())
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once
    assert "\n" not in once and once == once.strip()


def plainly_cleaned(text: str) -> str:
    """DESIGN §1's text rules applied one after another, as they read."""
    for invisible in "\u00ad\u200b\u200c\u200d\u2060\ufeff":
        text = text.replace(invisible, "")
    text = re.sub("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]", "", text)
    text = unicodedata.normalize("NFC", text)
    return re.sub(r"\s+", " ", text).strip()


@given(st.text() | st.text(alphabet=" \t\n\u00a0\u00ad\u200be\u0301\u3000\x07\x85ab"))
def test_clean_text_applies_the_rules(text: str) -> None:
    assert clean_text(text) == plainly_cleaned(text)


@pytest.mark.parametrize(
    ("raw", "utc"),
    [
        ("2019-11-07T21:00:22+04:00", "2019-11-07T17:00:22+00:00"),
        ("2019-11-07T17:00:22Z", "2019-11-07T17:00:22+00:00"),
        ("2019-11-07T21:00:22", "2019-11-07T17:00:22+00:00"),
        ("2019-11-07 21:00:22", "2019-11-07T17:00:22+00:00"),
        ("2019-11-07T21:00", "2019-11-07T17:00:00+00:00"),
        ("2019-11-07T21:00:22.987+04:00", "2019-11-07T17:00:22+00:00"),
        ("Thu, 07 Nov 2019 17:00:22 +0000", "2019-11-07T17:00:22+00:00"),
        ("Thu, 07 Nov 2019 17:00:22 GMT", "2019-11-07T17:00:22+00:00"),
        ("Thu, 07 Nov 2019 21:00:22 +0400", "2019-11-07T17:00:22+00:00"),
        ("Thu, 07 Nov 2019 17:00:22 -0000", "2019-11-07T17:00:22+00:00"),
        ("Thu, 07 Nov 2019 21:00:22", "2019-11-07T17:00:22+00:00"),  # naive: site-local
        ("2019-11-07T17:00:22+00:00", "2019-11-07T17:00:22+00:00"),
    ],
)
def test_to_utc_iso(raw: str, utc: str) -> None:
    assert to_utc_iso(raw) == utc


def test_naive_time_in_a_given_zone() -> None:
    assert to_utc_iso("2019-11-07T17:00:22", UTC) == "2019-11-07T17:00:22+00:00"


@pytest.mark.parametrize(
    "raw",
    ["", "вчера", "2019-11-07", "2019-13-07T00:00:00", "now", "Thu, 07 Nov 2019 20:00:22 MSK"],
)
def test_to_utc_iso_refuses_what_is_not_an_instant(raw: str) -> None:
    with pytest.raises(ValueError):
        to_utc_iso(raw)


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2035, 1, 1)).map(
    lambda moment: moment.replace(microsecond=0)
)
offsets = st.integers(min_value=-12 * 60, max_value=14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))
)


@given(instants, offsets)
def test_to_utc_iso_keeps_the_instant_and_is_idempotent(moment: datetime, zone: timezone) -> None:
    aware = moment.replace(tzinfo=zone)
    utc = to_utc_iso(aware.isoformat())
    assert datetime.fromisoformat(utc) == aware
    assert to_utc_iso(utc) == utc


@pytest.mark.parametrize(
    ("utc", "printed"),
    [
        ("2019-11-07T17:00:22+00:00", "7 ноября 2019, 21:00"),
        ("2019-12-31T20:30:00+00:00", "1 января 2020, 00:30"),
        ("2021-05-09T05:05:59+00:00", "9 мая 2021, 09:05"),
        ("2023-03-01T00:00:00+00:00", "1 марта 2023, 04:00"),
    ],
)
def test_display_date(utc: str, printed: str) -> None:
    assert display_date(from_utc_iso(utc), ARBUZ.zone, RUSSIAN.genitive_months) == printed


@pytest.mark.parametrize(
    "variant",
    [
        SEED_URL,
        SEED_URL.replace("https:", "http:"),
        SEED_URL.rstrip("/"),
        SEED_URL + "amp/",
        SEED_URL + "?utm_source=vk&utm_medium=social",
        SEED_URL.replace("//arbuztoday", "//www.arbuztoday") + "#comments",
        SEED_URL.replace("https://arbuztoday.ru", ""),
        SEED_URL.replace("https://arbuztoday.ru", "HTTPS://ArbuzToday.RU") + "?fbclid=x&yclid=1",
    ],
)
def test_canonical_url_folds_variants(variant: str) -> None:
    assert canonical_url(variant, ARBUZ) == SEED_URL


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://arbuztoday.ru/?p=48213&utm_campaign=x", "https://arbuztoday.ru/?p=48213"),
        ("https://arbuztoday.ru/wp-sitemap.xml", "https://arbuztoday.ru/wp-sitemap.xml"),
        ("https://arbuztoday.ru/a/?b=2&a=1", "https://arbuztoday.ru/a/?a=1&b=2"),
        ("https://arbuztoday.ru", "https://arbuztoday.ru/"),
        ("https://arbuztoday.ru/amp/", "https://arbuztoday.ru/amp/"),
    ],
)
def test_canonical_url_cases(raw: str, canonical: str) -> None:
    assert canonical_url(raw, ARBUZ) == canonical


url_paths = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.%~", min_size=1, max_size=12),
    max_size=4,
)
queries = st.lists(
    st.tuples(
        st.sampled_from(["p", "utm_source", "a", "page", "fbclid", "s"]), st.text(max_size=6)
    ),
    max_size=3,
)


@given(st.sampled_from(["http", "https"]), st.booleans(), url_paths, queries, st.booleans())
def test_canonical_url_is_idempotent(
    scheme: str, www: bool, path: list[str], query: list[tuple[str, str]], slash: bool
) -> None:
    from urllib.parse import urlencode

    host = "www.arbuztoday.ru" if www else "arbuztoday.ru"
    url = f"{scheme}://{host}/{'/'.join(path)}{'/' if slash else ''}?{urlencode(query)}"
    once = canonical_url(url, ARBUZ)
    assert canonical_url(once, ARBUZ) == once
    assert once.startswith("https://arbuztoday.ru/")


segments = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_~", min_size=1, max_size=12),
    max_size=4,
)


@given(segments | st.just(["amp"]) | segments.map(lambda path: [*path, "amp"]))
def test_a_url_in_plain_post_shape_is_canonical_as_it_is(path: list[str]) -> None:
    url = f"https://arbuztoday.ru/{''.join(segment + '/' for segment in path)}"
    assert canonical_url(url, ARBUZ) == _canonicalised(url, ARBUZ)
    assert canonical_url(url.rstrip("/"), ARBUZ) == _canonicalised(url, ARBUZ)


def test_url_key_is_stable() -> None:
    assert url_key(SEED_URL) == "ecfe785d9d5f4927"
    assert len(url_key("https://arbuztoday.ru/x/")) == 16


@pytest.mark.parametrize(
    ("link", "fetched"),
    [
        ("https://arbuztoday.ru/slug/", "http://127.0.0.1:8000/slug/"),
        ("http://arbuztoday.ru/slug/?p=1", "http://127.0.0.1:8000/slug/?p=1"),
        ("/page/2/", "http://127.0.0.1:8000/page/2/"),
        ("https://vk.com/share.php", "https://vk.com/share.php"),
    ],
)
def test_fetch_url_maps_outlet_links_to_the_base(link: str, fetched: str) -> None:
    assert fetch_url(link, "http://127.0.0.1:8000", ARBUZ) == fetched


def test_outlet_url_inverts_fetch_url() -> None:
    base = "http://127.0.0.1:8000/"
    assert outlet_url(fetch_url(SEED_URL, base, ARBUZ), base, ARBUZ) == SEED_URL
    assert outlet_url("https://vk.com/x", base, ARBUZ) == "https://vk.com/x"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Власть", "vlast"),
        ("Игорь Бабушкин", "igor-babushkin"),
        ("Общество", "obshhestvo"),
        ("Происшествия", "proisshestviya"),
        (
            "Астраханцы смогут бесплатно посетить кремль 4 ноября",
            "astraxancy-smogut-besplatno-posetit-kreml-4-noyabrya",
        ),
        ("Станция у улицы", "stanciya-u-ulicy"),
        ("Отец и щука, ёж", "otecz-i-shhuka-yozh"),
        ("Подъезд «Юла» — новый", "podezd-yula-novyj"),
        ("Эхо Цирка", "exo-cirka"),
    ],
)
def test_slug_of(name: str, slug: str) -> None:
    assert slug_of(name, RUSSIAN) == slug


def test_the_seed_title_gives_the_seed_slug() -> None:
    title = (
        "Астраханский губернатор принял участие в заседании XVI форума межрегионального "
        "сотрудничества России и Казахстана."
    )
    assert f"https://arbuztoday.ru/{slug_of(title, RUSSIAN)}/" == SEED_URL


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("Фильм &#171;<em>Бег</em>&#187; покажут в <strong>Астра</strong>хани",
         "Фильм «Бег» покажут в Астрахани"),
        ('<p>Фото: <a href="https://ria.ru">РИА</a>, <a href="https://tass.ru">ТАСС</a></p>',
         "Фото: РИА, ТАСС"),
        ("Строка<br>вторая<BR/>третья</p><p>четвёртая", "Строка вторая третья четвёртая"),
        ("a&nbsp;<i>b</i>", "a b"),
        ("Итоги<ul><li>первый</li><li>второй</li></ul><section>Далее</section>",
         "Итоги первый второй Далее"),
        ("<thead>А</thead><tbody>Б</tbody> <th>thin</th>", "А Б thin"),
    ],
)  # fmt: skip
def test_decode_html_text_joins_inline_tags_and_breaks_at_block_ones(
    fragment: str, text: str
) -> None:
    assert decode_html_text(fragment) == text
