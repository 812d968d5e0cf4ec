"""`newsbot stats --check`: what is wrong with the archive's file, and what to do about it."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from newsbot.cli.options import Exit, fail
from pipelines.store.checks import RESTORE, Findings, check
from pipelines.store.objects import index_definitions


def advice(path: Path, findings: Findings) -> str:
    """One line: what the findings mean for the archive at `path`, and what to do."""
    indexes = index_definitions(findings.missing)
    if findings.pages or len(indexes) < len(findings.missing):
        return f"the archive {path} is damaged: {RESTORE.format(path)}"
    if findings.missing:
        return (
            f"the archive {path} lacks the index(es) {', '.join(findings.missing)}: its data is "
            f"sound and readable, only slower; recreate them with `sqlite3 {path}` and the "
            "statements above"
        )
    return (
        f"the full-text index of {path} is out of step with its articles: rebuild it with "
        f"`sqlite-utils rebuild-fts {path} articles` (the articles themselves are sound)"
    )


def check_and_report(db: Path, as_json: bool = False) -> None:
    """Run the checks on `db` and print what they found (as text, or one JSON object); exit
    DATABASE when it is not sound."""
    findings = check(db)
    if as_json:
        click.echo(json.dumps({"sound": findings.sound, **asdict(findings)}, indent=2))
        if not findings.sound:
            fail(Exit.DATABASE, advice(db, findings))
        return
    for finding in findings.pages:
        for line in finding.splitlines():
            click.echo(f"integrity check: {line}")
    for line in findings.search_index:
        click.echo(f"full-text index check: {line}")
    for name in findings.missing:
        click.echo(f"missing: {name}")
    for statement in index_definitions(findings.missing):
        click.echo(f"{statement};")
    for reason in findings.skipped:
        click.echo(f"not checked: {reason}", err=True)
    if not findings.sound:
        fail(Exit.DATABASE, advice(db, findings))
    verdict = (
        "sound as far as checked: SQLite's integrity check found nothing wrong; the full-text "
        "index was not checked (see above)"
        if findings.skipped
        else "sound: SQLite's integrity check and the full-text index's own check found nothing "
        "wrong"
    )
    click.echo(f"The archive {db} is {verdict}.")
