"""A private MariaDB for the test WordPress: its own data directory, a unix socket, no TCP."""

from __future__ import annotations

import getpass
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from tests.wordpress.environment import binary, die_with_parent

STARTUP_TIMEOUT = 60.0
SOCKET_PATH_MAX = 100
TABLES_QUERY = "SELECT table_name FROM information_schema.tables WHERE table_schema = '{}'"


class MariaDB:
    """`mariadbd` on a data directory of its own, reachable only through `socket`."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.datadir = directory / "data"
        self.socket = directory / "mysqld.sock"
        self._socket_directory: Path | None = None
        if len(str(self.socket)) > SOCKET_PATH_MAX:  # a unix socket's path has a length limit
            self._socket_directory = Path(tempfile.mkdtemp(prefix="mariadb-"))
            self.socket = self._socket_directory / "mysqld.sock"
        self.log = directory / "mysqld.log"
        self.tmpdir = directory / "tmp"
        """Its own temporary directory: a MariaDB starting up removes the `#sql*` files it finds
        in its tmpdir, so two sharing /tmp break each other's set-up."""
        self.user = getpass.getuser()
        """The account WordPress connects as: the OS user, by unix-socket authentication."""
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.tmpdir.mkdir(parents=True, exist_ok=True)
        as_root = ["--user=root"] if os.geteuid() == 0 else []
        subprocess.run(
            [
                binary("mariadb-install-db"),
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--tmpdir={self.tmpdir}",
                "--auth-root-authentication-method=socket",
                "--skip-test-db",
                *as_root,
            ],
            check=True,
            capture_output=True,
        )
        self.process = subprocess.Popen(
            [
                binary("mariadbd"),
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--tmpdir={self.tmpdir}",
                f"--socket={self.socket}",
                "--skip-networking",
                f"--pid-file={self.directory / 'mysqld.pid'}",
                f"--log-error={self.log}",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=64M",
                "--innodb-log-file-size=16M",
                "--innodb-flush-log-at-trx-commit=0",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_520_ci",
                *as_root,
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=die_with_parent,
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                log = self.log.read_text(errors="replace") if self.log.exists() else ""
                self.stop()
                raise RuntimeError(f"mariadbd did not start:\n{log[-3000:]}")
            time.sleep(0.05)

    def _answers(self) -> bool:
        if not self.socket.exists():
            return False
        result = subprocess.run(
            [binary("mariadb"), "--no-defaults", f"--socket={self.socket}", "-e", "SELECT 1"],
            capture_output=True,
            check=False,
        )
        return result.returncode == 0

    def sql(self, statements: str, database: str = "") -> str:
        """Run SQL through the command-line client; its tab-separated output, no headers."""
        result = subprocess.run(
            [
                binary("mariadb"),
                "--no-defaults",
                f"--socket={self.socket}",
                "--batch",
                "--skip-column-names",
                *([database] if database else []),
            ],
            input=statements,
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"SQL failed: {result.stderr.strip()}")
        return result.stdout

    def create_database(self, name: str) -> None:
        self.sql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_520_ci")

    def copy_database(self, source: str, target: str) -> None:
        """`target`: a new database holding a copy of every table of `source`."""
        self.create_database(target)
        tables = self.sql(TABLES_QUERY.format(source)).split()
        self.sql(
            "".join(
                f"CREATE TABLE `{target}`.`{table}` LIKE `{source}`.`{table}`;"
                f"INSERT INTO `{target}`.`{table}` SELECT * FROM `{source}`.`{table}`;"
                for table in tables
            )
        )

    def drop_database(self, name: str) -> None:
        self.sql(f"DROP DATABASE IF EXISTS `{name}`")

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None
        if self._socket_directory is not None:
            shutil.rmtree(self._socket_directory, ignore_errors=True)
