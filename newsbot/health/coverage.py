"""How unlikely a field's coverage in one run is, given how often the archive usually has it."""

from __future__ import annotations

from math import exp, lgamma, log


def lower_tail(observed: int, trials: int, share: float) -> float:
    """P(X ≤ observed) for X ~ Binomial(trials, share): the chance of so few by luck alone."""
    if observed >= trials or share <= 0.0:
        return 1.0
    if share >= 1.0:
        return 0.0
    log_p, log_q = log(share), log(1.0 - share)
    return min(
        1.0,
        sum(
            exp(_log_choose(trials, k) + k * log_p + (trials - k) * log_q)
            for k in range(observed + 1)
        ),
    )


def _log_choose(n: int, k: int) -> float:
    return lgamma(n + 1) - lgamma(k + 1) - lgamma(n - k + 1)


def lower_tail_beside(observed: int, trials: int, before: int, before_trials: int) -> float:
    """P(X ≤ observed) when the run and the archive's history share one unknown rate: X the run's
    count among all `observed + before` articles having the field, its `trials` drawn from
    `trials + before_trials` (Fisher's exact test, one-sided). A history is a sample too: a small
    one says its share only roughly, and this does not take it for exact as `lower_tail` would."""
    total, having = trials + before_trials, observed + before
    if observed >= min(trials, having):
        return 1.0
    lowest = max(0, trials - (total - having))
    log_all = _log_choose(total, trials)
    return min(
        1.0,
        sum(
            exp(_log_choose(having, k) + _log_choose(total - having, trials - k) - log_all)
            for k in range(lowest, observed + 1)
        ),
    )
