from __future__ import annotations

import pytest

from annotations.agreement import agreement, alpha

ORDER = {"true": 5, "mostly_true": 4, "half_true": 3, "mostly_false": 2, "false": 1}


def test_perfect_agreement_is_one_and_needs_overlap():
    ratings = {1: {"ana": 5, "bo": 5}, 2: {"ana": 1, "bo": 1}, 3: {"ana": 3}}
    result = alpha(ratings)
    assert result.value == pytest.approx(1.0)
    assert result.claims == 2
    assert alpha({1: {"ana": 5}}).value is None


def test_systematic_disagreement_is_below_chance():
    ratings = {i: {"ana": 5 if i % 2 else 1, "bo": 1 if i % 2 else 5} for i in range(10)}
    assert alpha(ratings).value < 0


def test_near_misses_count_less_than_far_misses_on_an_ordinal_scale():
    base = {i: {"ana": v, "bo": v} for i, v in enumerate([1, 2, 3, 4, 5, 1, 2, 3, 4, 5])}
    near = {**base, 0: {"ana": 1, "bo": 2}}
    far = {**base, 0: {"ana": 1, "bo": 5}}
    assert 1 > alpha(near).value > alpha(far).value


def test_cannot_be_judged_counts_as_missing_and_pairs_are_reported():
    rows = [
        (1, "ana", "true", "B", 2),
        (1, "bo", "true", "B", 2),
        (1, "cy", "unverifiable", "F", 6),
        (2, "ana", "false", "C", 3),
        (2, "bo", "false", "D", 3),
        (2, "cy", "false", "C", 3),
        (3, "ana", "mostly_true", "A", 1),
        (3, "cy", "half_true", "A", 1),
    ]
    result = agreement(rows, ORDER)
    assert result.verdict.claims == 3  # claim 1 still has two usable verdicts
    assert result.reliability.claims == 3
    pairs = {(a, b): p for a, b, p in result.pairs}
    assert pairs[("ana", "bo")].value == pytest.approx(1.0)
    assert pairs[("ana", "bo")].claims == 2
    assert pairs[("ana", "cy")].claims == 2
    assert pairs[("bo", "cy")].claims == 1
