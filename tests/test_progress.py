"""Units of work and backfill checkpoints: done counts follow every task; a checkpoint holds what
was done in any order, and its gaps are exactly what is left."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

from hypothesis import example, given
from hypothesis import strategies as st

from newsbot.crawl.checkpoints import DayCheckpoint, Spans, WindowCheckpoint, next_day
from newsbot.crawl.dates import days
from newsbot.crawl.progress import Units, ending

Step = tuple[str, int]
steps = st.lists(st.tuples(st.sampled_from(["begin", "end", "fail", "resolve"]), st.integers(0, 4)))


@given(steps)
def test_done_agrees_with_a_recount(script: list[Step]) -> None:
    units = Units()
    units.extend(range(5))
    outstanding = dict.fromkeys(range(5), 0)
    started: set[int] = set()
    failed: set[int] = set()
    done_before: set[int] = set()
    for action, key in script:
        became_done = False
        if action == "fail":
            units.fail(key)
            failed.add(key)
        else:
            change = {"begin": 1, "end": -1, "resolve": 0}[action]
            if change == 1:
                units.begin(key)
            elif change == -1:
                became_done = units.end(key)
            elif change == 0:
                became_done = units.resolve(key)
            outstanding[key] += change
            started.add(key)
        done = {key for key in started if outstanding[key] <= 0 and key not in failed}
        assert units.done == len(done)
        assert became_done == (key in done and key not in done_before)
        done_before = done


def test_a_unit_waits_for_its_requests_and_items() -> None:
    units = Units()
    units.extend([0, 1])
    units.begin(0)  # the day's archive page
    units.begin(0)  # an article request it gives
    assert not units.end(0)  # the archive page's callback is over
    units.begin(0)  # the article's item
    assert not units.end(0)  # the article request's callback is over
    assert units.end(0)  # the item is stored
    assert (units.done, units.total) == (1, 2)


def test_a_unit_nothing_was_asked_for_is_not_done() -> None:
    units = Units()
    units.extend([0, 1])
    assert units.done == 0
    assert units.resolve(1)  # its archive is absent: nothing to ask for
    assert units.done == 1


def test_a_failed_unit_is_never_done() -> None:
    units = Units()
    units.extend([0, 1])
    units.begin(0)
    units.fail(0)
    assert not units.end(0)
    units.begin(1)
    assert units.end(1)
    assert units.done == 1


def test_a_unit_of_a_plan_given_up_is_ignored() -> None:
    units = Units()
    units.begin("gone")
    assert not units.end("gone") and units.done == 0


day_offsets = st.lists(st.integers(0, 60), max_size=40)
START = date(2019, 11, 1)


@given(day_offsets)
def test_the_days_left_are_exactly_the_days_not_done(done: list[int]) -> None:
    last = START + timedelta(days=60)
    checkpoint = DayCheckpoint(START, last, None)
    value = None
    for offset in done:
        value = checkpoint.complete(START + timedelta(days=offset))
    resumed = DayCheckpoint(START, last, value)
    finished = {START + timedelta(days=offset) for offset in done}
    assert resumed.wanted() == [day for day in days(START, last) if day not in finished]


@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 5))))
def test_spans_merge_into_disjoint_sorted_spans(pairs: list[tuple[int, int]]) -> None:
    spans: Spans[date] = Spans(next_day)
    covered: set[date] = set()
    for start, length in pairs:
        lo, hi = START + timedelta(days=start), START + timedelta(days=start + length)
        spans.add(lo, hi)
        covered |= set(days(lo, hi))
    for (_, hi), (lo, _) in zip(spans.spans, spans.spans[1:], strict=False):
        assert next_day(hi) < lo  # neither overlapping nor adjacent
    assert {day for lo, hi in spans.spans for day in days(lo, hi)} == covered


AFTER = datetime(2019, 10, 31, 23, 59, 59)
BEFORE = datetime(2019, 12, 1)
moments = st.integers(0, 30 * 24 * 3600).map(lambda s: AFTER + timedelta(seconds=s))


@given(st.lists(st.tuples(moments, moments)), moments)
@example(  # pages apart sharing a second: the pages between them may hold more of it
    done=[
        (AFTER, AFTER + timedelta(seconds=1)),
        (AFTER + timedelta(seconds=1), AFTER + timedelta(seconds=2)),
    ],
    probe=AFTER + timedelta(seconds=1),
)
def test_rest_windows_ask_for_every_moment_not_done(
    done: list[tuple[datetime, datetime]], probe: datetime
) -> None:
    checkpoint = WindowCheckpoint(AFTER, BEFORE, None)
    value = None
    for first, last in done:
        value = checkpoint.complete(min(first, last), max(first, last))
    windows = WindowCheckpoint(AFTER, BEFORE, value).windows()
    inside_done = any(min(a, b) < probe < max(a, b) for a, b in done)
    asked = any(after < probe < before for after, before in windows)
    if AFTER < probe < BEFORE and not inside_done:
        assert asked  # nothing left undone is skipped
    if asked:  # and what is asked again reaches at most a second into what is done
        assert not any(min(a, b) + timedelta(seconds=1) < probe < max(a, b) - timedelta(seconds=1)
                       for a, b in done)  # fmt: skip


def test_a_checkpoint_of_the_older_form_resumes_after_its_day() -> None:
    checkpoint = DayCheckpoint(START, START + timedelta(days=4), "2019-11-02")
    assert checkpoint.wanted() == [START + timedelta(days=n) for n in (2, 3, 4)]
    rest = WindowCheckpoint(AFTER, BEFORE, "2019-11-10T12:00:00")
    assert rest.windows() == [(datetime(2019, 11, 10, 11, 59, 59), BEFORE)]


def test_a_checkpoint_is_json_of_the_done_spans() -> None:
    checkpoint = DayCheckpoint(START, START + timedelta(days=9), None)
    checkpoint.complete(START + timedelta(days=3))
    value = checkpoint.complete(START + timedelta(days=4))
    assert json.loads(value) == {"format": 2, "done": [["2019-11-04", "2019-11-05"]]}


def test_a_callback_ends_its_task_once_its_output_is_out_and_never_half_way() -> None:
    over: list[str] = []
    call = ending(lambda result: iter([result, result]), lambda: over.append("over"))
    output = call("page")
    assert next(output) == "page" and over == []
    output.close()  # a stopping crawl abandons it
    assert over == []
    assert list(call("page")) == ["page", "page"] and over == ["over"]
    assert list(ending(lambda result: None, lambda: over.append("none"))("x")) == []
    assert over == ["over", "none"]
