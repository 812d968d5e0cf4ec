"""Debian's WordPress set up in a temporary directory: MariaDB, a WordPress copy, a loaded template.

`WordPress.start()` installs WordPress once into a template database (the site as the outlet sets
it up: АРБУЗ, Europe/Astrakhan, `/%postname%/`, ru_RU) and loads the content through WordPress's
PHP API; every `new_site()` is then a copy of that database, served by its own PHP server.
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from copy import deepcopy
from pathlib import Path
from typing import Any

from newsbot.sites.arbuz import PROFILE as ARBUZ
from tests.wordpress.content import Content, build_content
from tests.wordpress.environment import LANGUAGES, THEMES, WORDPRESS
from tests.wordpress.mariadb import MariaDB
from tests.wordpress.site import PHP, Site

TEMPLATE = "wp_template"
THEME_NAMES = ("twentytwentythree", "twentytwentyone", "twentytwentytwo")
"""Block themes and a classic one, as Debian packages them."""
TEST_THEMES = Path(__file__).parent / "themes"
"""Themes of our own: `blank`, a redesign that prints nothing of the articles."""
SETTINGS: dict[str, Any] = {
    "blogname": ARBUZ.name,
    "blogdescription": "Новости Астрахани",
    "timezone_string": "Europe/Astrakhan",
    "gmt_offset": "",
    "permalink_structure": "/%postname%/",
    "WPLANG": "ru_RU",
    "blog_public": "1",
    "default_comment_status": "closed",
    "default_ping_status": "closed",
    "posts_per_page": "10",
}
ADMINISTRATOR = {"user": "arbuz_editor", "email": "editor@arbuztoday.invalid", "password": "arbuz"}


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError as error:
        if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
            raise
        shutil.copy2(source, target)


class WordPress:
    """One MariaDB, one copy of WordPress, a template database; sites are copies of it."""

    def __init__(self, directory: Path, themes: Mapping[str, Path] | None = None) -> None:
        self.directory = directory
        self.themes = dict(themes or {})
        """Other themes by name: their source, checked out outside the project."""
        self.root = directory / "wordpress"
        self.mariadb = MariaDB(directory / "mariadb")
        self.sites: list[Site] = []
        self._count = 0
        self.template_content: Content | None = None

    def start(self) -> WordPress:
        self.mariadb.start()
        self._prepare_root()
        self.template_content = self._load_template()
        return self

    def _prepare_root(self) -> None:
        """WordPress's files, our wp-config.php, wp-content with the themes, locale and plugin."""
        shutil.copytree(
            WORDPRESS,
            self.root,
            symlinks=True,
            copy_function=_link_or_copy,
            ignore=lambda folder, names: (
                ["wp-config.php", "wp-content", ".htaccess"] if folder == str(WORDPRESS) else []
            ),
        )
        shutil.copy2(PHP / "wp-config.php", self.root / "wp-config.php")
        content = self.root / "wp-content"
        for folder in ("themes", "plugins", "mu-plugins", "uploads"):
            (content / folder).mkdir(parents=True, exist_ok=True)
        (content / "languages").symlink_to(LANGUAGES)
        for name in THEME_NAMES:
            (content / "themes" / name).symlink_to(THEMES / name)
        for own in TEST_THEMES.iterdir():
            (content / "themes" / own.name).symlink_to(own)
        for name, source in self.themes.items():
            (content / "themes" / name).symlink_to(source.resolve())
        for plugin in ("offline.php", "rest-off.php"):
            (content / "mu-plugins" / plugin).symlink_to(PHP / plugin)

    def _load_template(self) -> Content:
        self.mariadb.create_database(TEMPLATE)
        content = build_content()
        site = Site(self, TEMPLATE, content, THEME_NAMES[0], None)
        inserts: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        for post in content.posts:
            first, *later = post.operations()
            inserts.append(first)
            updates.extend(later)
        site.run(
            [
                {"op": "install", "title": ARBUZ.name, "locale": "ru_RU", **ADMINISTRATOR},
                {"op": "delete_all_content"},
                {"op": "options", "values": SETTINGS},
                *(term.operation() for term in content.terms),
                *inserts,
                *updates,
                {"op": "flush_rewrite_rules"},
            ]
        )
        return content

    def new_site(
        self, theme: str = THEME_NAMES[0], home: str | None = None, proxied: bool = True
    ) -> Site:
        """A served copy of the template site with `theme` (`home`, `proxied`: see `Site`)."""
        if self.template_content is None:
            raise RuntimeError("WordPress.start() has not run")
        self._count += 1
        database = f"wp_site{self._count}"
        self.mariadb.copy_database(TEMPLATE, database)
        site = Site(self, database, deepcopy(self.template_content), theme, home, proxied)
        if theme != THEME_NAMES[0]:
            site.switch_theme(theme)
        self.sites.append(site)
        return site.start()

    def close(self) -> None:
        for site in self.sites:
            site.stop()
        self.mariadb.stop()


@contextmanager
def running_wordpress(
    directory: Path, themes: Mapping[str, Path] | None = None
) -> Iterator[WordPress]:
    """A started WordPress in `directory` (with other `themes`), stopped on exit."""
    wordpress = WordPress(directory, themes)
    try:
        yield wordpress.start()
    finally:
        wordpress.close()
