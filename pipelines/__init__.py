"""Item pipelines: validate, store (DESIGN §3); the page objects normalised the articles."""

import sys
from importlib import import_module

_SKIPPED_BY_SQLITE_UTILS = ("pandas", "numpy")
"""What sqlite-utils imports when installed, only to convert those libraries' values on insert:
the archive inserts plain Python values, and the imports would cost every crawl about 80 MB."""


def _import_sqlite_utils_alone() -> None:
    """Import sqlite-utils without the libraries above (a process that already loaded them keeps
    them); importing them later works as usual."""
    absent = [name for name in _SKIPPED_BY_SQLITE_UTILS if name not in sys.modules]
    for name in absent:
        sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
    try:
        import_module("sqlite_utils")
    finally:
        for name in absent:
            del sys.modules[name]


_import_sqlite_utils_alone()
