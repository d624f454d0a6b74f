"""Beta-Binomial smoothing, credible intervals, variant comparison and the Thompson allocator."""

from __future__ import annotations

import numpy as np
import pytest

from shopforge.optimize.stats import (
    MAX_STRENGTH,
    MIN_STRENGTH,
    compare_variants,
    fit_prior,
    next_variant,
    posterior,
    prob_beats,
    prob_best,
)


def test_intervals_contain_the_true_rate_about_95_percent_of_the_time() -> None:
    rng = np.random.default_rng(11)
    truth = rng.beta(4, 150, size=600)  # CTRs around 2.6 %, varying between variants
    trials = rng.integers(50, 3000, size=600)
    clicks = rng.binomial(trials, truth)
    prior = fit_prior(clicks.tolist(), trials.tolist())
    assert 0.02 < prior.mean < 0.032
    estimates = [posterior(int(c), int(n), prior) for c, n in zip(clicks, trials, strict=True)]
    covered = np.mean([e.low <= t <= e.high for e, t in zip(estimates, truth, strict=True)])
    assert 0.92 <= covered <= 0.98
    # and smoothing helps: posterior means are closer to the truth than raw rates
    raw_error = np.mean(np.abs(clicks / trials - truth))
    smoothed_error = np.mean([abs(e.mean - t) for e, t in zip(estimates, truth, strict=True)])
    assert smoothed_error < raw_error


def test_small_samples_are_pulled_towards_the_pool_and_large_ones_are_not() -> None:
    prior = fit_prior([30, 25, 35, 28], [1000, 1000, 1000, 1000])
    lucky = posterior(3, 20, prior)  # raw 15 %
    assert prior.mean < lucky.mean < 0.15
    big = posterior(5000, 100_000, prior)  # raw 5 %
    assert abs(big.mean - 0.05) < 0.002


def test_prior_strength_follows_the_spread_between_arms() -> None:
    alike = fit_prior([100, 100, 100, 100], [5000, 5000, 5000, 5000])
    spread = fit_prior([10, 100, 400, 900], [5000, 5000, 5000, 5000])
    assert alike.strength == MAX_STRENGTH
    assert MIN_STRENGTH <= spread.strength < 100
    few_trials = fit_prior([2, 2, 2, 2], [40, 40, 40, 40])
    assert few_trials.strength == 40  # alike, but the prior never outweighs the median arm's own data
    assert fit_prior([0], [0]).strength == MIN_STRENGTH  # nothing to estimate a spread from
    assert fit_prior([0, 0, 0], [10, 10, 10]).mean > 0  # no clicks yet still leaves room for some


def test_invalid_counts_are_refused() -> None:
    prior = fit_prior([1, 2, 3], [10, 10, 10])
    with pytest.raises(ValueError):
        posterior(11, 10, prior)
    with pytest.raises(ValueError):
        fit_prior([-1, 2, 3], [10, 10, 10])
    with pytest.raises(ValueError):
        next_variant({})


def test_comparisons_put_the_better_variant_first() -> None:
    prior = fit_prior([50, 80], [2000, 2000])
    arms = {"a": posterior(50, 2000, prior), "b": posterior(80, 2000, prior)}
    assert prob_beats(arms["b"], arms["a"]) > 0.98
    assert abs(prob_beats(arms["a"], arms["a"]) - 0.5) < 0.02
    (comparison,) = compare_variants(arms)
    assert (comparison.a, comparison.b) == ("b", "a") and comparison.prob_a_beats_b > 0.98
    assert comparison.lift is not None and comparison.lift > 0.3
    shares = prob_best(arms)
    assert shares["b"] > 0.98 and abs(sum(shares.values()) - 1) < 1e-9


def test_thompson_sampling_sends_most_traffic_to_the_better_arm() -> None:
    rng = np.random.default_rng(5)
    truth = {"weak": 0.03, "strong": 0.06, "middle": 0.04}
    counts = {name: [0, 0] for name in truth}  # clicks, impressions
    served = dict.fromkeys(truth, 0)
    for _ in range(300):  # 300 rounds of 50 impressions each
        choice = next_variant({k: (v[0], v[1]) for k, v in counts.items()}, rng=rng, draws=2000).variant
        served[choice] += 1
        counts[choice][1] += 50
        counts[choice][0] += int(rng.binomial(50, truth[choice]))
    assert served["strong"] > 0.6 * 300
    final = next_variant({k: (v[0], v[1]) for k, v in counts.items()}, rng=rng)
    assert max(final.shares, key=lambda k: final.shares[k]) == "strong"
    assert abs(sum(final.shares.values()) - 1) < 1e-9


def test_with_no_data_every_variant_gets_an_equal_share() -> None:
    allocation = next_variant({"a": (0, 0), "b": (0, 0)}, rng=np.random.default_rng(0))
    assert allocation.variant in ("a", "b")
    assert abs(allocation.shares["a"] - 0.5) < 0.02
