"""A learned check of stance cues: is this verb its subject's position or report?

PolNeAR (and a fact-checker) counts far more verbs as attribution than any word list
holds ("vetoed", "is vying for", "backing", "refuse"), while many listed stance verbs are
not cues in their context. This is a logistic regression over sparse features of a verb
in its parse (its form, tag and dependency, its children's dependencies and
prepositions, what its subject is). `scripts/train_cue_model.py` trains it from the
PolNeAR training split (`make cue-model`); the weights are `models/cue_verbs.json`
(features and weights only, no text), described in docs/models/cue_verbs.md.

The attribution rules ask `stance_score` only about the head verb of a clause that no
other attribution covers (`stance.stance_cues`): a listed stance verb whose score is
below `VETO` is not taken as a cue, an unlisted verb whose score is above `ACCEPT` is.
Pure Python; the weights are read once per process (read-only afterwards).
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from . import lexicon as lx
from .tokens import _Info, _is_agent

MODEL_PATH = Path(__file__).resolve().parent / "models" / "cue_verbs.json"

# Decision thresholds on the model's log-odds, chosen on the PolNeAR dev split and GUM
# news dev together (docs/models/cue_verbs.md): GUM annotates speech and belief, not
# intentions, so accepting every verb PolNeAR would count costs GUM more than it gains.
ACCEPT = 1.5
VETO = -0.5


# The per-token lists of a parsed unit the features read: the engine's one token-data
# representation (``tokens._Info``).
TokenData = _Info


def features(info: TokenData, v: int) -> list[str]:
    """The sparse features of verb ``v`` (a token index in ``info``)."""
    lower, dep, tag, kids = info.lower, info.dep, info.tag, info.kids
    w = lower[v]
    out = [f"w={w}", f"t={tag[v]}", f"d={dep[v]}", f"wd={w}|{dep[v]}"]
    for d in sorted({dep[k] for k in kids[v]}):
        out.append(f"k={d}")
        out.append(f"wk={w}|{d}")
    subj = -1
    for k in kids[v]:
        d = dep[k]
        if d == "prep" and k > v:
            out.append(f"p={lower[k]}")
            out.append(f"wp={w}|{lower[k]}")
        elif d == "prt":
            out.append(f"wprt={w}|{lower[k]}")
        elif d == "neg":
            out.append("neg")
        elif d == "dobj":
            # What is offered, voiced or given: "offered support" is a stance,
            # "offered little resistance" an act.
            out.append(f"o={lower[k]}")
        elif subj < 0 and d in ("nsubj", "nsubjpass"):
            subj = k
    if subj < 0:
        out.append("nosubj")
    else:
        out.append(f"st={tag[subj]}")
        if tag[subj] == "PRP":
            out.append(f"sw={lower[subj]}")
        if _is_agent(info, subj):
            out.append("sagent")
        if lower[subj] in lx.AGENT_NOUNS:
            out.append("sagentnoun")
    h = info.head[v]
    if h != v:
        out.append(f"h={lower[h]}")
        out.append(f"hd={lower[h]}|{dep[v]}")
    out.append(f"inlex={int(w in lx.STANCE_VERBS)}")
    out.append(f"incue={int(w in lx.CUE_VERBS)}")
    return out


class CueModel:
    """Weights of a logistic regression over `features`."""

    __slots__ = ("bias", "weights")

    def __init__(self, weights: dict[str, float], bias: float) -> None:
        self.weights = weights
        self.bias = bias

    def score(self, feats: Sequence[str]) -> float:
        """Log-odds that the verb is a cue."""
        get = self.weights.get
        return self.bias + sum(get(f, 0.0) for f in feats)

    def to_json(self) -> dict[str, object]:
        return {"kind": "logistic-regression", "bias": self.bias, "weights": self.weights}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> CueModel:
        weights = data.get("weights")
        bias = data.get("bias")
        if not isinstance(weights, dict) or not isinstance(bias, int | float):
            raise ValueError("not a cue model: needs a 'weights' object and a numeric 'bias'")
        return cls({str(k): float(v) for k, v in weights.items()}, float(bias))


@cache
def load(path: Path = MODEL_PATH) -> CueModel:
    """The committed model (read once per process)."""
    with path.open(encoding="utf-8") as f:
        return CueModel.from_json(json.load(f))


def stance_score(info: TokenData, v: int) -> float:
    return load().score(features(info, v))


def decide(info: TokenData, v: int) -> bool | None:
    """Whether verb ``v`` is a stance cue: a listed stance verb unless the model vetoes it
    (False), an unlisted verb the model accepts (True); None for an unlisted verb it
    does not accept (the rules then look further down an infinitive chain)."""
    s = stance_score(info, v)
    if info.lower[v] in lx.STANCE_VERBS:
        return s > VETO
    return True if s > ACCEPT else None


def train(
    examples: Sequence[tuple[list[str], bool]],
    *,
    epochs: int = 6,
    rate: float = 0.2,
    l2: float = 1e-6,
    seed: int = 0,
    min_count: int = 1,
) -> CueModel:
    """Logistic regression by AdaGrad SGD, deterministic for a given seed. Features seen
    in fewer than ``min_count`` examples are left out (they would only fit noise)."""
    import random
    from collections import Counter

    if min_count > 1:
        counts = Counter(f for feats, _ in examples for f in set(feats))
        examples = [([f for f in feats if counts[f] >= min_count], label) for feats, label in examples]
    order = list(range(len(examples)))
    rng = random.Random(seed)  # noqa: S311  (shuffling training examples, not secrets)
    weights: dict[str, float] = {}
    sq: dict[str, float] = {}
    bias = bias_sq = 0.0
    for _ in range(epochs):
        rng.shuffle(order)
        for n in order:
            feats, label = examples[n]
            z = bias + sum(weights.get(f, 0.0) for f in feats)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            g = p - (1.0 if label else 0.0)
            bias_sq += g * g
            bias -= rate * g / math.sqrt(bias_sq + 1e-8)
            for f in feats:
                wf = weights.get(f, 0.0)
                gf = g + l2 * wf
                sq[f] = sq.get(f, 0.0) + gf * gf
                weights[f] = wf - rate * gf / math.sqrt(sq[f] + 1e-8)
    return CueModel(weights, bias)


def pruned(model: CueModel, *, below: float = 0.02, digits: int = 3) -> CueModel:
    """Drop near-zero weights and round the rest (a smaller file, the same decisions
    within rounding)."""
    kept = {f: round(w, digits) for f, w in sorted(model.weights.items()) if abs(w) >= below}
    return CueModel(kept, round(model.bias, digits))
