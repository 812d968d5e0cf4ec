"""One run at a time per database: an exclusive `flock` on `<db>.lock` next to the database.

The kernel releases the lock when its holder exits, however it exits (SIGKILL included), so a
killed run never blocks the next one. The holder writes its pid, mode and start time into the
file; that text is only ever read while the lock is held, to say who holds it. `SingleRun`
takes it for `scrapy crawl` and scrapyd jobs; the `newsbot` commands take it themselves.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from scrapy import Spider, signals
from scrapy.exceptions import CloseSpider, NotConfigured

from newsbot import crawlstats

if TYPE_CHECKING:
    from typing import Self

    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


POLL_SECONDS = 0.2
"""How often a waiting run tries the lock again."""

_HELD: set[Path] = set()
"""The lock files of the locks this process holds."""


class Busy(Exception):
    """Another run holds the database; the message names it."""


def lock_path(db: str | os.PathLike[str]) -> Path:
    """The lock file of the database `db`: `<db>.lock` beside it."""
    resolved = Path(db).resolve()
    return resolved.with_name(resolved.name + ".lock")


def held(db: str | os.PathLike[str]) -> bool:
    """Whether this process holds the run lock of `db`."""
    return lock_path(db) in _HELD


@dataclass(frozen=True)
class Holder:
    """Who holds a lock, as its lock file says."""

    pid: int
    mode: str
    started_at: str
    """Local time, ISO 8601 with its offset."""

    def __str__(self) -> str:
        started = datetime.fromisoformat(self.started_at).astimezone()
        today = started.date() == datetime.now().astimezone().date()
        since = started.strftime("%H:%M" if today else "%Y-%m-%d %H:%M")
        return f"pid {self.pid}, {self.mode} since {since}"

    @classmethod
    def read(cls, path: Path) -> Holder | None:
        """The holder written in `path`, or None while it is being written or unreadable."""
        try:
            holder = cls(**json.loads(path.read_text(encoding="utf-8")))
            datetime.fromisoformat(holder.started_at)
        except (OSError, ValueError, TypeError):
            return None
        return holder


class RunLock:
    """The run lock of one database, taken with `acquire` and given back with `release`."""

    def __init__(self, db: str | os.PathLike[str]) -> None:
        self.db = Path(db)
        self.path = lock_path(db)
        self._fd: int | None = None

    def unusable(self, error: OSError) -> str:
        """One line for a lock file `acquire` could not make or open (read-only, a directory)."""
        return f"cannot use the run lock {self.path} of {self.db}: {error.strerror or error}"

    def acquire(
        self,
        mode: str,
        *,
        timeout: float | None = 0.0,
        waiting: Callable[[str], None] | None = None,
    ) -> None:
        """Take the lock as a run of `mode`, waiting at most `timeout` seconds (None: as long as
        it takes; 0: not at all). `waiting` gets one line when the wait begins.

        Raises Busy when another run still holds it, OSError when the lock file cannot be made.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            self._wait_for(fd, timeout, waiting)
        except BaseException:
            os.close(fd)
            raise
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        holder = Holder(os.getpid(), mode, started)
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(asdict(holder)).encode("utf-8") + b"\n", 0)
        self._fd = fd
        _HELD.add(self.path)

    def release(self) -> None:
        """Give the lock back (the file stays, emptied); releasing twice does nothing."""
        if self._fd is None:
            return
        _HELD.discard(self.path)
        fd, self._fd = self._fd, None
        try:
            os.ftruncate(fd, 0)
        finally:
            os.close(fd)

    def _wait_for(
        self, fd: int, timeout: float | None, waiting: Callable[[str], None] | None
    ) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        announced = False
        while not _try_lock(fd):
            if deadline is not None and time.monotonic() >= deadline:
                after = f" after waiting {timeout:g} s" if timeout else ""
                raise Busy(f"another run{self._holder()} holds {self.db}{after}")
            if waiting is not None and not announced:
                limit = f" (at most {timeout:g} s)" if timeout is not None else ""
                waiting(f"Waiting for another run{self._holder()} to finish with {self.db}{limit}")
                announced = True
            time.sleep(POLL_SECONDS)

    def _holder(self) -> str:
        """` (pid 1234, backfill since 12:00)`, or nothing while the holder is still writing it."""
        holder = Holder.read(self.path)
        return f" ({holder})" if holder else ""


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


class SingleRun:
    """Holds the run lock of `NEWSBOT_DB` from the moment the crawl is set up (before anything
    opens the database) until the engine has stopped and the archive is closed.

    A crawl that finds the lock held is closed as it opens, with finish reason `busy`: it sends
    no request and records no run. The `newsbot` command takes the lock itself before Scrapy
    starts (to wait for it or to exit with one line); in its process this extension stands aside.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.lock = RunLock(crawler.settings.get("NEWSBOT_DB"))
        self.refusal: tuple[str, str] | None = None
        """The finish reason and log line of a crawl that could not take the lock."""
        try:
            self.lock.acquire(getattr(crawler.spider, "mode", "crawl"))
        except Busy as busy:
            crawler.stats.set_value(crawlstats.BUSY, str(busy))
            self.refusal = (crawlstats.BUSY_REASON, f"Skipped: {busy}")
        except OSError as error:
            self.refusal = (crawlstats.ARCHIVE_ERROR, self.lock.unusable(error))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if held(crawler.settings.get("NEWSBOT_DB")):
            raise NotConfigured("this process already holds the run lock")
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if self.refusal is not None:
            reason, line = self.refusal
            logger.log(
                logging.WARNING if reason == crawlstats.BUSY_REASON else logging.ERROR, "%s", line
            )
            raise CloseSpider(reason)
        # Connected now, after the archive's own engine_stopped handler (connected when the store
        # pipeline opened it), so the last batch is written before the next run can start.
        self.crawler.signals.connect(self.lock.release, signal=signals.engine_stopped)
