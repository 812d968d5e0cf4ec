"""Save what the real WordPress serves, per theme, as fixtures for the page-object tests.

    .venv/bin/python -m tests.wordpress.save_pages [--out tests/fixtures/wordpress]

The site is the test content with `home` https://arbuztoday.ru behind a proxy of that address
(see `Site.proxied`), so pages print the outlet's links as the live site does and are the same on
every run. Each page is saved as WordPress printed it; `responses.json` holds each one's status and
headers (less `Date`, and `Host`, which PHP's server echoes); `expected/` holds the seed document
each saved post must give.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from tests.wordpress.environment import missing
from tests.wordpress.site import Site
from tests.wordpress.stack import THEME_NAMES, running_wordpress

OUT = Path(__file__).resolve().parent.parent / "fixtures" / "wordpress"
POSTS = ("seed", "photo-credit", "default-category", "nextpage", "figures")
"""Posts whose article page and REST post are saved (the nextpage post: each of its pages), with
the documents they must give; the password-protected post's are saved too (it gives none)."""
PAGES: dict[str, str] = {
    "day-2019-11-07.html": "/2019/11/07/",
    "day-2019-11-11.html": "/2019/11/11/",
    "day-2019-11-11-2.html": "/2019/11/11/page/2/",
    "home.html": "/",
    "home-2.html": "/page/2/",
    "feed.xml": "/feed/",
    "wp-sitemap.xml": "/wp-sitemap.xml",
    "wp-sitemap-posts-post-1.xml": "/wp-sitemap-posts-post-1.xml",
    "rest-posts.json": "/wp-json/wp/v2/posts?_embed=1",
}


def pages_of(site: Site) -> dict[str, str]:
    """File name → site path of everything saved for one theme."""
    paths: dict[str, str] = {}
    for key in POSTS:
        post = site.content[key]
        paths[f"{key}.html"] = f"/{post.slug}/"
        paths[f"{key}.json"] = f"/wp-json/wp/v2/posts/{post.id}?_embed=1"
    nextpage = site.content["nextpage"]
    for number in (2, 3):
        paths[f"nextpage-{number}.html"] = f"/{nextpage.slug}/{number}/"
    protected = site.content["password"]
    paths["password.html"] = f"/{protected.slug}/"
    paths["password.json"] = f"/wp-json/wp/v2/posts/{protected.id}?_embed=1"
    return {**paths, **PAGES}


def save_theme(site: Site, directory: Path, paths: dict[str, str] | None = None) -> None:
    """Save the pages at `paths` (file name → site path; every page of `pages_of`, if None)."""
    directory.mkdir(parents=True)
    responses: dict[str, dict[str, object]] = {}
    for name, path in (pages_of(site) if paths is None else paths).items():
        answer = site.get(path)
        if answer.status != 200:
            raise RuntimeError(f"{site.theme} {path}: HTTP {answer.status}")
        (directory / name).write_bytes(answer.body)
        headers = [
            [key, value] for key, value in answer.headers.items() if key not in ("Date", "Host")
        ]
        responses[name] = {"path": path, "status": answer.status, "headers": headers}
    text = json.dumps(responses, ensure_ascii=False, indent=1) + "\n"
    (directory / "responses.json").write_text(text, encoding="utf-8")


def save(out: Path) -> None:
    """Replace the theme directories and `expected/` under `out` with freshly served pages."""
    with (
        tempfile.TemporaryDirectory(prefix="wordpress-pages-") as work,
        running_wordpress(Path(work)) as wordpress,
    ):
        for theme in THEME_NAMES:
            site = wordpress.new_site(theme, home="https://arbuztoday.ru")
            shutil.rmtree(out / theme, ignore_errors=True)
            save_theme(site, out / theme)
            site.close()
        expected = out / "expected"
        shutil.rmtree(expected, ignore_errors=True)
        expected.mkdir(parents=True)
        content = wordpress.template_content
        assert content is not None
        for key in POSTS:
            (expected / f"{key}.txt").write_text(content[key].document(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    arguments = parser.parse_args()
    if missing():
        raise SystemExit(f"missing: {', '.join(missing())}")
    save(arguments.out)
    print(f"saved under {arguments.out}")


if __name__ == "__main__":
    main()
