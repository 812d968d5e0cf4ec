"""Seed documents into the archive, through the same preparation, validation and storage as a
crawl."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from newsbot.document import DocumentError, parse
from newsbot.items import Article
from newsbot.prepare import rejection
from newsbot.sites import SiteProfile
from pipelines.store import Archive

_DIGITS = re.compile(r"(\d+)")


class Unreadable(Exception):
    """A file that cannot be imported; the message says why."""


def _natural_key(path: Path) -> list[tuple[int, str]]:
    """Sorts `999_….txt` before `1000_….txt`: digit runs compare as numbers."""
    parts = _DIGITS.split(str(path))
    return [(int(part), "") if part.isdigit() else (-1, part) for part in parts]


def seed_paths(paths: Iterable[Path]) -> Iterator[Path]:
    """Each file named, and every `*.txt` file under each directory named, in natural order."""
    for path in paths:
        if path.is_dir():
            found = [child for child in path.rglob("*.txt") if child.is_file()]
            yield from sorted(found, key=_natural_key)
        else:
            yield path


def read_article(path: Path, profile: SiteProfile) -> Article:
    """The normalised, valid article a seed document holds; raises Unreadable."""
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    try:
        article = parse(text, profile)
    except DocumentError as error:
        raise Unreadable(str(error)) from None
    reason = rejection(article, profile)
    if reason is not None:
        raise Unreadable(f"rejected by validation: {reason}")
    return article


@dataclass
class ImportCounts:
    """Files read and files skipped (the archive counts what its saves did)."""

    files: int = 0
    skipped: int = 0


def import_seed_files(
    paths: Iterable[Path],
    archive: Archive,
    profile: SiteProfile,
    skipped: Callable[[Path, str], None],
) -> ImportCounts:
    """Save the article of every seed document; tell `skipped` about each file that is not one."""
    counts = ImportCounts()
    for path in paths:
        counts.files += 1
        try:
            article = read_article(path, profile)
        except Unreadable as error:
            counts.skipped += 1
            skipped(path, str(error))
            continue
        archive.save(article)
    return counts
