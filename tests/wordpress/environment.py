"""What a real WordPress needs here (Debian's packages), and skipping when it is missing."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import subprocess
from functools import cache
from pathlib import Path

import pytest

WORDPRESS = Path("/usr/share/wordpress")
THEMES = WORDPRESS / "wp-content" / "themes"
LANGUAGES = WORDPRESS / "wp-content" / "languages"
PACKAGES = tuple((Path(__file__).parent / "packages.txt").read_text().split())
"""Debian's packages of the stack (`.ci/run` installs the same list)."""
INSTALL_HINT = "apt-get install " + " ".join(PACKAGES)
SKIP_MESSAGE = f"real WordPress needs Debian packages: {INSTALL_HINT}"
_SBIN = ("/usr/sbin", "/sbin")
PR_SET_PDEATHSIG = 1


def binary(name: str) -> str:
    """The path of a program, looking in the sbin directories too (mariadbd lives there)."""
    path = os.pathsep.join([os.environ.get("PATH", ""), *_SBIN])
    found = shutil.which(name, path=path)
    if found is None:
        raise FileNotFoundError(name)
    return found


def die_with_parent() -> None:
    """In a child before exec: end it when the process that started it ends (Linux prctl)."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@cache
def missing() -> tuple[str, ...]:
    """What of the WordPress stack is absent here; empty when it can run."""
    absent: list[str] = []
    for program in ("php", "mariadb-install-db", "mariadbd", "mariadb"):
        try:
            binary(program)
        except FileNotFoundError:
            absent.append(program)
    for needed in (
        WORDPRESS / "wp-settings.php",
        THEMES / "twentytwentyone" / "style.css",
        THEMES / "twentytwentythree" / "theme.json",
        THEMES / "twentytwentytwo" / "theme.json",
        LANGUAGES / "ru_RU.mo",
    ):
        if not needed.exists():
            absent.append(str(needed))
    if "php" not in absent:
        modules = subprocess.run(
            [binary("php"), "-m"], capture_output=True, text=True, check=False
        ).stdout.split()
        absent.extend(
            f"php module {name}" for name in ("mysqli", "gd", "SimpleXML") if name not in modules
        )
    return tuple(absent)


def require_wordpress() -> None:
    """Skip the calling test when the packages are missing; under CI=true, fail instead."""
    absent = missing()
    if not absent:
        return
    message = f"{SKIP_MESSAGE} (missing: {', '.join(absent)})"
    if os.environ.get("CI") == "true":
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
