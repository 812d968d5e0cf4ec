"""Save pages of public themes, rendered on the test WordPress, as fixtures with golden fields.

    .venv/bin/python -m tests.wordpress.save_themes NAME=DIRECTORY … [--out tests/fixtures/themes]

Each DIRECTORY is a theme's public source, checked out outside the project: the suite keeps the
pages the theme printed, never its code. Pages are saved as `save_pages` saves them (same site,
same `home`); the golden documents are `tests/fixtures/wordpress/expected/`.
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from pathlib import Path

from tests.wordpress.environment import missing
from tests.wordpress.save_pages import POSTS, save_theme
from tests.wordpress.site import Site
from tests.wordpress.stack import running_wordpress

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "themes"
LISTINGS: dict[str, str] = {
    "day-2019-11-11.html": "/2019/11/11/",
    "day-2019-11-11-2.html": "/2019/11/11/page/2/",
}


def theme_pages(site: Site) -> dict[str, str]:
    """File name → site path of the article pages, their REST posts and the listings."""
    paths: dict[str, str] = {}
    for key in POSTS:
        post = site.content[key]
        paths[f"{key}.html"] = f"/{post.slug}/"
        paths[f"{key}.json"] = f"/wp-json/wp/v2/posts/{post.id}?_embed=1"
    for number in (2, 3):
        paths[f"nextpage-{number}.html"] = f"/{site.content['nextpage'].slug}/{number}/"
    return {**paths, **LISTINGS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("themes", nargs="+", metavar="NAME=DIRECTORY")
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    if missing():
        raise SystemExit(f"missing: {', '.join(missing())}")
    themes = dict(
        (name, Path(directory)) for name, directory in (t.split("=", 1) for t in arguments.themes)
    )
    with (
        tempfile.TemporaryDirectory(prefix="wordpress-themes-") as work,
        running_wordpress(Path(work), themes) as wordpress,
    ):
        for name in themes:
            site = wordpress.new_site(name, home="https://arbuztoday.ru")
            shutil.rmtree(arguments.out / name, ignore_errors=True)
            save_theme(site, arguments.out / name, theme_pages(site))
            site.close()
    print(f"saved under {arguments.out}")


if __name__ == "__main__":
    main()
