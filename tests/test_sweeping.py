"""Properties of the sweep's decisions: absence alone and temporary errors never mark an article,
only WordPress's own answers do; the comparison splits the archive exactly."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from newsbot.crawl.sweeping import SweepPolicy, compare, page_answer, rest_answer
from pipelines.store.deletions import Presence

presences = st.lists(
    st.builds(Presence, st.integers(1, 500), st.none() | st.integers(1, 10**6), st.booleans()),
    unique_by=lambda p: p.article_id,
)
statuses = st.integers(100, 599)
bodies = st.binary(max_size=40) | st.dictionaries(st.text(max_size=5), st.integers()).map(
    lambda d: json.dumps(d).encode()
)


@given(presences, st.sets(st.integers(1, 500)))
def test_the_comparison_splits_the_archive(stored: list[Presence], listed: set[int]) -> None:
    result = compare(stored, listed)
    live = {p.article_id for p in stored if not p.deleted}
    deleted = {p.article_id for p in stored if p.deleted}
    assert set(result.missing) == live - listed
    assert set(result.back) == deleted & listed
    assert result.live == len(live)


@given(statuses, bodies, st.integers(1, 10**6))
def test_no_rest_answer_but_wordpress_json_marks_a_post(
    status: int, body: bytes, post_id: int
) -> None:
    answer = rest_answer(status, body, post_id)
    if status >= 500 or status in (400, 429):
        assert answer is None
    if answer in ("deleted", "unpublished"):
        assert "code" in json.loads(body)
        assert status in (401, 403, 404, 410)


def test_wordpress_answers_for_a_deleted_and_a_trashed_post() -> None:
    error = json.dumps({"code": "rest_post_invalid_id", "data": {"status": 404}}).encode()
    forbidden = json.dumps({"code": "rest_forbidden", "data": {"status": 401}}).encode()
    assert rest_answer(404, error, 7) == "deleted"
    assert rest_answer(401, forbidden, 7) == "unpublished"
    assert rest_answer(404, b"<html>Not found</html>", 7) is None  # REST off: says nothing
    assert rest_answer(200, json.dumps({"id": 7}).encode(), 7) == "alive"
    assert rest_answer(200, json.dumps({"id": 8}).encode(), 7) is None


@given(statuses, st.booleans(), st.booleans(), st.none() | st.booleans())
def test_a_page_marks_only_on_404_410_or_a_redirect_away(
    status: int, redirected: bool, home: bool, same: bool | None
) -> None:
    answer = page_answer(status, redirected, home, same)
    if status not in (200, 404, 410):
        assert answer is None
    if answer == "redirected":
        assert redirected
    if answer == "alive":
        assert same is True


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_an_implausible_share_is_more_than_the_floor_and_the_share(missing: int, live: int) -> None:
    policy = SweepPolicy(None, 0.2, 5)
    if policy.implausible(missing, live):
        assert missing > 5 and missing > 0.2 * live
    else:
        assert missing <= 5 or missing <= 0.2 * live


def test_a_sweep_is_due_when_the_last_is_old_enough_and_never_when_off() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    daily = SweepPolicy(timedelta(hours=24), 0.2, 5)
    assert daily.due(now - timedelta(hours=25), now)
    assert not daily.due(now - timedelta(hours=23), now)
    assert not daily.due(None, now)  # the clock starts at the first run
    assert not SweepPolicy(None, 0.2, 5).due(now - timedelta(days=400), now)
