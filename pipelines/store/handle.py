"""`ArchiveFile`: the open database of an archive and what names it, shared by its parts."""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from newsbot.sites import SiteProfile
from pipelines.store.connection import open_database
from pipelines.store.errors import ArchiveError


class ArchiveFile:
    """One connection to the archive's SQLite file, for one outlet (its rows' `site`)."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        profile: SiteProfile,
        *,
        readonly: bool,
        busy_timeout: float,
    ) -> None:
        """Open (creating parent directories and the file unless readonly), WAL, migrate.

        Raises ArchiveError.
        """
        self.path = Path(path)
        self.profile = profile
        self.site = profile.key
        self.readonly = readonly
        self._db: Database | None = open_database(
            self.path, readonly=readonly, busy_timeout=busy_timeout
        )

    @property
    def closed(self) -> bool:
        return self._db is None

    def database(self) -> Database:
        """The connection; raises ArchiveError once closed."""
        if self._db is None:
            raise ArchiveError(f"the archive {self.path} is closed")
        return self._db

    def writable(self) -> Database:
        """The connection for a write; raises ArchiveError when opened read-only or closed."""
        if self.readonly:
            raise ArchiveError(f"the archive {self.path} was opened read-only")
        return self.database()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
