"""Where an export may go: a regular file (replaced atomically), standard output (`-`), or a
pipe or character device written into as it is; never over a symbolic link, a block device or a
socket, which replacing or writing would destroy."""

from __future__ import annotations

import errno
import os
import stat
from enum import Enum
from pathlib import Path

STDOUT = "-"

SPECIAL_DIRECTORIES = (Path("/dev"), Path("/proc"))
"""Where a symbolic link names a stream of this process (`/dev/stdout`, `/dev/fd/3`)."""


class Refused(ValueError):
    """An `--out` an export will not write to; the message says why and what to give."""


class Target(Enum):
    """How an export writes its one file."""

    FILE = "file"
    """A regular file or a new one: written beside it and renamed over it when the bytes differ."""
    STREAM = "stream"
    """A pipe (FIFO) or character device, `/dev/stdout` and the like: written into, in order."""
    STDOUT = "stdout"


def _in_loop(path: Path) -> bool:
    """Whether `path` or a folder on its way is a symbolic link in a loop of links."""
    try:
        os.stat(path)
    except OSError as error:
        return error.errno == errno.ELOOP
    return False


def _loop_problem(out: Path) -> str:
    return f"--out {out} leads into a loop of symbolic links: give another path"


def table_target(out: Path) -> Target:
    """How a one-file export (JSON Lines, CSV, Parquet) writes to `out`; raises Refused."""
    if str(out) == STDOUT:
        return Target.STDOUT
    if _in_loop(out):
        raise Refused(_loop_problem(out))
    try:
        link = out.lstat()
    except FileNotFoundError:
        return Target.FILE
    try:
        mode = out.stat().st_mode
    except FileNotFoundError:
        raise Refused(
            f"--out {out} is a symbolic link to nothing ({os.readlink(out)}): give the path "
            "to write, not a link"
        ) from None
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        return Target.STREAM
    if stat.S_ISDIR(mode):
        raise Refused(f"--out {out} is a directory: a one-file export needs a file name")
    if stat.S_ISBLK(mode):
        raise Refused(f"--out {out} is a block device: an export would overwrite it")
    if not stat.S_ISREG(mode):
        raise Refused(f"--out {out} is a socket or another special file: give a file name")
    if stat.S_ISLNK(link.st_mode):
        absolute = Path(os.path.abspath(out))
        if any(absolute.is_relative_to(directory) for directory in SPECIAL_DIRECTORIES):
            return Target.STREAM
        raise Refused(
            f"--out {out} is a symbolic link (to {os.readlink(out)}): give the file it "
            "names, so the link stays a link"
        )
    return Target.FILE


def seed_directory_problem(out: Path) -> str | None:
    """Why `out` cannot hold a seed export (one file per article), or None."""
    if str(out) == STDOUT:
        return (
            "--out - (standard output) takes one-file exports (jsonl, csv, parquet); a seed "
            "export is a directory of files: give its path"
        )
    if _in_loop(out):
        return _loop_problem(out)
    if out.is_symlink() and not out.exists():
        return f"--out {out} is a symbolic link to nothing: give the directory to write"
    if out.exists() and not out.is_dir():
        return f"--out {out} is not a directory: seed documents go to a directory"
    return None
