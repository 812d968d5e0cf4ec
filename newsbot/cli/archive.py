"""Opening the archive for a command: any failure of the database is one line and exit 4."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from newsbot.cli.options import Exit, fail
from newsbot.normalize import StoredValueError
from newsbot.sites import SiteProfile
from pipelines.store import Archive, ArchiveError
from pipelines.store.errors import explain, unreadable_value


@contextmanager
def opened_archive(db: Path, profile: SiteProfile, *, readonly: bool) -> Iterator[Archive]:
    """The archive at `db` for the block (readers open it read-only and never block a crawl).

    Whatever fails in SQLite within the block, a damaged page or a missing table too, ends
    the command with one line naming the file.
    """
    try:
        with Archive(db, profile, readonly=readonly) as archive:
            yield archive
    except ArchiveError as error:
        fail(Exit.DATABASE, str(error))
    except (sqlite3.Error, UnicodeDecodeError) as error:  # the latter: damaged text
        fail(Exit.DATABASE, str(explain(error, db)))
    except StoredValueError as error:
        fail(Exit.DATABASE, str(unreadable_value(db, error)))
