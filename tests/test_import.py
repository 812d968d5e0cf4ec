"""`newsbot import`: seed documents in through the crawl's stages; malformed files reported and
skipped one line each, the rest imported, the run recorded."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsbot.normalize import utc_iso
from tests.conftest import FIXTURES
from tests.crawling import newsbot, stored_documents
from tests.outlet import display_date, parse, render
from tests.store_samples import raw_rows

SEED_TEXT = (FIXTURES / "seed.txt").read_text(encoding="utf-8")
SEED = parse(SEED_TEXT)


def good_documents(count: int) -> list[str]:
    return [
        render(replace(SEED, title=f"Новость {n}", url=f"https://arbuztoday.ru/novost-{n}/"))
        for n in range(count)
    ]


def malformed_documents() -> dict[str, bytes]:
    """200 files that are not importable, each for its own reason."""
    broken: dict[str, bytes] = {}
    for n in range(120):  # every strict prefix of a document is malformed
        broken[f"truncated/{n:03d}.txt"] = SEED_TEXT[: len(SEED_TEXT) * n // 120].encode()
    for n in range(20):
        broken[f"bytes/{n:03d}.txt"] = SEED_TEXT.encode()[: 40 + n] + b"\xff\xfe" + b"x\n"
    for n in range(20):
        stamp = f"2019-11-{n + 1:02d} 17:00"
        broken[f"dates/{n:03d}.txt"] = SEED_TEXT.replace(utc_iso(SEED.published_at), stamp).encode()
    for n in range(20):
        offsite = render(replace(SEED, url=f"https://example.org/copy-{n}/"))
        broken[f"offsite/{n:03d}.txt"] = offsite.encode()
    for n in range(20):
        shifted = SEED_TEXT.replace(display_date(SEED), f"{n + 1} декабря 2019, 21:00")
        broken[f"display/{n:03d}.txt"] = shifted.encode()
    return broken


def test_malformed_files_are_one_line_each_and_the_rest_import(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus", tmp_path / "arbuz.db"
    broken = malformed_documents()
    assert len(broken) == 200
    for name, data in broken.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_bytes(data)
    good = good_documents(5)
    for n, text in enumerate(good):
        (corpus / "good").mkdir(exist_ok=True)
        (corpus / "good" / f"{n}.txt").write_text(text, encoding="utf-8")
    (corpus / "good" / "README.md").write_text("not a seed document, not a .txt file")

    result = newsbot("import", str(corpus), "--db", str(db))

    assert result.returncode == 1
    *skipped, summary = result.stderr.strip().splitlines()
    assert len(skipped) == 200
    reported = {line.removeprefix("Skipped ").split(": ", 1)[0] for line in skipped}
    assert reported == {str(corpus / name) for name in broken}
    assert all(": " in line.removeprefix("Skipped ") for line in skipped)
    reasons = "\n".join(skipped)
    for expected in (
        "not UTF-8 text",
        "Published at is not UTC with seconds",
        "rejected by validation: offsite_url",
        "does not match Published at",
        "the document does not end with a newline",
    ):
        assert expected in reasons
    assert summary == (
        f"Imported 5 of 205 files: 5 new, 0 updated, 0 unchanged, 0 duplicate, 200 skipped; "
        f"1 other file left alone. Archive: {db}"
    )
    assert sorted(stored_documents(db).values()) == sorted(good)
    [run] = raw_rows(db, "SELECT mode, source, finish_reason, new, dropped FROM runs")
    assert run == {
        "mode": "import",
        "source": "import",
        "finish_reason": "finished",
        "new": 5,
        "dropped": 200,
    }


def test_a_clean_import_exits_0_and_a_second_one_changes_nothing(tmp_path: Path) -> None:
    db, seed = tmp_path / "arbuz.db", FIXTURES / "seed.txt"
    first = newsbot("import", str(seed), "--db", str(db))
    assert first.returncode == 0, first.stderr
    again = newsbot("import", str(seed), "--db", str(db))
    assert again.returncode == 0
    assert "1 unchanged" in again.stderr
    assert list(stored_documents(db).values()) == [SEED_TEXT]
    [stored] = raw_rows(db, "SELECT source, post_id FROM articles")
    assert stored == {"source": "import", "post_id": None}


def test_import_mistakes_are_one_line(tmp_path: Path) -> None:
    missing = newsbot("import", str(tmp_path / "nothing-here"), "--db", str(tmp_path / "a.db"))
    assert missing.returncode == 2
    assert "does not exist" in missing.stderr
    (tmp_path / "empty").mkdir()
    empty = newsbot("import", str(tmp_path / "empty"), "--db", str(tmp_path / "a.db"))
    assert empty.returncode == 2
    assert empty.stderr.strip() == f"Error: no seed documents (*.txt) in {tmp_path / 'empty'}"
    (tmp_path / "db-dir").mkdir()
    unwritable = newsbot("import", str(FIXTURES / "seed.txt"), "--db", str(tmp_path / "db-dir"))
    assert unwritable.returncode in (2, 4)
    assert "Traceback" not in unwritable.stderr
