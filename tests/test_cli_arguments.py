"""What the command line takes before anything runs: days, date ranges, base URLs, `-s` values,
export targets and the files an import reads (pure functions and file kinds; no crawl)."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from newsbot import settings as project_settings
from newsbot.cli import main
from newsbot.cli.base_url import checked_base_url
from newsbot.cli.days import EARLIEST_DAY, backfill_range, latest_day, publication_range
from newsbot.cli.overrides import EXPECTED, BadSetting, parse_pairs, typed_settings, unknown_names
from newsbot.crawl.dates import parse_day
from newsbot.exchange.outputs import Refused, Target, seed_directory_problem, table_target
from newsbot.exchange.seed_import import MAX_SEED_BYTES, SeedFiles, Unreadable, read_article
from newsbot.normalize import fetch_url, outlet_url
from newsbot.sites import SiteProfile, UnknownSite, load_profile
from pipelines.store.retries import LONGEST_WAIT, RetryPolicy
from tests.conftest import FIXTURES
from tests.store_samples import ARBUZ

# Days ---------------------------------------------------------------------------------------


@given(st.dates())
def test_a_day_in_the_extended_form_reads_back(day: date) -> None:
    assert parse_day(day.isoformat()) == day


@pytest.mark.parametrize(
    "text", ["20260105", "2026-W01-1", "2026-1-5", "2026-02-30", "٢٠٢٦-٠١-٠٥", "", "0000-01-01"]
)
def test_other_spellings_of_a_day_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="expected YYYY-MM-DD"):
        parse_day(text)


@given(st.dates(), st.dates() | st.none())
def test_a_backfill_range_is_within_the_days_anything_is_published_or_refused(
    since: date, until: date | None
) -> None:
    try:
        first, last = backfill_range(since, until, ARBUZ.zone)
    except click.BadParameter:
        assert (
            (until is not None and until < since)
            or since > latest_day(ARBUZ.zone)
            or (until is not None and until < EARLIEST_DAY)
        )
        return
    assert EARLIEST_DAY <= first <= latest_day(ARBUZ.zone)
    assert last is None or first <= last <= latest_day(ARBUZ.zone)


def test_a_range_reaching_past_today_ends_today_and_one_before_1995_starts_then() -> None:
    assert backfill_range(date(1, 1, 1), date(2999, 1, 1), ARBUZ.zone) == (EARLIEST_DAY, None)
    assert (
        backfill_range(date(2020, 1, 1), latest_day(ARBUZ.zone) - timedelta(days=1), ARBUZ.zone)[1]
        is not None
    )


@given(st.dates() | st.none(), st.dates() | st.none())
def test_a_reader_range_is_two_archive_instants_or_open(
    since: date | None, until: date | None
) -> None:
    if since and until and until < since:
        return
    start, end = publication_range(since, until, ARBUZ)
    for bound in (start, end):
        assert bound is None or bound.utcoffset() == timedelta(0)
    assert start is None or end is None or start < end


# Base URLs ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_url", "checked"),
    [
        ("http://127.0.0.1:8000/", "http://127.0.0.1:8000"),
        ("HTTPS://Arbuztoday.RU", "https://arbuztoday.ru"),
        ("http://[::1]:8000/", "http://[::1]:8000"),
        ("http://[0:0::1]:8000", "http://[::1]:8000"),
        ("http://127.0.0.1:8000/subdir/", "http://127.0.0.1:8000/subdir"),
        ("http://127.0.0.1/a b/", "http://127.0.0.1/a%20b"),
        ("http://арбуз.рф/", "http://xn--80acs8aq.xn--p1ai"),
    ],
)
def test_a_base_url_is_written_one_way(given_url: str, checked: str) -> None:
    assert checked_base_url(given_url) == checked


@pytest.mark.parametrize(
    ("given_url", "problem"),
    [
        ("http://127.0.0.1:99999/", "port"),
        ("http://127.0.0.1:0/", "port"),
        ("http://127.0.0.1:x/", "port"),
        ("http://user:pw@127.0.0.1/", "user name or password"),
        ("http://127.0.0.1/?page=2", "query or fragment"),
        ("http://127.0.0.1/#top", "query or fragment"),
        ("ftp://127.0.0.1/", "not an http(s) URL"),
        ("127.0.0.1:8000", "not an http(s) URL"),
        ("http://[::g]/", "not a valid URL"),
        ("http://[fe80::1::2]/", "not a valid URL"),
        ("http://exa mple/", "no valid host"),
        ("http://-bad-.org/", "no valid host"),
    ],
)
def test_a_bad_base_url_says_what_is_wrong(given_url: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem.replace("(", r"\(").replace(")", r"\)")):
        checked_base_url(given_url)


@given(st.text(max_size=60))
def test_a_checked_base_url_checks_again_to_itself(text: str) -> None:
    try:
        checked = checked_base_url(text)
    except ValueError:
        return
    assert checked_base_url(checked) == checked
    assert urlsplit(checked).scheme in ("http", "https")


OUTLET_PATHS = st.lists(
    st.text("abcxyz0123-_.%", min_size=1, max_size=8).filter(lambda part: part not in (".", "..")),
    min_size=0,
    max_size=4,
).map(lambda parts: "/" + "/".join(parts) + ("/" if parts else ""))


@given(OUTLET_PATHS, st.sampled_from(["", "/subdir", "/a/b"]))
def test_a_mirror_under_a_path_serves_every_outlet_path_below_it(path: str, prefix: str) -> None:
    base = f"http://127.0.0.1:8000{prefix}"
    for link in (f"https://arbuztoday.ru{path}", f"http://arbuztoday.ru{path}", path):
        fetched = fetch_url(link, base, ARBUZ)
        assert fetched == f"{base}{path}"
        assert outlet_url(fetched, base, ARBUZ) == f"https://arbuztoday.ru{path}"


def test_a_page_outside_the_mirrors_path_is_not_an_outlet_page() -> None:
    assert outlet_url("http://h:1/other/", "http://h:1/subdir", ARBUZ) == "http://h:1/other/"
    assert fetch_url("https://example.org/x", "http://h:1/subdir", ARBUZ) == (
        "https://example.org/x"
    )


# -s values ------------------------------------------------------------------------------------


def test_every_setting_newsbot_reads_has_an_expected_type() -> None:
    given_by_options = {"NEWSBOT_DB", "NEWSBOT_SITE", "NEWSBOT_BASE_URL"}
    ours = {name for name in dir(project_settings) if name.startswith("NEWSBOT_")}
    assert ours - given_by_options <= set(EXPECTED)


@pytest.mark.parametrize(
    ("pair", "words"),
    [
        ("DOWNLOAD_DELAY=abc", "DOWNLOAD_DELAY takes a number from 0 to 2000000"),
        ("DOWNLOAD_DELAY=-1", "DOWNLOAD_DELAY takes a number from 0 to 2000000"),
        ("DOWNLOAD_DELAY=nan", "DOWNLOAD_DELAY takes a number from 0 to 2000000"),
        ("NEWSBOT_WATERMARK_OVERLAP=99999999999999", "takes a number from 0 to 315619200"),
        ("NEWSBOT_INCREMENTAL_SITEMAPS=x", "NEWSBOT_INCREMENTAL_SITEMAPS takes a whole number"),
        ("CONCURRENT_REQUESTS=0", "CONCURRENT_REQUESTS takes a whole number from 1 to"),
        ("AUTOTHROTTLE_ENABLED=yes please", "AUTOTHROTTLE_ENABLED takes true or false"),
        ("RETRY_HTTP_CODES=500,abc", "RETRY_HTTP_CODES takes HTTP status codes"),
        ("NEWSBOT_HEALTH_EXPECTED_COVERAGE=[1]", "takes a JSON object"),
        ("LOG_LEVEL=LOUD", "LOG_LEVEL takes one of DEBUG"),
        ("NEWSBOT_HEALTH_MAX_ERROR_RATE=2", "takes a number from 0 to 1"),
    ],
)
def test_a_value_of_the_wrong_type_names_the_setting_and_the_type(pair: str, words: str) -> None:
    with pytest.raises(BadSetting, match=words.replace("(", r"\(")):
        typed_settings(parse_pairs((pair,)))


NUMBER_TEXTS = st.one_of(
    st.integers(-(10**30), 10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["99999999999999", "1e20", "1e309", "-0", "9223372036854775808"]),
)


UNITS = ("seconds", "minutes", "hours", "days")
IN_SECONDS = {
    "NEWSBOT_WATERMARK_OVERLAP", "NEWSBOT_RETRY_AFTER_MAX", "NEWSBOT_FIRST_ANSWER_TIMEOUT",
    "NEWSBOT_SILENCE_LIMIT", "NEWSBOT_DB_BUSY_TIMEOUT", "NEWSBOT_PROGRESS_INTERVAL",
    "DOWNLOAD_DELAY", "AUTOTHROTTLE_START_DELAY", "AUTOTHROTTLE_MAX_DELAY", "DOWNLOAD_TIMEOUT",
    "DNS_TIMEOUT", "CLOSESPIDER_TIMEOUT",
}  # fmt: skip


@given(name=st.sampled_from(sorted(EXPECTED)), text=NUMBER_TEXTS)
def test_a_number_any_setting_takes_is_one_the_program_can_use(name: str, text: str) -> None:
    try:
        value = typed_settings({name: text})[name]
    except BadSetting:
        return
    if isinstance(value, bool) or not isinstance(value, int | float):
        return
    assert -(2**63) <= value <= 2**63 - 1
    unit = next((unit for unit in UNITS if name.endswith(unit.upper())), None)
    if unit or name in IN_SECONDS:
        span = timedelta(**{unit or "seconds": value})
        now = datetime.now(UTC)
        assert now - span <= now + span  # neither end overflows


@given(backoff=st.floats(0, 10 * 366 * 24 * 60), failures=st.integers(1, 10**6))
def test_a_failed_page_waits_at_most_ten_years_whatever_its_failures(
    backoff: float, failures: int
) -> None:
    wait = RetryPolicy(timedelta(minutes=backoff), attempts=8).wait(failures)
    assert timedelta(0) <= wait <= LONGEST_WAIT
    assert datetime.now(UTC) + wait > datetime.now(UTC) - timedelta(seconds=1)


@given(
    st.one_of(
        st.text(max_size=12),
        st.sampled_from([".", "..x", ".x", "x.", "a..b", "arbuz.", " ", "1abc", "a-b", "ü.."]),
    )
)
def test_a_site_name_is_a_profile_or_a_module_path_or_one_clear_error(name: str) -> None:
    try:
        profile = load_profile(name)
    except UnknownSite as error:
        assert "\n" not in str(error)
    else:
        assert isinstance(profile, SiteProfile)


def test_values_become_their_settings_types_and_unknown_ones_pass_as_given() -> None:
    typed = typed_settings(
        parse_pairs(
            (
                "DOWNLOAD_DELAY=0.25",
                "AUTOTHROTTLE_ENABLED=False",
                "RETRY_HTTP_CODES=500, 503",
                "NEWSBOT_INCREMENTAL_SITEMAPS=0",
                "SPIDERMON_TELEGRAM_SENDER_TOKEN=abc=def",
            )
        )
    )
    assert typed == {
        "DOWNLOAD_DELAY": 0.25,
        "AUTOTHROTTLE_ENABLED": False,
        "RETRY_HTTP_CODES": [500, 503],
        "NEWSBOT_INCREMENTAL_SITEMAPS": 0,
        "SPIDERMON_TELEGRAM_SENDER_TOKEN": "abc=def",
    }


def test_a_malformed_pair_and_a_near_miss_name() -> None:
    with pytest.raises(BadSetting, match="NAME=VALUE"):
        parse_pairs(("DOWNLOAD_DELAY",))
    assert unknown_names({"DOWNLOAD_DELAYS": "1", "MY_OWN": "x"}) == [
        "-s DOWNLOAD_DELAYS is not a setting newsbot or Scrapy knows: DOWNLOAD_DELAY?"
    ]


@given(st.sampled_from(sorted(EXPECTED)), st.text(max_size=20))
def test_a_checked_setting_takes_a_value_or_one_bad_setting(name: str, value: str) -> None:
    try:
        typed_settings({name: value})
    except BadSetting as error:
        assert name in str(error)


# Export targets -----------------------------------------------------------------------------


def test_export_targets(tmp_path: Path) -> None:
    regular = tmp_path / "file.jsonl"
    regular.write_text("old")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    link = tmp_path / "link.jsonl"
    link.symlink_to(regular)
    dangling = tmp_path / "dangling.jsonl"
    dangling.symlink_to(tmp_path / "nowhere")
    assert table_target(Path("-")) is Target.STDOUT
    assert table_target(tmp_path / "new.jsonl") is Target.FILE
    assert table_target(regular) is Target.FILE
    assert table_target(fifo) is Target.STREAM
    assert table_target(Path("/dev/null")) is Target.STREAM
    for refused, words in ((link, "symbolic link"), (dangling, "to nothing"), (tmp_path, "dir")):
        with pytest.raises(Refused, match=words):
            table_target(refused)
    assert seed_directory_problem(Path("-"))
    assert seed_directory_problem(regular)
    assert seed_directory_problem(tmp_path) is None


def test_a_block_device_is_refused(tmp_path: Path) -> None:
    device = tmp_path / "disk"
    try:
        os.mknod(device, 0o600 | 0o060000, os.makedev(240, 0))  # S_IFBLK, an unused major
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(Refused, match="block device"):
        table_target(device)


# Import sources -----------------------------------------------------------------------------


def test_what_an_import_reads_under_a_directory(tmp_path: Path) -> None:
    corpus, outside = tmp_path / "corpus", tmp_path / "outside"
    (corpus / "deep").mkdir(parents=True)
    outside.mkdir()
    seed = (FIXTURES / "seed.txt").read_bytes()
    (corpus / "a.txt").write_bytes(seed)
    (corpus / "deep" / "B.TXT").write_bytes(seed)
    (corpus / "notes.md").write_text("not a seed document")
    (outside / "c.txt").write_bytes(seed)
    (corpus / "in.txt").symlink_to(corpus / "a.txt")
    (corpus / "out.txt").symlink_to(outside / "c.txt")
    (corpus / "linked").symlink_to(outside)
    found = SeedFiles([corpus])
    problems = {path.name: problem for path, problem in found.files}
    assert problems == {
        "a.txt": None,
        "B.TXT": None,
        "in.txt": None,
        "out.txt": f"a symbolic link out of {corpus}, not followed",
        "linked": f"a symbolic link out of {corpus}, not followed",
    }
    assert found.ignored == 1
    named = SeedFiles([corpus / "out.txt"])  # a file named on the command line is taken as named
    assert named.files == [(corpus / "out.txt", None)]


def test_only_regular_files_of_bounded_size_are_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.txt"
    os.mkfifo(fifo)
    big = tmp_path / "big.txt"
    with big.open("wb") as file:
        file.truncate(MAX_SEED_BYTES + 1)
    for path, words in (
        (fifo, "a pipe"),
        (Path("/dev/zero"), "a character device"),
        (big, "larger than 16 MiB"),
    ):
        with pytest.raises(Unreadable, match=words):
            read_article(path, ARBUZ)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e400"])
@pytest.mark.parametrize(
    "args",
    [
        ["probe", "--base-url", "http://127.0.0.1:9", "--timeout"],
        ["crawl", "--base-url", "http://127.0.0.1:9", "--wait-timeout"],
        ["replica", "--fault-rate"],
        ["replica", "--slow"],
    ],
)
def test_a_number_that_is_not_finite_is_a_usage_error(args: list[str], value: str) -> None:
    result = CliRunner().invoke(main, [*args, value])
    assert result.exit_code == 2, result.output
    assert "is not a finite number" in result.stderr or "range" in result.stderr
