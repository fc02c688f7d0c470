"""Memory stays flat: exporting 10x the claims must not need anywhere near 10x the memory
(rows are streamed from a server-side cursor a chunk at a time, never collected)."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from annotations.models import Annotation, Claim, ClaimStatus, Evidence
from annotations.services.exports import claims_export
from tests.factories import ArticleFactory, EvidenceDocumentFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db

CHUNK = 100


class Sink(io.RawIOBase):
    """Counts what is written and keeps none of it."""

    def __init__(self) -> None:
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def seed(n: int):
    project = ProjectFactory()
    reviewer = UserFactory()
    body = "Officials said the bridge had reopened after the floods. " * 4
    article = ArticleFactory(project=project, body=body)
    claims = Claim.objects.bulk_create(
        [
            Claim(
                article=article,
                start=15,
                end=40,
                text=f"Claim number {i}: the bridge had reopened after the floods of the year",
                speaker_text="Officials",
                speaker_start=0,
                speaker_end=9,
                status=ClaimStatus.VERIFIED,
                final_verdict="false",
                final_note="A longish note explaining the verdict in a sentence or two. " * 2,
            )
            for i in range(n)
        ]
    )
    annotations = Annotation.objects.bulk_create(
        [
            Annotation(
                claim=c,
                reviewer=reviewer,
                verdict="false",
                source_reliability="C",
                rationale="Because. " * 10,
            )
            for c in claims
        ]
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                claim_id=a.claim_id,
                added_by_id=a.reviewer_id,
                document=EvidenceDocumentFactory(project=project, url=f"https://evidence.example/{a.pk}"),
                title="A source",
            )
            for a in annotations
        ]
    )
    return project


def peak(project, fmt: str) -> tuple[int, int]:
    sink = Sink()
    tracemalloc.start()
    try:
        n = claims_export(project=project, format=fmt, filters=None, stream=sink, chunk_size=CHUNK)
        _, top = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert sink.size > 0
    return n, top


def test_memory_is_flat_in_the_number_of_claims():
    small, large = seed(300), seed(3000)
    peaks = {}
    for fmt in ("csv", "json", "html"):
        peak(small, fmt)  # warm up: templates, query compilation, imports
        n_small, small_peak = peak(small, fmt)
        n_large, large_peak = peak(large, fmt)
        assert (n_small, n_large) == (300, 3000)
        peaks[fmt] = (small_peak, large_peak)
    # 10x the claims; holding every record would make this ~10x.
    for fmt, (small_peak, large_peak) in peaks.items():
        assert large_peak < 2 * small_peak, (fmt, peaks)
    print(peaks)
