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
    log_n = lgamma(trials + 1)
    return min(
        1.0,
        sum(
            exp(log_n - lgamma(k + 1) - lgamma(trials - k + 1) + k * log_p + (trials - k) * log_q)
            for k in range(observed + 1)
        ),
    )
