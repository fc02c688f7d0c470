"""Cut an article body into segments for highlighting claims, speakers and cues in place.

The text is never altered: segments are consecutive slices of the body, each with the
kinds of span covering it, so the template can wrap them without touching offsets.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Mark:
    start: int
    end: int
    kind: str  # "claim", "speaker" or "cue"
    claim_id: int


@dataclass(frozen=True, slots=True)
class Segment:
    start: int
    end: int
    text: str
    kinds: frozenset[str]
    claim_ids: tuple[int, ...]

    @property
    def css(self) -> str:
        return " ".join(sorted(f"hl-{k}" for k in self.kinds))


def segments(body: str, marks: Iterable[Mark]) -> list[Segment]:
    spans = [m for m in marks if 0 <= m.start < m.end <= len(body)]
    cuts = sorted({0, len(body), *(m.start for m in spans), *(m.end for m in spans)})
    # Sweep the cut points in order; each mark covers the segments between its ends.
    out: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        covering = [m for m in spans if m.start <= a and b <= m.end]
        out.append(
            Segment(
                start=a,
                end=b,
                text=body[a:b],
                kinds=frozenset(m.kind for m in covering),
                claim_ids=tuple(sorted({m.claim_id for m in covering if m.kind == "claim"})),
            )
        )
    return out
