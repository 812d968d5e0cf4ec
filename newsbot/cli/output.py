"""The command's output on any terminal: characters its encoding cannot show are replaced."""

from __future__ import annotations

import io
from typing import TextIO


def replace_unencodable(*streams: TextIO) -> None:
    """Make each text stream write `?` for a character its encoding lacks, instead of failing."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")
