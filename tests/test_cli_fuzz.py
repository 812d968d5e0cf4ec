"""Every subcommand run with generated hostile arguments: dates of every shape, URLs, `-s` pairs,
paths of every kind (devices, FIFOs, links, directories, nothing), queries with FTS5 syntax and
any Unicode. Whatever comes, there is no traceback, the exit code is one of README's table, and
the archive is unchanged unless the command writes (and then nothing stored is lost).

The readers and the import run in this process through click's CliRunner (they start no
reactor); the crawl commands, `demo` and `replica` run as subprocesses, few of them, each with
`--max-requests 1` and an offline resolver that fails every name but loopback ones, so nothing
leaves the machine. The default profile is small and derandomised; `-m fuzz` runs a long one.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from newsbot.cli import main
from pipelines.store import Archive
from tests.cli_places import SPELLED, Places, fifo_drained, fingerprint, stored_urls
from tests.crawling import ROOT
from tests.replica import Replica, running_replica
from tests.store_samples import ARBUZ, sample_article

EXIT_CODES = {0, 1, 2, 3, 4, 5, 6}
"""README's table of exit codes."""

QUICK = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
QUICK_SUBPROCESSES = settings(QUICK, max_examples=6)
LONG = settings(QUICK, max_examples=600, derandomize=False)
LONG_SUBPROCESSES = settings(QUICK, max_examples=60, derandomize=False)

OFFLINE = ("-s", "TWISTED_DNS_RESOLVER=tests.offline_dns.LoopbackOnlyResolver")
QUICK_FAILURE = ("-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=10", "-s", "DOWNLOAD_DELAY=0")

# Strategies -----------------------------------------------------------------------------------

DAYS = st.one_of(
    st.dates().map(date.isoformat),
    st.sampled_from(
        [
            "0001-01-01", "9999-12-31", "1994-12-31", "1995-01-01", "2999-01-01", "2026-02-30",
            "20260105", "2026-W01-1", "2026-1-5", "٢٠٢٦-٠١-٠٥", "", " ", "yesterday", "-1",
        ]
    ),
    st.text(max_size=12),
)  # fmt: skip

HOSTS = st.sampled_from(
    ["127.0.0.1", "127.0.0.2", "localhost", "[::1]", "[::1", "::1", "", "-bad-", "exa mple",
     "арбуз.рф", "xn--", "127.0.0.1.", "[fe80::1%25lo]"]
)  # fmt: skip
PORTS = st.one_of(
    st.none(),
    st.integers(-5, 70000).map(str),
    st.sampled_from(["", "x", "99999", "0", "65535", "8080"]),
)
URLS = st.one_of(
    st.builds(
        lambda scheme, userinfo, host, port, path: (
            f"{scheme}{userinfo}{host}{'' if port is None else ':' + port}{path}"
        ),
        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "file://", "", "//"]),
        st.sampled_from(["", "user@", "user:pw@", ":@"]),
        HOSTS,
        PORTS,
        st.sampled_from(["", "/", "/subdir/", "/a b/", "/?p=1", "/#x", "/../", "/%zz"]),
    ),
    st.text(max_size=30),
)

SETTING_NAMES = st.sampled_from(
    [
        "DOWNLOAD_DELAY", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
        "AUTOTHROTTLE_ENABLED", "RETRY_TIMES", "RETRY_HTTP_CODES", "DOWNLOAD_TIMEOUT",
        "DOWNLOAD_MAXSIZE", "CLOSESPIDER_PAGECOUNT", "LOG_LEVEL", "ROBOTSTXT_OBEY",
        "NEWSBOT_INCREMENTAL_SITEMAPS", "NEWSBOT_WATERMARK_OVERLAP", "NEWSBOT_REVISIT_DAYS",
        "NEWSBOT_DB", "NEWSBOT_BASE_URL", "NEWSBOT_DB_BATCH_SIZE", "NEWSBOT_UNREACHABLE_AFTER",
        "NEWSBOT_HEALTH_EXPECTED_COVERAGE", "NEWSBOT_HEALTH_MAX_ERROR_RATE",
        "NEWSBOT_ALERT_ACTIONS", "NEWSBOT_RETRY_AFTER_STATUSES", "USER_AGENT",
        "UNKNOWN_SETTING", "download_delay", "DOWNLOAD_DELAYS", "", "NEWSBOT_SITE",
        "NEWSBOT_ARTICLE_RETRY_MINUTES", "NEWSBOT_ARTICLE_RETRY_ATTEMPTS",
        "NEWSBOT_DB_BUSY_TIMEOUT",
    ]
)  # fmt: skip
SETTING_VALUES = st.one_of(
    st.sampled_from(
        ["", "0", "1", "-1", "2.5", "nan", "inf", "1e309", "True", "false", "yes", "{}", "[]",
         '{"categories": 2}', "500,abc", "DEBUG", "LOUD", "no.such.Action", "abc",
         "99999999999999", "9223372036854775808", "..x", "."]
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.text(max_size=15),
)  # fmt: skip
PAIRS = st.lists(
    st.one_of(
        st.builds(lambda name, value: f"{name}={value}", SETTING_NAMES, SETTING_VALUES),
        st.sampled_from(["NOVALUE", "=1", "A=B=C"]),
    ),
    max_size=3,
)

FTS5_ALPHABET = st.characters(
    codec="utf-8", categories=["L", "N", "P", "S", "Zs"], include_characters='"()*:^+-{},\x00'
)
QUERIES = st.one_of(
    st.sampled_from(
        ["музей-заповедник", "covid-19", "музей -кремль", "", " ", "-кремль", "AND", "NOT a",
         '"unclosed', "NEAR(a b", "title: пожар", "x: y", "{title body}: ёлка", "ёлк*", "^музей",
         "музей + кремль", "a OR OR b", "*", "()", '""', "\x00", "🍉-🍉"]
    ),
    st.text(FTS5_ALPHABET, max_size=30),
)  # fmt: skip

NUMBERS = st.one_of(
    st.integers(-5, 10**12).map(str),
    st.integers(-(10**30), 10**30).map(str),
    st.sampled_from(
        ["", "x", "1.5", "0", "1e20", "100000000000000000000", "9223372036854775807",
         "9223372036854775808", "-9223372036854775809", "99999999999999", "inf", "nan"]
    ),
)  # fmt: skip
SITES = st.sampled_from(
    ["arbuz", "..x", ".", "x.", ".x", "a..b", "no_such", "newsbot.sites.arbuz", "os.path", " ",
     "1abc", "arbuz.", "newsbot.sites.no_such"]
)  # fmt: skip

PATH_KINDS = (
    "archive", "new", "regular", "zero", "text", "directory", "fifo", "null", "full", "zero_dev",
    "link", "dangling", "nested_new", "under_file", "stdout", "seed", "seeds_dir", "big",
    "ring", "under_loop", "long_new", "long_csv",
)  # fmt: skip


@dataclass
class Example:
    """One generated command line: whether it writes the archive, the kind of its `--db`, and
    the places (kinds) it may create or change."""

    args: list[str]
    writes: bool
    db_kind: str
    outputs: tuple[str, ...] = ()


RELATIVE = {"new": "new.out", "nested_new": "a", "under_file": "regular/x", **SPELLED}
LINKED = {"link": "regular", "dangling": "nowhere"}
"""Where the links lead: a database named through a link keeps its lock beside the target."""


def _may_change(name: str, example: Example) -> bool:
    """Whether the entry `name` (relative to the places) is one the command may change: its
    output, or its database and the files SQLite and the run lock keep beside it."""
    for kind in example.outputs:
        for place in (RELATIVE.get(kind, kind), LINKED.get(kind)):
            if place and (
                name == place or name.startswith((f"{place}/", f"{place}.", f"{place}-"))
            ):
                return True
    return False


def check_places(
    places: Places, before: dict[str, tuple[int, str]], example: Example, shown: str
) -> None:
    """Nothing but the command's outputs changed among the places, and nothing was left."""
    after = places.snapshot()
    kept = {name: kind for name, kind in before.items() if not _may_change(name, example)}
    assert {name: after.get(name) for name in kept} == kept, shown
    left = {name for name in after.keys() - before.keys() if not _may_change(name, example)}
    assert not left, (left, shown)


def check_archive(
    places: Places, example: Example, code: int, before: tuple[str, set[str]], shown: str
) -> None:
    """The archive is unchanged unless the command writes it; then nothing stored is lost."""
    digest, urls = before
    if not example.writes or code == 2 or example.db_kind != "archive":
        assert fingerprint(places.archive) == digest, shown
    else:
        assert stored_urls(places.archive) >= urls, shown


def run_in_process(places: Places, example: Example) -> None:
    """Run `example` through CliRunner and check what it printed, returned and changed."""
    before = places.snapshot()
    archive_before = (fingerprint(places.archive), stored_urls(places.archive))
    with fifo_drained(places.root / "fifo"):
        result = CliRunner().invoke(main, example.args, catch_exceptions=True)
    shown = f"{example.args!r}\n{result.output[-2000:]}\n{result.stderr[-2000:]}"
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"{shown}\n{result.exception!r}"
    )
    assert "Traceback" not in result.stderr, shown
    assert result.exit_code in EXIT_CODES, shown
    check_archive(places, example, result.exit_code, archive_before, shown)
    check_places(places, before, example, shown)


def run_subprocess(places: Places, example: Example) -> None:
    """Run `example` as `python -m newsbot …` and check what it printed, returned and changed."""
    before = places.snapshot()
    archive_before = (fingerprint(places.archive), stored_urls(places.archive))
    command = [sys.executable, "-m", "newsbot", *example.args]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT
    ) as process:
        try:
            stdout, stderr = process.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            process.terminate()  # a replica given valid arguments serves until stopped
            stdout, stderr = process.communicate(timeout=30)
            assert example.args[0] == "replica" and stdout.startswith("Serving "), stderr
    shown = f"{example.args!r}\n{stdout[-1500:]}\n{stderr[-3000:]}"
    assert "Traceback" not in stderr, shown
    code = process.returncode
    assert code in EXIT_CODES or (example.args[0] == "replica" and code < 0), shown
    check_archive(places, example, code, archive_before, shown)
    check_places(places, before, example, shown)


# Generated command lines ----------------------------------------------------------------------


def maybe(option: str, values: st.SearchStrategy[str]) -> st.SearchStrategy[list[str]]:
    return st.one_of(st.just([]), values.map(lambda value: [option, value]))


DB_KINDS = st.sampled_from(
    ["archive"] * 4 + ["new", "zero", "text", "directory", "fifo", "null", "link", "dangling",
                       "under_file"]
)  # fmt: skip
TERMS = st.one_of(
    st.sampled_from(["Политика", "politika", "Астрахань", "xyz", ""]), st.text(max_size=8)
)
JSON_FLAG = st.sampled_from([[], ["--json"]])


@st.composite
def reader_examples(draw: st.DrawFn, places: Places) -> Example:
    command = draw(st.sampled_from(["stats", "search", "export", "parse"]))
    db_kind = draw(DB_KINDS)
    db = ["--db", places.path(db_kind)]
    dates = draw(maybe("--since", DAYS)) + draw(maybe("--until", DAYS))
    site = draw(maybe("--site", SITES))
    if command == "stats":
        args = ["stats", *draw(maybe("--top", NUMBERS)), *draw(maybe("--runs", NUMBERS))]
        args += draw(st.sampled_from([[], ["--check"]])) + draw(maybe("--plot-days", NUMBERS))
        return Example([*args, *draw(JSON_FLAG), *db, *site], writes=False, db_kind=db_kind)
    if command == "search":
        options = [*draw(maybe("--limit", NUMBERS)), *dates, *draw(maybe("--category", TERMS))]
        options += [*draw(maybe("--tag", TERMS)), *draw(JSON_FLAG), *db, *site]
        query = draw(QUERIES)
        ending = ["--", query] if draw(st.booleans()) else [query]
        return Example(["search", *options, *ending], writes=False, db_kind=db_kind)
    if command == "export":
        format_ = draw(st.sampled_from(["seed", "jsonl", "csv", "parquet", "xml"]))
        out_kind = draw(st.sampled_from(PATH_KINDS))
        args = ["export", "--format", format_, "--out", places.path(out_kind), *dates, *db]
        args += draw(maybe("--category", TERMS)) + draw(maybe("--tag", TERMS)) + site
        return Example(args, writes=False, db_kind=db_kind, outputs=(out_kind,))
    source = places.path(draw(st.sampled_from(PATH_KINDS)))
    args = ["parse", source, *draw(maybe("--url", URLS)), *draw(maybe("--index", NUMBERS))]
    return Example(args, writes=False, db_kind="archive")


@st.composite
def import_examples(draw: st.DrawFn, places: Places) -> Example:
    sources = draw(st.lists(st.sampled_from(PATH_KINDS), min_size=1, max_size=3))
    db_kind = draw(DB_KINDS)
    args = ["import", *(places.path(kind) for kind in sources), "--db", places.path(db_kind)]
    return Example(args, writes=True, db_kind=db_kind, outputs=(db_kind,))


REPLICA_ARGUMENTS = st.sampled_from(
    [["--port", "99999"], ["--port", "-1"], ["--port", "x"], ["--articles", "0"],
     ["--articles", "1"], ["--host", "not a host"], ["--fault-rate", "2"], ["--slow", "-1"],
     ["--fault-statuses", "999"], ["--theme", "none"]]
)  # fmt: skip


@st.composite
def crawl_examples(draw: st.DrawFn, places: Places, site_url: str) -> Example:
    command = draw(st.sampled_from(["crawl", "backfill", "crawl", "backfill", "demo", "replica"]))
    if command == "replica":
        return Example(["replica", *draw(REPLICA_ARGUMENTS)], writes=False, db_kind="archive")
    db_kind = draw(st.sampled_from(["archive"] * 3 + ["new", "zero", "text", "fifo", "null"]))
    db = ["--db", places.path(db_kind)]
    if command == "demo":
        articles = draw(st.sampled_from(["0", "-1", "x", "", "2"]))
        args = ["demo", "--articles", articles, *db]
        return Example(args, writes=True, db_kind=db_kind, outputs=(db_kind,))
    base = draw(st.one_of(st.just(site_url), st.just(site_url), URLS))
    source = draw(maybe("--source", st.sampled_from(["auto", "rest", "html", "soap"])))
    args = [command, "--base-url", base, *source]
    if command == "backfill":
        args += ["--since", draw(DAYS), *draw(maybe("--until", DAYS))]
    args += ["--max-requests", draw(st.sampled_from(["1", "1", "0", "-1", "x"]))]
    args += [*db, *draw(maybe("--site", SITES)), *OFFLINE, *QUICK_FAILURE]
    for pair in draw(PAIRS):
        args += ["-s", pair]
    return Example(args, writes=True, db_kind=db_kind, outputs=(db_kind,))


# The tests ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("fuzz") / "arbuz.db"
    with Archive(db, ARBUZ) as archive:
        for n in range(12):
            paragraphs = [f"Абзац {n}: музей-заповедник и covid-19.", "Кремль закрыт."]
            archive.save(sample_article(n, paragraphs=paragraphs))
    return db


@pytest.fixture(scope="module")
def site() -> Iterator[Replica]:
    with running_replica("--articles", "30") as running:
        yield running


def places_for(base_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Places:
    root = tmp_path_factory.mktemp("places")
    archive = root / "archive.db"
    shutil.copy(base_archive, archive)
    return Places(root / "p", archive)


def fuzz_readers(base: Path, factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    places = places_for(base, factory)
    strategy = data.draw(st.sampled_from([reader_examples, reader_examples, import_examples]))
    run_in_process(places, data.draw(strategy(places)))


def fuzz_crawls(
    site: Replica, base: Path, factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    places = places_for(base, factory)
    example = data.draw(crawl_examples(places, site.url))
    assume(not any("\x00" in arg for arg in example.args))  # no process takes those
    run_subprocess(places, example)


@QUICK
@given(data=st.data())
def test_readers_and_import_take_anything(
    base_archive: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    fuzz_readers(base_archive, tmp_path_factory, data)


@pytest.mark.e2e
@QUICK_SUBPROCESSES
@given(data=st.data())
def test_crawl_commands_take_anything(
    site: Replica,
    base_archive: Path,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    fuzz_crawls(site, base_archive, tmp_path_factory, data)


@pytest.mark.fuzz
@LONG
@given(data=st.data())
def test_readers_and_import_take_anything_long(
    base_archive: Path, tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    fuzz_readers(base_archive, tmp_path_factory, data)


@pytest.mark.e2e
@pytest.mark.fuzz
@LONG_SUBPROCESSES
@given(data=st.data())
def test_crawl_commands_take_anything_long(
    site: Replica,
    base_archive: Path,
    tmp_path_factory: pytest.TempPathFactory,
    data: st.DataObject,
) -> None:
    fuzz_crawls(site, base_archive, tmp_path_factory, data)
