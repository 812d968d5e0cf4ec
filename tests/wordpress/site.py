"""One served test site: a database of the shared MariaDB, PHP's built-in server on 127.0.0.1.

`Site` also mirrors what the site holds (`content`), so tests compare what a crawl stored with
`content.documents()`, and it changes the site between runs the way its editors would: new posts,
edits, the trash, a theme switch, a different `home`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from tests.replica import Fetched, fetch
from tests.wordpress import content as pages
from tests.wordpress.environment import binary, die_with_parent
from tests.wordpress.model import Post, Status

if TYPE_CHECKING:
    from tests.wordpress.stack import WordPress

PHP = Path(__file__).parent / "php"
STARTUP_TIMEOUT = 30.0
SERVER_WORKERS = 2
"""PHP built-in server processes: the crawl makes at most two requests at a time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class Site:
    """A WordPress site of `stack` in database `database`, served once `start()` ran."""

    def __init__(
        self,
        stack: WordPress,
        database: str,
        content: pages.Content,
        theme: str,
        home: str | None = None,
        proxied: bool = True,
    ) -> None:
        self.stack = stack
        self.database = database
        self.content = content
        self.theme = theme
        self.home = home
        """The address WordPress prints (`home`, `siteurl`); None: the served base URL."""
        self.proxied = proxied
        """With a `home` of its own: requests reach WordPress as addressed to it (a reverse
        proxy); else as addressed to 127.0.0.1:PORT, and WordPress redirects them to `home`."""
        self.directory = stack.directory / "sites" / database
        self.directory.mkdir(parents=True, exist_ok=True)
        self.request_log = self.directory / "requests.jsonl"
        self.outgoing_log = self.directory / "outgoing.log"
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        """Where the site is served: `http://127.0.0.1:PORT` (no trailing slash)."""
        return f"http://127.0.0.1:{self.port}"

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "NEWSBOT_WP_ROOT": str(self.stack.root),
            "NEWSBOT_WP_DB": self.database,
            "NEWSBOT_WP_DB_USER": self.stack.mariadb.user,
            "NEWSBOT_WP_SOCKET": str(self.stack.mariadb.socket),
            "NEWSBOT_WP_HOST": f"127.0.0.1:{self.port}" if self.port else "127.0.0.1",
            "NEWSBOT_WP_REQUEST_LOG": str(self.request_log),
            "NEWSBOT_WP_OUTGOING_LOG": str(self.outgoing_log),
            "PHP_CLI_SERVER_WORKERS": str(SERVER_WORKERS),
            "NEWSBOT_WP_PROXIED_HOST": urlsplit(self.home).netloc
            if self.home and self.proxied
            else "",
        }

    def run(self, operations: list[dict[str, Any]]) -> list[Any]:
        """Run operations of `php/operations.php` on this site; their results."""
        result = subprocess.run(
            [binary("php"), str(PHP / "operations.php")],
            input=json.dumps(operations, ensure_ascii=False),
            capture_output=True,
            text=True,
            env=self.environment(),
            check=False,
        )
        if result.returncode != 0:
            raise RuntimeError(f"WordPress operations failed: {result.stderr or result.stdout}")
        try:
            answer: list[Any] = json.loads(result.stdout)
        except ValueError:
            raise RuntimeError(f"WordPress operations printed: {result.stdout[-2000:]}") from None
        return answer

    def start(self) -> Site:
        """Serve the site on a free loopback port, with `home` set to it unless given."""
        for _ in range(5):
            self.port = free_port()
            home = self.home or self.base_url
            self.run([{"op": "options", "values": {"home": home, "siteurl": home}}])
            if self._serve():
                return self
        raise RuntimeError(f"PHP's built-in server did not start:\n{self._server_log()}")

    def _serve(self) -> bool:
        log = (self.directory / "server.log").open("ab")
        with log:
            self.process = subprocess.Popen(
                [
                    binary("php"),
                    "-S",
                    f"127.0.0.1:{self.port}",
                    "-t",
                    str(self.stack.root),
                    str(PHP / "router.php"),
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=self.environment(),
                start_new_session=True,
                preexec_fn=die_with_parent,
            )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self.process = None
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return True
            except OSError:
                time.sleep(0.05)
        self.stop()
        return False

    def _server_log(self) -> str:
        path = self.directory / "server.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def stop(self) -> None:
        """Stop the server (its worker processes too); the database stays."""
        if self.process is None:
            return
        if self.process.poll() is None:
            os.killpg(self.process.pid, 15)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, 9)
                self.process.wait()
        self.process = None

    def close(self) -> None:
        self.stop()
        self.stack.mariadb.drop_database(self.database)

    def url(self, path: str) -> str:
        return self.base_url + "/" + path.lstrip("/")

    def get(self, path: str, headers: dict[str, str] | None = None) -> Fetched:
        """GET a path of the site as it answers (redirects not followed)."""
        return fetch(self.url(path), headers)

    def requests(self) -> list[dict[str, Any]]:
        """Requests served since the last `clear_requests()`: method, path, headers, status."""
        if not self.request_log.exists():
            return []
        lines = self.request_log.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line]

    def clear_requests(self) -> None:
        self.request_log.write_text("", encoding="utf-8")

    def outgoing(self) -> list[str]:
        """URLs WordPress tried to fetch from elsewhere (every one was refused)."""
        if not self.outgoing_log.exists():
            return []
        return self.outgoing_log.read_text(encoding="utf-8").split()

    def posts(self) -> list[dict[str, Any]]:
        """Every post WordPress holds (any status): id, status, slug, link, times."""
        summaries: list[dict[str, Any]] = self.run([{"op": "posts"}])[0]
        return summaries

    # Changes between runs, as the site's editors make them.

    def publish(self, count: int) -> list[Post]:
        """`count` new news posts, published now; they get the next ids."""
        now = _now()
        fresh = [
            self.content.add(pages.fresh_post(self.content, now - timedelta(seconds=count - n)))
            for n in range(1, count + 1)
        ]
        terms = {term for post in fresh for term in (*post.categories, *post.tags)}
        answers = self.run(
            [
                *(term.operation() for term in terms),
                *(operation for post in fresh for operation in post.operations()),
            ]
        )
        ids = answers[len(terms) :]
        return [
            self.content.replace(post.edited(id=post_id))
            for post, post_id in zip(fresh, ids, strict=True)
        ]

    def schedule(self) -> Post:
        """A post an editor saved a day ago for now, published when its time came, as
        WordPress's cron publishes it (its modification time stays the day-old one)."""
        now = _now()
        post = self.content.add(pages.fresh_post(self.content, now + timedelta(seconds=2)))
        [insert] = post.operations()
        insert.update(status="future", modified=post.times(now - timedelta(days=1)))
        terms = {*post.categories, *post.tags}
        post_id = self.run([*(term.operation() for term in terms), insert])[-1]
        time.sleep(max(0.0, (post.published - _now()).total_seconds()) + 0.5)
        assert self.run([{"op": "publish_future", "id": post_id}]) == ["publish"]
        return self.content.replace(post.edited(id=post_id))

    def edit(self, key: str) -> Post:
        """Add a paragraph to the post, now."""
        post = self.content[key]
        changed = post.edited(blocks=(*post.blocks, pages.UPDATE_PARAGRAPH), modified=_now())
        self.run([changed.update_operation()])
        return self.content.replace(changed)

    def set_status(self, key: str, status: Status) -> Post:
        """Move a post to another status (`draft` unpublishes, `publish` publishes again)."""
        post = self.content[key]
        self.run([{"op": "update", "id": post.id, "fields": {"post_status": status}}])
        return self.content.replace(post.edited(status=status))

    def trash(self, key: str) -> Post:
        post = self.content[key]
        self.run([{"op": "trash", "id": post.id}])
        return self.content.replace(post.edited(status="trash", previous_status=post.status))

    def restore(self, key: str) -> Post:
        """Take a post out of the trash, back to the status it had."""
        post = self.content[key]
        self.run([{"op": "untrash", "id": post.id}])
        return self.content.replace(post.edited(status=post.previous_status or "draft"))

    def delete(self, key: str) -> None:
        """Delete a post for good (no trash)."""
        post = self.content[key]
        self.run([{"op": "delete", "id": post.id}])
        self.content.remove(post)

    def switch_rest(self, on: bool) -> None:
        """Switch the REST API on or off for visitors (off: 401 `rest_cannot_access`)."""
        self.run([{"op": "options", "values": {"newsbot_rest_off": "" if on else "1"}}])

    def switch_theme(self, theme: str) -> None:
        self.run([{"op": "switch_theme", "stylesheet": theme}])
        self.theme = theme

    def set_home(self, home: str | None, proxied: bool = True) -> None:
        """Give the site the address `home` (None: the served base URL); restarts the server."""
        self.stop()
        self.home, self.proxied = home, proxied
        self.start()


def _now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
