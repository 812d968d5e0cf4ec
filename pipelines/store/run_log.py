"""The run log: one row in `runs` per crawl (mode, source, times, counts, verdict, coverage)."""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils.db import NotFoundError

from pipelines.store.handle import ArchiveFile
from pipelines.store.queries import rows
from pipelines.store.rows import now_stamp

_SET_AT_START = ("run_id", "site", "mode", "started_at")
"""The columns of `runs` a finished run does not change; it may record any other."""
_JSON_FIELDS = ("reasons", "coverage", "stats", "sweep")


class RunLog:
    """The outlet's `runs` rows; each change commits at once, with what was written before."""

    file: ArchiveFile

    def start_run(self, mode: str, source: str) -> int:
        """Insert the row of a run starting now; return its id."""
        record = {"site": self.file.site, "mode": mode, "source": source, "started_at": now_stamp()}
        with self.file.change(now=True) as db:
            run_id = db.table("runs").insert(record).last_rowid
        assert run_id is not None
        return run_id

    def finish_run(self, run_id: int, **fields: object) -> None:
        """Record how a run ended (finished_at defaults to now); dicts and lists as JSON.

        Raises ValueError for a field `runs` does not have or a run that does not exist.
        """
        recordable = self.file.database().table("runs").columns_dict.keys() - set(_SET_AT_START)
        unknown = sorted(fields.keys() - recordable)
        if unknown:
            raise ValueError(f"runs has no field {', '.join(unknown)}")
        values = {
            name: json.dumps(value, ensure_ascii=False)
            if isinstance(value, dict | list | tuple)
            else value
            for name, value in fields.items()
        }
        values.setdefault("finished_at", now_stamp())
        try:
            with self.file.change(now=True) as db:
                db.table("runs").update(run_id, values)
        except NotFoundError:
            raise ValueError(f"there is no run {run_id}") from None

    def runs(self, limit: int = 10) -> list[dict[str, Any]]:
        """The outlet's latest runs, newest first, JSON fields decoded."""
        query = "SELECT * FROM runs WHERE site = ? ORDER BY run_id DESC LIMIT ?"
        found = list(rows(self.file.database().execute(query, [self.file.site, limit])))
        for row in found:
            for name in _JSON_FIELDS:
                if row[name] is not None:
                    row[name] = json.loads(row[name])
        return found
