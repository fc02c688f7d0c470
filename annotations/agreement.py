"""Inter-reviewer agreement: Krippendorff's alpha (ordinal) on verdicts and on the
Admiralty grades, for a project and for each pair of reviewers.

"Cannot be judged" values (verdict Unverifiable, reliability F, credibility 6) are not
points on the ordinal scale, so they count as missing rather than as an extreme.
Uses the well-kept `krippendorff` package for the coefficient itself.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import krippendorff
import numpy as np

RELIABILITY_ORDER = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 5}  # F: cannot be judged
CREDIBILITY_ORDER = {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}  # 6: cannot be judged


@dataclass(frozen=True)
class Alpha:
    value: float | None  # None when there is not enough overlap to compute it
    claims: int  # claims rated by at least two of the reviewers considered

    @property
    def display(self) -> str:
        return "—" if self.value is None else f"{self.value:.2f}"


def alpha(ratings: Mapping[int, Mapping[str, float]], reviewers: Iterable[str] | None = None) -> Alpha:
    """`ratings` maps claim id → {reviewer: ordinal value}."""
    people = sorted(set(reviewers) if reviewers is not None else {r for row in ratings.values() for r in row})
    units = [cid for cid, row in ratings.items() if sum(1 for r in people if r in row) >= 2]
    if len(people) < 2 or not units:
        return Alpha(None, len(units))
    matrix = np.full((len(people), len(units)), np.nan)
    for j, cid in enumerate(units):
        for i, person in enumerate(people):
            if person in ratings[cid]:
                matrix[i, j] = ratings[cid][person]
    values = matrix[~np.isnan(matrix)]
    if len(set(values.tolist())) < 2:
        # Everyone gave the same single value: perfect agreement, but alpha is undefined (0/0).
        return Alpha(1.0, len(units))
    return Alpha(
        float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="ordinal")), len(units)
    )


@dataclass(frozen=True)
class Agreement:
    verdict: Alpha
    reliability: Alpha
    credibility: Alpha
    pairs: list[tuple[str, str, Alpha]]  # verdict agreement per reviewer pair


def agreement(
    rows: Iterable[tuple[int, str, str, str, int | None]], verdict_order: Mapping[str, int]
) -> Agreement:
    """`rows`: (claim id, reviewer, verdict, reliability, credibility) per annotation."""
    verdicts: dict[int, dict[str, float]] = {}
    reliability: dict[int, dict[str, float]] = {}
    credibility: dict[int, dict[str, float]] = {}
    for claim_id, reviewer, verdict, grade, cred in rows:
        if verdict in verdict_order:
            verdicts.setdefault(claim_id, {})[reviewer] = verdict_order[verdict]
        if grade in RELIABILITY_ORDER:
            reliability.setdefault(claim_id, {})[reviewer] = RELIABILITY_ORDER[grade]
        if cred in CREDIBILITY_ORDER:
            credibility.setdefault(claim_id, {})[reviewer] = CREDIBILITY_ORDER[cred]
    people = sorted({r for row in verdicts.values() for r in row})
    pairs = [(a, b, alpha(verdicts, [a, b])) for a, b in itertools.combinations(people, 2)]
    return Agreement(
        verdict=alpha(verdicts),
        reliability=alpha(reliability),
        credibility=alpha(credibility),
        pairs=[p for p in pairs if p[2].claims],
    )
