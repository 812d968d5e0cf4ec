"""Ordered units and their checkpoints: the done count and the prefix follow every task."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsbot.crawl.progress import OrderedUnits

Step = tuple[str, int]
steps = st.lists(st.tuples(st.sampled_from(["begin", "end", "fail"]), st.integers(0, 4)))


def units_of(count: int) -> OrderedUnits:
    units = OrderedUnits()
    units.extend((key, f"label-{key}") for key in range(count))
    return units


@given(steps)
def test_done_and_the_checkpoint_agree_with_a_recount(script: list[Step]) -> None:
    units = units_of(5)
    outstanding = dict.fromkeys(range(5), 1)
    failed: set[int] = set()
    checkpoint = None
    prefix = 0  # the checkpoint only moves forward
    for action, key in script:
        if action == "begin":
            units.begin(key)
            outstanding[key] += 1
        elif action == "end":
            units.end(key)
            outstanding[key] -= 1
        else:
            units.fail(key)
            outstanding[key] -= 1
            failed.add(key)
        checkpoint = units.advance() or checkpoint
        done = {key for key in range(5) if outstanding[key] <= 0 and key not in failed}
        assert units.done == len(done)
        while prefix < 5 and prefix in done:
            prefix += 1
        assert checkpoint == (f"label-{prefix - 1}" if prefix else None)


def test_a_unit_waits_for_its_requests_and_items() -> None:
    units = units_of(2)
    units.begin(0)  # an article request
    units.end(0)  # the day's own archive page is read
    assert units.advance() is None
    units.begin(0)  # the article's item
    units.end(0)  # the request is answered
    units.end(0)  # the item is stored
    assert units.advance() == "label-0"
    assert (units.done, units.total) == (1, 2)


def test_a_failed_unit_stops_the_checkpoint_for_good() -> None:
    units = units_of(3)
    units.fail(0)
    units.end(1)
    units.end(2)
    assert units.advance() is None
    assert units.done == 2


def test_labels_can_be_given_once_known() -> None:
    units = units_of(1)
    units.set_label(0, "2026-11-20T10:00:00")
    units.end(0)
    assert units.advance() == "2026-11-20T10:00:00"
