"""Opening the archive for a command: any failure of the database is one line and exit 4."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsbot.cli.options import Exit, fail
from newsbot.sites import SiteProfile
from pipelines.store import Archive, ArchiveError


@contextmanager
def opened_archive(db: Path, profile: SiteProfile, *, readonly: bool) -> Iterator[Archive]:
    """The archive at `db` for the block (readers open it read-only and never block a crawl)."""
    try:
        with Archive(db, profile, readonly=readonly) as archive:
            yield archive
    except ArchiveError as error:
        fail(Exit.DATABASE, str(error))
