"""`Committer`: writes a batch in one `BEGIN IMMEDIATE` transaction, at once or in the background.

In the background (write-behind) a batch is written by one thread on a connection of its own
while the next batch is decided: SQLite does its work (the full-text index, the commit) outside
Python's lock, so deciding and writing share the two cores. Batches are still written whole and
in order, so crawl state never runs ahead of the articles before it.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from sqlite_utils import Database

from pipelines.store.batch import Batch
from pipelines.store.connection import immediate, open_database
from pipelines.store.errors import ArchiveError
from pipelines.store.handle import ArchiveFile
from pipelines.store.writes import write_batch

Committed = dict[int, int]
"""Provisional key → real key of each new row of a batch written."""


class Committer:
    """Commits batches, inline on the archive's own connection or in one background thread."""

    def __init__(self, file: ArchiveFile, *, background: bool, busy_timeout: float) -> None:
        self._file = file
        self._busy_timeout = busy_timeout
        self._executor: ThreadPoolExecutor | None = None
        self._db: Database | None = None
        """The background thread's connection (used by that thread only)."""
        if background:
            self._executor = ThreadPoolExecutor(1, thread_name_prefix="archive-writer")
            self._executor.submit(self._open).result()

    @property
    def background(self) -> bool:
        return self._executor is not None

    def submit(self, batch: Batch) -> Future[Committed]:
        """Start writing `batch`; the future raises ArchiveError if it could not be written."""
        if self._executor is not None:
            return self._executor.submit(self._commit_in_background, batch)
        future: Future[Committed] = Future()
        try:
            db = self._file.writable()
            with immediate(db, self._file.path):
                future.set_result(write_batch(db, batch))
        except ArchiveError as error:
            future.set_exception(error)
        return future

    def _open(self) -> None:
        self._db = open_database(self._file.path, readonly=False, busy_timeout=self._busy_timeout)

    def _commit_in_background(self, batch: Batch) -> Committed:
        if self._db is None:
            raise ArchiveError(f"the archive {self._file.path} is closed")
        with immediate(self._db, self._file.path) as db:
            return write_batch(db, batch)

    def close(self) -> None:
        """Stop the background thread (after the write it is doing) and close its connection."""
        if self._executor is None:
            return
        self._executor.submit(self._close).result()
        self._executor.shutdown()
        self._executor = None

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
