"""Writing export files so that no reader ever sees a partial one: a hidden temporary file in the
same directory, renamed over the target with `os.replace` only when its bytes differ.

A temporary file is locked (`flock`) while it is written; one that nobody holds is what a
killed export left, and the next export into that directory removes it (`remove_stale`).
"""

from __future__ import annotations

import fcntl
import filecmp
import os
import re
import secrets
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

SUFFIX_BYTES = len(".12345678.tmp")
TEMPORARY = re.compile(r"\.(?P<stem>.*)\.[0-9a-f]{8}\.tmp", re.DOTALL)
"""The names of temporary files: hidden, eight hex digits and `.tmp` (no export file's name)."""


@dataclass
class FileCounts:
    """What an export did: articles written out, and its files written, unchanged, removed."""

    articles: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def _name_limit(directory: Path) -> int:
    """The longest file name in bytes that `directory`'s file system takes."""
    try:
        return os.pathconf(directory, "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def temporary_name(target: Path, token: str) -> str:
    """The hidden temporary name for `target`: its name cut to fit the file system's limit."""
    room = _name_limit(target.parent) - SUFFIX_BYTES - 1
    stem = os.fsencode(target.name)[:room].decode(errors="ignore")
    return f".{stem}.{token}.tmp"


def remove_stale(directory: Path, stem: Callable[[str], bool]) -> None:
    """Remove the temporary files in `directory` of the targets `stem` accepts (by the start of
    their name) that no export is writing."""
    with suppress(OSError), os.scandir(directory) as entries:
        for entry in entries:
            found = TEMPORARY.fullmatch(entry.name)
            if not found or not stem(found["stem"]) or not entry.is_file(follow_symlinks=False):
                continue
            with suppress(OSError):
                fd = os.open(entry.path, os.O_RDONLY | os.O_NOFOLLOW)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # fails while an export holds it
                    os.unlink(entry.path)
                finally:
                    os.close(fd)


def stale_of(target: Path) -> None:
    """Remove what killed exports left of the temporary files of `target`."""
    own = temporary_name(target, "0" * 8)[1:-SUFFIX_BYTES]
    remove_stale(target.parent, lambda stem: stem == own)


class Staged:
    """A new empty file beside `target`, locked while it is written; `changed` says, after the
    block, whether the target was replaced (False: it already held these bytes, left untouched)."""

    def __init__(self, target: Path) -> None:
        self.changed = False
        while True:
            self.path = target.with_name(temporary_name(target, secrets.token_hex(4)))
            with suppress(FileExistsError):
                self.lock = os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
        fcntl.flock(self.lock, fcntl.LOCK_EX)


@contextmanager
def staged(target: Path) -> Iterator[Staged]:
    """Write `.path` in the block; on success it replaces `target` unless both hold the same
    bytes, and in every other case it is removed.

    An OSError names `target`, not the temporary file.
    """
    try:
        file = Staged(target)
        try:
            yield file
            file.changed = not (target.is_file() and filecmp.cmp(file.path, target, shallow=False))
            if file.changed:
                os.replace(file.path, target)
        finally:
            with suppress(FileNotFoundError):
                file.path.unlink()
            os.close(file.lock)
    except OSError as error:
        raise OSError(error.errno, error.strerror, str(target)) from error


def write_if_changed(target: Path, data: bytes) -> bool:
    """Make `target` hold `data`, leaving it untouched (mtime kept) when it already does."""
    with suppress(OSError):
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return False
    with staged(target) as file:
        file.path.write_bytes(data)
    return file.changed
