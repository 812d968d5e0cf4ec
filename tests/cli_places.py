"""The places a command-line fuzz example names: one path of every kind (files, devices, FIFOs,
links, directories, nothing), made afresh for each example, and what a command may change."""

from __future__ import annotations

import hashlib
import os
import select
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from pipelines.store import Archive
from tests.conftest import FIXTURES
from tests.store_samples import ARBUZ

LONG_NAME = "n" * 251
"""A name four bytes short of the file system's limit."""
SPELLED = {"under_loop": "ring/x", "long_new": LONG_NAME, "long_csv": LONG_NAME[:-4] + ".csv"}
"""Kinds whose path is not their name."""


class Places:
    """A directory holding one path of every kind, made afresh for each example."""

    def __init__(self, root: Path, archive: Path) -> None:
        self.root = root
        self.archive = archive
        self.devices = True
        root.mkdir()
        (root / "regular").write_text("not a database\n")
        (root / "zero").touch()
        (root / "text").write_text("CREATE TABLE x(y);\n")
        (root / "directory").mkdir()
        (root / "link").symlink_to(root / "regular")
        (root / "dangling").symlink_to(root / "nowhere")
        (root / "seed").write_bytes((FIXTURES / "seed.txt").read_bytes())
        seeds = root / "seeds_dir"
        (seeds / "deep").mkdir(parents=True)
        (seeds / "a.txt").write_bytes((FIXTURES / "seed.txt").read_bytes())
        (seeds / "B.TXT").write_text("not a seed document\n")
        (seeds / "deep" / "out.txt").symlink_to(root / "regular")
        (seeds / "loop").symlink_to(seeds)
        (root / "ring").symlink_to("ring2")  # a loop of links
        (root / "ring2").symlink_to("ring")
        with (root / "big").open("wb") as big:
            big.truncate(17 * 2**20)
        os.mkfifo(root / "fifo")
        for name, minor in (("null", 3), ("full", 7), ("zero_dev", 5)):
            try:
                os.mknod(root / name, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
            except PermissionError:
                self.devices = False
                (root / name).write_text("no device nodes here\n")

    def path(self, kind: str) -> str:
        if kind == "archive":
            return str(self.archive)
        if kind == "stdout":
            return "-"
        if kind == "new":
            return str(self.root / "new.out")
        if kind == "nested_new":
            return str(self.root / "a" / "b" / "new.out")
        if kind == "under_file":
            return str(self.root / "regular" / "x")
        if kind in SPELLED:
            return str(self.root / SPELLED[kind])
        return str(self.root / kind)

    def snapshot(self) -> dict[str, tuple[int, str]]:
        """Kind and content digest of every entry but the FIFO's and devices' contents."""
        seen: dict[str, tuple[int, str]] = {}
        for path in sorted(self.root.rglob("*")):
            mode = path.lstat().st_mode
            digest = ""
            if stat.S_ISREG(mode) and path.name not in ("new.out", "big"):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            seen[str(path.relative_to(self.root))] = (stat.S_IFMT(mode), digest)
        return seen


@contextmanager
def fifo_drained(fifo: Path) -> Iterator[None]:
    """A reader on `fifo` for the block, so a command writing into it never blocks."""
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
    done = threading.Event()

    def drain() -> None:
        while not done.is_set():
            ready, _, _ = select.select([reader], [], [], 0.05)
            if ready:
                with suppress(BlockingIOError):
                    os.read(reader, 1 << 16)

    thread = threading.Thread(target=drain, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join(timeout=10)
        os.close(reader)


def fingerprint(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest()


def stored_urls(db: Path) -> set[str]:
    with Archive(db, ARBUZ, readonly=True) as archive:
        return {stored.article.url for stored in archive.iter_articles()}
