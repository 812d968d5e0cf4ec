"""A crawl does not load pandas or numpy because sqlite-utils would: they cost it about 80 MB."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import newsbot.cli, newsbot.spiders.arbuz, pipelines.store
print(sorted(name for name in ("pandas", "numpy") if name in sys.modules))
import pandas
from sqlite_utils import Database
db = Database(memory=True)
db["t"].insert({"a": 1})
print(pandas.DataFrame(list(db["t"].rows)).shape)
"""


def test_the_crawl_imports_neither_pandas_nor_numpy_and_both_still_import_later() -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["[]", "(1, 1)"]
