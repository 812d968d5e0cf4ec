"""`Archive`: the one way into the database for the spider, the pipeline, the CLI and tests.

It is made of the parts that do the work, each on its one `ArchiveFile` (`file`): `ArchiveWriter`
(saves), `ArchiveReader` (look-ups, iteration, search), `CrawlState` (`crawl_state` values and
failed articles), `RunLog` (`runs`), and `tombstones` (articles the site no longer serves). All
for one outlet: rows are written under `profile.key` and read within it.
"""

from __future__ import annotations

import os
from pathlib import Path
from types import TracebackType

from newsbot.crawlstats import SAVE_OUTCOMES
from newsbot.sites import SiteProfile
from pipelines.store.crawl_state import CrawlState
from pipelines.store.handle import ArchiveFile
from pipelines.store.reader import ArchiveReader
from pipelines.store.run_log import RunLog
from pipelines.store.tombstones import Tombstones
from pipelines.store.writer import ArchiveWriter


class Archive(ArchiveWriter, ArchiveReader, CrawlState, RunLog):
    """The deduplicated article archive of one outlet in one SQLite file (DESIGN §5).

    Writes go into one `BEGIN IMMEDIATE` transaction, committed when `batch_size` of them are
    in it, when the first is `flush_seconds` old, on `flush` and on `close`.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        profile: SiteProfile,
        *,
        readonly: bool = False,
        batch_size: int = 200,
        flush_seconds: float = 2.0,
        busy_timeout: float = 30.0,
    ) -> None:
        """Open (creating parent directories and the file unless readonly), WAL, migrate.

        Raises ArchiveError. A readonly Archive never writes or migrates.
        """
        self.file = ArchiveFile(
            path,
            profile,
            readonly=readonly,
            busy_timeout=busy_timeout,
            batch_size=batch_size,
            flush_seconds=flush_seconds,
        )
        """The connection and what names it, shared by the parts."""
        self.counts = dict.fromkeys(SAVE_OUTCOMES, 0)
        self.revived = 0
        self.tombstones = Tombstones(self.file)
        """Suspects, confirmed deletions and revivals (`pipelines.store.deletions`)."""

    def __repr__(self) -> str:
        return f"Archive({str(self.path)!r}, readonly={self.file.readonly})"

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def profile(self) -> SiteProfile:
        return self.file.profile

    def flush(self) -> None:
        """Commit what is written."""
        self.file.commit()

    def close(self) -> None:
        """Commit what is written, then close; closing twice does nothing."""
        self.file.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
