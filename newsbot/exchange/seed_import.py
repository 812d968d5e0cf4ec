"""Seed documents into the archive, through the same preparation, validation and storage as a
crawl."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from newsbot.document import DocumentError, parse
from newsbot.items import Article
from newsbot.normalize.article import rejection
from newsbot.settings import DOWNLOAD_MAXSIZE
from newsbot.sites import SiteProfile
from pipelines.store import Archive

_DIGITS = re.compile(r"(\d+)")

MAX_SEED_BYTES = DOWNLOAD_MAXSIZE
"""The largest file read: as large as the largest page a crawl downloads."""

FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a pipe",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
    stat.S_IFSOCK: "a socket",
}
"""What a file that is no regular one is, by the type bits of its mode."""


class Unreadable(Exception):
    """A file that cannot be imported; the message says why."""


def _natural_key(path: Path) -> list[tuple[int, str]]:
    """Sorts `999_….txt` before `1000_….txt`: digit runs compare as numbers."""
    parts = _DIGITS.split(str(path))
    return [(int(part), "") if part.isdigit() else (-1, part) for part in parts]


class SeedFiles:
    """The files an import reads: each file named, and every `*.txt` (any case) under each
    directory named, in natural order.

    `files` pairs each with the reason it is skipped unread (None: read it): a symbolic link
    under a directory that leads out of it, or a file that is no regular file. `ignored` counts
    the other files under the directories.
    """

    def __init__(self, paths: Iterable[Path]) -> None:
        self.ignored = 0
        self.files: list[tuple[Path, str | None]] = []
        for path in paths:
            if path.is_dir():
                self.files += self._under(path)
            else:
                self.files.append((path, None))
        self.files = list(dict.fromkeys(self.files))

    def _under(self, directory: Path) -> list[tuple[Path, str | None]]:
        root = _real(directory)
        found: list[tuple[Path, str | None]] = []

        def unreadable(error: OSError) -> None:
            found.append((Path(error.filename), error.strerror or str(error)))

        for folder, subfolders, names in os.walk(directory, onerror=unreadable):
            for name in subfolders:
                linked = Path(folder, name)
                if linked.is_symlink() and not _real(linked).is_relative_to(root):
                    found.append((linked, f"a symbolic link out of {directory}, not followed"))
            for name in names:
                path = Path(folder, name)
                if path.suffix.lower() != ".txt":
                    self.ignored += 1
                elif path.is_symlink() and not _real(path).is_relative_to(root):
                    found.append((path, f"a symbolic link out of {directory}, not followed"))
                else:
                    found.append((path, None))
        return sorted(found, key=lambda pair: _natural_key(pair[0]))


def _real(path: Path) -> Path:
    """Where the links of `path` lead (within a loop of links: where the loop was found)."""
    return Path(os.path.realpath(path))


def read_bounded(path: Path, noun: str, not_regular: str = "") -> bytes:
    """The bytes of a regular file of at most `MAX_SEED_BYTES`; raises Unreadable saying why
    it is not `noun` (`not_regular`, when given, of every file that is no regular one)."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            kind = FILE_KINDS.get(stat.S_IFMT(mode), "not a regular file")
            raise Unreadable(not_regular or f"{kind}, not {noun} file")
        with path.open("rb") as source:
            data = source.read(MAX_SEED_BYTES + 1)
    except OSError as error:
        raise Unreadable(error.strerror or str(error)) from None
    if len(data) > MAX_SEED_BYTES:
        raise Unreadable(f"larger than {MAX_SEED_BYTES // 2**20} MiB, not {noun}")
    return data


def read_article(path: Path, profile: SiteProfile) -> Article:
    """The normalised, valid article a seed document holds; raises Unreadable."""
    try:
        text = read_bounded(path, "a seed document").decode("utf-8")
    except UnicodeDecodeError as error:
        raise Unreadable(f"not UTF-8 text (byte {error.start})") from None
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
    stopped: bool = False
    """The import was asked to stop before its last file."""


def import_seed_files(
    files: Iterable[tuple[Path, str | None]],
    archive: Archive,
    profile: SiteProfile,
    skipped: Callable[[Path, str], None],
    stop: Callable[[], bool] = lambda: False,
) -> ImportCounts:
    """Save the article of every seed document; tell `skipped` about each file that is not one.

    `stop` is asked before each file: once it says so, the rest are left (`counts.stopped`).
    """
    counts = ImportCounts()
    for path, problem in files:
        if stop():
            counts.stopped = True
            break
        counts.files += 1
        try:
            if problem is not None:
                raise Unreadable(problem)
            article = read_article(path, profile)
        except Unreadable as error:
            counts.skipped += 1
            skipped(path, str(error))
            continue
        archive.save(article)
    return counts
