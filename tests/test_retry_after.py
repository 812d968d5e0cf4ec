"""How long a `Retry-After` header asks to wait: delta-seconds, an HTTP date, or nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from hypothesis import given
from hypothesis import strategies as st

from newsbot.middlewares.retry_after import retry_after_seconds


@given(st.text())
def test_any_header_value_gives_a_wait_or_none(value: str) -> None:
    seconds = retry_after_seconds(value)
    assert seconds is None or seconds >= 0


def test_the_forms_a_site_sends() -> None:
    later = format_datetime(datetime.now(UTC) + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(" 120 ") == 120.0
    assert 80 <= (retry_after_seconds(later) or 0) <= 90
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    for not_a_wait in ("²", "1²", "-5", "1.5", "soon", ""):
        assert retry_after_seconds(not_a_wait) is None
