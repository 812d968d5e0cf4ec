"""The scrapyd path: `scrapyd-deploy` builds and uploads the project's egg, `schedule.json` runs
the spider against the replica, and the archive ends up holding the replica's articles."""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import sysconfig
import time
import urllib.parse
import urllib.request
import venv
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.crawling import FULL_SPEED, ROOT, stored_documents
from tests.replica import fetch, running_replica
from tests.test_crawl_failures import free_port

pytest.importorskip("scrapyd", reason="scrapyd is not installed: pip install -e '.[scrapyd]'")
pytest.importorskip(
    "scrapyd_client", reason="scrapyd-client is not installed: pip install -e '.[scrapyd]'"
)

pytestmark = pytest.mark.e2e

PROJECT = ("scrapy.cfg", "setup.py", "pyproject.toml", "README.md", "newsbot", "pipelines")
"""What scrapyd-deploy needs to build the egg."""
TIMEOUT = 60.0


def dependencies_only_python(directory: Path) -> Path:
    """A Python with newsbot's dependencies and scrapyd but without newsbot, as on a scrapyd host:
    the deployed egg is the only newsbot its jobs can import."""
    venv.create(directory, with_pip=False)
    ours = dict.fromkeys(sysconfig.get_paths()[name] for name in ("purelib", "platlib"))
    theirs = sysconfig.get_paths(vars={"base": str(directory), "platbase": str(directory)})
    # A directory named in a .pth file joins sys.path without its own .pth files being run, so
    # the editable install of newsbot in our environment stays invisible.
    (Path(theirs["purelib"]) / "dependencies.pth").write_text("\n".join(ours) + "\n")
    python = directory / "bin" / "python"
    hidden = subprocess.run(
        [python, "-c", "import newsbot"], cwd=directory, capture_output=True, check=False
    )
    assert hidden.returncode != 0, "newsbot is importable without the egg"
    return python


def scrapyd_config(directory: Path, port: int) -> str:
    """deploy/scrapyd/scrapyd.conf with this test's port and directories."""
    config = configparser.ConfigParser()
    config.read(ROOT / "deploy" / "scrapyd" / "scrapyd.conf")
    section = config["scrapyd"]
    section["http_port"] = str(port)
    for name in ("eggs_dir", "logs_dir", "dbs_dir"):
        section[name] = str(directory / name.removesuffix("_dir"))
    section["poll_interval"] = "0.2"
    lines = [f"{name} = {value}" for name, value in section.items()]
    return "\n".join(["[scrapyd]", *lines, ""])


class Scrapyd:
    def __init__(self, url: str, directory: Path) -> None:
        self.url = url
        self.directory = directory

    def get(self, endpoint: str, **query: str) -> Any:
        answer = fetch(f"{self.url}{endpoint}?{urllib.parse.urlencode(query)}")
        return answer.json()

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> Any:
        body = urllib.parse.urlencode(fields).encode("ascii")
        with urllib.request.urlopen(self.url + endpoint, data=body, timeout=30) as answer:
            return json.loads(answer.read())

    def finished(self, job: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            jobs = self.get("listjobs.json", project="newsbot")
            done = [entry for entry in jobs["finished"] if entry["id"] == job]
            if done:
                return done[0]
            assert time.monotonic() < deadline, f"job {job} still not finished: {jobs}"
            time.sleep(0.2)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    """scrapyd on a free loopback port, in its own directory, run by a newsbot-less Python."""
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(scrapyd_config(home, port))
    python = dependencies_only_python(tmp_path / "venv")
    with (home / "scrapyd.log").open("w") as log:
        process = subprocess.Popen(
            [python, "-m", "scrapyd"], cwd=home, stdout=log, stderr=subprocess.STDOUT
        )
    server = Scrapyd(f"http://127.0.0.1:{port}/", home)
    try:
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                if server.get("daemonstatus.json")["status"] == "ok":
                    break
            except OSError:
                assert process.poll() is None, (home / "scrapyd.log").read_text()
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


def deploy(scrapyd: Scrapyd, directory: Path) -> subprocess.CompletedProcess[str]:
    """`scrapyd-deploy` of a copy of the project whose [deploy] target is this scrapyd."""
    directory.mkdir()
    for name in PROJECT:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, directory / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, directory / name)
    config = configparser.ConfigParser()
    config.read(directory / "scrapy.cfg")
    config["deploy"]["url"] = scrapyd.url
    with (directory / "scrapy.cfg").open("w") as cfg:
        config.write(cfg)
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def test_a_deployed_egg_crawls_the_replica_into_the_archive(
    scrapyd: Scrapyd, tmp_path: Path
) -> None:
    project = tmp_path / "project"
    deployed = deploy(scrapyd, project)
    assert deployed.returncode == 0, deployed.stderr
    assert json.loads(deployed.stdout).get("spiders") == 1, deployed.stdout
    (egg,) = (scrapyd.directory / "eggs" / "newsbot").glob("*.egg")
    with zipfile.ZipFile(egg) as packed:
        names = set(packed.namelist())
        entry_points = packed.read("EGG-INFO/entry_points.txt").decode()
    assert {"newsbot/settings.py", "pipelines/store/archive.py"} <= names
    assert "newsbot/replica/data/fixed_posts.json" in names
    assert "settings = newsbot.settings" in entry_points

    db = tmp_path / "archive" / "newsbot.db"
    speed = [value for value in FULL_SPEED if value != "-s"]
    with running_replica("--articles", "100") as replica:
        settings = [f"NEWSBOT_DB={db}", f"NEWSBOT_BASE_URL={replica.url}", *speed]
        scheduled = scrapyd.post(
            "schedule.json",
            [("project", "newsbot"), ("spider", "arbuz")]
            + [("setting", setting) for setting in settings],
        )
        assert scheduled["status"] == "ok", scheduled
        job = scrapyd.finished(scheduled["jobid"])
        expected = {entry["url"]: entry["document"] for entry in replica.articles()}
    log = (scrapyd.directory / "logs" / "newsbot" / "arbuz" / f"{job['id']}.log").read_text()
    assert "(bot: newsbot)" in log
    assert "'finish_reason': 'finished'" in log, log[-3000:]
    assert stored_documents(db) == expected
