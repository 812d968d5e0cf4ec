"""`newsbot`: one command for crawling, reading and serving the archive."""

from __future__ import annotations

import errno
import io
import sqlite3
import sys
from pathlib import Path
from typing import Any

import click

from newsbot.cli.crawl import backfill_command, crawl_command
from newsbot.cli.demo import demo_command
from newsbot.cli.export import export_command
from newsbot.cli.importing import import_command
from newsbot.cli.options import DB_KEY, DEFAULT_DB, Exit, fail
from newsbot.cli.overrides import BadSetting
from newsbot.cli.parse import parse_command
from newsbot.cli.probe import probe_command
from newsbot.cli.replica import replica_command
from newsbot.cli.search import search_command
from newsbot.cli.serve import serve_command
from newsbot.cli.stats import stats_command
from newsbot.normalize import StoredValueError
from newsbot.probe.run import ProbeSettingError
from newsbot.stopping import STOPS
from newsbot.terms import UnknownTerm
from pipelines.store import ArchiveError
from pipelines.store.errors import explain, unreadable_value

CRAWLS = ("crawl", "backfill")
"""The commands that record a run, even one stopped as it starts."""


class Newsbot(click.Group):
    """The command group; what no command caught ends it with one line, not a traceback: a `-s`
    setting or a `--category`/`--tag` that cannot be used with exit 2, an OSError (its output
    cannot be written, a file vanished) exit 1, a failure of the archive (named) exit 4. A crawl
    command takes over the stop signals noted while the program loaded."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command with output that never fails on the terminal's encoding."""
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(errors="replace")
        return super().main(*args, **kwargs)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        if name in CRAWLS:
            STOPS.note(raising=True)
        else:
            if STOPS.stopped:
                fail(Exit.INTERRUPTED, "interrupted as it started")
            STOPS.restore()
        return name, command, rest

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (BadSetting, ProbeSettingError, UnknownTerm) as error:
            fail(Exit.USAGE, str(error))
        except ArchiveError as error:
            fail(Exit.DATABASE, str(error))
        except sqlite3.Error as error:
            fail(Exit.DATABASE, str(explain(error, ctx.meta.get(DB_KEY, Path(DEFAULT_DB)))))
        except StoredValueError as error:
            path = ctx.meta.get(DB_KEY, Path(DEFAULT_DB))
            fail(Exit.DATABASE, str(unreadable_value(path, error)))
        except OSError as error:
            if error.errno == errno.EPIPE:
                raise  # click ends quietly when the reader of the output has gone
            where = f": {error.filename}" if error.filename else ""
            fail(Exit.FAILED, f"{error.strerror or error}{where}")


@click.group(
    cls=Newsbot, context_settings={"help_option_names": ["-h", "--help"], "show_default": True}
)
@click.version_option(package_name="newsbot")
def main() -> None:
    """A complete, deduplicated archive of the Astrakhan outlet АРБУЗ (arbuztoday.ru).

    \b
    Example:
      newsbot parse saved-article.html
    """


main.add_command(parse_command)
main.add_command(probe_command)
main.add_command(crawl_command)
main.add_command(backfill_command)
main.add_command(demo_command)
main.add_command(replica_command)
main.add_command(export_command)
main.add_command(import_command)
main.add_command(search_command)
main.add_command(stats_command)
main.add_command(serve_command)
