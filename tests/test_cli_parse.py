"""`newsbot parse` as a user runs it: a real subprocess, stdout compared byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def newsbot(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "newsbot", *args], capture_output=True, timeout=60, check=False
    )


def test_parse_article_page_prints_the_seed(fixtures: Path) -> None:
    result = newsbot("parse", str(fixtures / "arbuz" / "2019" / "article.html"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == (fixtures / "seed.txt").read_bytes()


def test_parse_rest_list_first_post_is_the_seed(fixtures: Path) -> None:
    result = newsbot(
        "parse", str(fixtures / "arbuz" / "2019" / "wp-json-posts.json"), "--index", "0"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == (fixtures / "seed.txt").read_bytes()


def test_parse_rest_list_after_a_byte_order_mark(fixtures: Path, tmp_path: Path) -> None:
    saved = tmp_path / "bom.json"
    saved.write_bytes(
        b"\xef\xbb\xbf" + (fixtures / "arbuz" / "2019" / "wp-json-posts.json").read_bytes()
    )
    result = newsbot("parse", str(saved), "--index", "0")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (fixtures / "seed.txt").read_bytes()


def test_parse_rest_list_prints_every_post(fixtures: Path) -> None:
    result = newsbot("parse", str(fixtures / "arbuz" / "2019" / "wp-json-posts.json"))
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")
    assert text.startswith((fixtures / "seed.txt").read_text(encoding="utf-8"))
    second = text[len((fixtures / "seed.txt").read_text(encoding="utf-8")) :]
    assert "\n# Астраханцы смогут бесплатно посетить кремль 4 ноября | АРБУЗ\n" in second
    assert "Фото" not in second
    assert second.endswith("\n        Астраханский кремль\n        Праздники\n      \n")


def test_a_listing_is_refused_with_one_line(fixtures: Path) -> None:
    result = newsbot("parse", str(fixtures / "arbuz" / "2019" / "listing.html"))
    assert result.returncode != 0
    assert result.stdout == b""
    message = result.stderr.decode("utf-8").strip()
    assert len(message.splitlines()) == 1
    assert "not an article" in message
    assert "Traceback" not in message


def test_a_missing_file_is_one_line(tmp_path: Path) -> None:
    result = newsbot("parse", str(tmp_path / "nope.html"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr.decode("utf-8")


def test_an_empty_rest_list_is_refused_with_one_line(tmp_path: Path) -> None:
    saved = tmp_path / "empty.json"
    saved.write_text("[]")
    result = newsbot("parse", str(saved))
    assert result.returncode == 1 and result.stdout == b""
    assert (
        result.stderr.decode().strip() == f"Error: {saved}: not an article: an empty list of posts"
    )
