"""Writing export files so that no reader ever sees a partial one: a hidden temporary file in the
same directory, renamed over the target with `os.replace` only when its bytes differ."""

from __future__ import annotations

import filecmp
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path


@dataclass
class FileCounts:
    """What an export did: articles written out, and its files written, unchanged, removed."""

    articles: int = 0
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def _new_temporary(target: Path) -> Path:
    """A new empty file beside `target`; its hidden name matches no export file name."""
    while True:
        candidate = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            os.close(os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        return candidate


def _install(temporary: Path, target: Path) -> bool:
    """Rename `temporary` over `target` unless they hold the same bytes; say whether it did."""
    if target.is_file() and filecmp.cmp(temporary, target, shallow=False):
        temporary.unlink()
        return False
    os.replace(temporary, target)
    return True


class Staged:
    """A temporary file written in place of `target`; `changed` says, after the block, whether
    the target was replaced (False: it already held these bytes and was left untouched)."""

    def __init__(self, target: Path) -> None:
        self.path = _new_temporary(target)
        self.changed = False


@contextmanager
def staged(target: Path) -> Iterator[Staged]:
    """Write `.path` in the block; on success it replaces `target`, on any error it is removed.

    An OSError names `target`, not the temporary file.
    """
    try:
        file = Staged(target)
        try:
            yield file
            file.changed = _install(file.path, target)
        finally:
            with suppress(FileNotFoundError):
                file.path.unlink()
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
