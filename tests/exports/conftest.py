"""A desk with verified, disputed and unreviewed claims, several reviewers who disagree on
the grades, hostile text in every user field, a member of each role and an outsider."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from annotations.models import (
    Annotation,
    Article,
    Claim,
    ClaimStatus,
    EvidenceStance,
    Project,
    Role,
    Sentence,
    Source,
    SourceKind,
    Stance,
)
from tests.factories import (
    ArticleFactory,
    EvidenceFactory,
    MembershipFactory,
    ProjectFactory,
    SourceFactory,
    UserFactory,
)

XSS_TEXT = '<script>alert("claim")</script> The <b>army</b> & "police" left'
XSS_SOURCE = "Rami <img src=x onerror=alert(1)>"
XSS_TITLE = '<svg onload=alert("evidence")>Satellite images'
JS_URL = "javascript:alert(document.cookie)"
FORMULA_TEXT = '=HYPERLINK("http://evil.example","click") and the dam burst'

BODY_1 = (
    "Syrian state media said Assad remained in Damascus on Sunday. "
    "Rebels said he had fled to Moscow. The weather was mild."
)
BODY_2 = f"{XSS_SOURCE} claimed that {XSS_TEXT}. {FORMULA_TEXT} according to locals."
BODY_3 = "Officials said 3,000 people were evacuated. Nobody disputes this."

T0 = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


@dataclass
class Desk:
    project: Project
    other: Project
    users: dict[str, object]
    articles: list[Article]
    sources: dict[str, Source]
    # verified with reviewers who disagree on grades; verified with hostile text;
    # verified Unverifiable; disputed; unreviewed
    damascus: Claim
    hostile: Claim
    evacuated: Claim
    disputed: Claim
    unreviewed: Claim
    other_claim: Claim

    @property
    def verified(self) -> list[Claim]:
        return [self.damascus, self.hostile, self.evacuated]


def _span(body: str, text: str) -> tuple[int, int]:
    start = body.index(text)
    return start, start + len(text)


def _annotate(
    claim: Claim, reviewer: object, when: datetime, evidence: list[tuple[str, str, str]] = (), **fields
):
    annotation = Annotation.objects.create(claim=claim, reviewer=reviewer, **fields)
    for url, title, stance in evidence:
        EvidenceFactory(claim=claim, added_by=reviewer, url=url, title=title, stance=stance)
    # auto_now fields: set the times the merge rule orders by.
    Annotation.objects.filter(pk=annotation.pk).update(created_at=when, updated_at=when)
    return annotation


def build_desk() -> Desk:
    project = ProjectFactory(
        name="Syria desk",
        slug="syria-desk",
        publisher_name="Desk Checks",
        publisher_url="https://checks.example/report",
    )
    users = {
        "owner": UserFactory(username="owner1"),
        "editor": UserFactory(username="editor1"),
        "rev_a": UserFactory(username="rev_a"),
        # A valid username that a spreadsheet would take for a formula.
        "rev_b": UserFactory(username="-rev_b"),
        "viewer": UserFactory(username="viewer1"),
        "outsider": UserFactory(username="outsider1"),
    }
    for key, role in [
        ("owner", Role.OWNER),
        ("editor", Role.EDITOR),
        ("rev_a", Role.REVIEWER),
        ("rev_b", Role.REVIEWER),
        ("viewer", Role.VIEWER),
    ]:
        MembershipFactory(project=project, user=users[key], role=role)

    state = SourceFactory(
        project=project, name="Syrian state media", kind=SourceKind.OUTLET, default_reliability="B"
    )
    rami = SourceFactory(project=project, name=XSS_SOURCE, kind=SourceKind.PERSON, default_reliability="E")
    officials = SourceFactory(
        project=project, name="Officials", kind=SourceKind.GOVERNMENT, default_reliability="C"
    )

    a1 = ArticleFactory(
        project=project,
        title="Assad's whereabouts",
        body=BODY_1,
        url="https://news.example/assad",
        outlet="Example Wire",
        author="Jane Roe",
        published_at=T0,
    )
    a2 = ArticleFactory(
        project=project,
        title="<i>Hostile</i> title",
        body=BODY_2,
        url=JS_URL,
        outlet="@Outlet",
        published_at=T0 + timedelta(days=1),
    )
    a3 = ArticleFactory(
        project=project, title="Evacuations", body=BODY_3, url="", outlet="", published_at=None
    )

    s1 = Sentence.objects.create(article=a1, index=0, start=0, end=BODY_1.index(" Rebels"))
    start, end = _span(BODY_1, "Assad remained in Damascus on Sunday")
    damascus = Claim.objects.create(
        article=a1,
        sentence=s1,
        start=start,
        end=end,
        text="Assad remained in Damascus",
        speaker_start=0,
        speaker_end=len("Syrian state media"),
        speaker_text="Syrian state media",
        cue_start=BODY_1.index("said"),
        cue_end=BODY_1.index("said") + 4,
        cue_text="said",
        attribution_chain=[{"start": 0, "end": 18, "text": "Syrian state media"}],
        stance=Stance.ASSERTED,
        source=state,
        status=ClaimStatus.VERIFIED,
        final_verdict="false",
        final_note="Flight trackers place him in Moscow.",
        verified_by=users["editor"],
        verified_at=T0 + timedelta(days=3),
    )
    # Two reviewers agree on "false" with different grades; a later reviewer disagrees.
    _annotate(
        damascus,
        users["rev_a"],
        T0 + timedelta(hours=1),
        evidence=[("https://evidence.example/flight", "Flight log", EvidenceStance.REFUTES)],
        source=state,
        source_reliability="C",
        information_credibility=5,
        confidence="high",
        verdict="false",
        rationale="Flight records show otherwise.",
    )
    _annotate(
        damascus,
        users["rev_b"],
        T0 + timedelta(hours=2),
        evidence=[
            ("https://evidence.example/moscow", "Kremlin statement", EvidenceStance.REFUTES),
            ("https://evidence.example/flight", "Flight log again", EvidenceStance.REFUTES),
        ],
        source_reliability="D",
        information_credibility=4,
        confidence="",
        verdict="false",
        rationale="",
    )
    _annotate(
        damascus,
        users["editor"],
        T0 + timedelta(hours=5),
        source_reliability="A",
        information_credibility=1,
        confidence="low",
        verdict="true",
        rationale="State media is right.",
    )

    start, end = _span(BODY_2, XSS_TEXT)
    hostile = Claim.objects.create(
        article=a2,
        start=start,
        end=end,
        text=XSS_TEXT,
        speaker_start=0,
        speaker_end=len(XSS_SOURCE),
        speaker_text=XSS_SOURCE,
        cue_start=len(XSS_SOURCE) + 1,
        cue_end=len(XSS_SOURCE) + 8,
        cue_text="claimed",
        source=rami,
        stance=Stance.DENIED,
        status=ClaimStatus.VERIFIED,
        final_verdict="mostly_false",
        final_note="=1+1 <script>alert('note')</script>",
        verified_by=users["rev_b"],
        verified_at=T0 + timedelta(days=4),
    )
    _annotate(
        hostile,
        users["rev_a"],
        T0 + timedelta(hours=3),
        evidence=[("https://ok.example/?q=<b>x</b>", XSS_TITLE, EvidenceStance.CONTEXT)],
        source_reliability="",
        information_credibility=None,
        confidence="moderate",
        verdict="mostly_false",
        rationale="+cmd|' /C calc'!A0",
    )

    start, end = _span(BODY_3, "3,000 people were evacuated")
    evacuated = Claim.objects.create(
        article=a3,
        start=start,
        end=end,
        text="3,000 people were evacuated",
        speaker_start=0,
        speaker_end=9,
        speaker_text="Officials",
        cue_start=10,
        cue_end=14,
        cue_text="said",
        source=officials,
        status=ClaimStatus.VERIFIED,
        final_verdict="unverifiable",
        verified_by=users["editor"],
        verified_at=T0 + timedelta(days=5),
    )

    start, end = _span(BODY_2, FORMULA_TEXT)
    disputed = Claim.objects.create(
        article=a2, start=start, end=end, text=FORMULA_TEXT, status=ClaimStatus.DISPUTED
    )
    _annotate(disputed, users["rev_a"], T0 + timedelta(hours=6), verdict="true")
    _annotate(disputed, users["rev_b"], T0 + timedelta(hours=7), verdict="false")

    start, end = _span(BODY_1, "he had fled to Moscow")
    unreviewed = Claim.objects.create(
        article=a1,
        start=start,
        end=end,
        text="Assad had fled to Moscow",
        speaker_text="",
        status=ClaimStatus.UNREVIEWED,
    )

    other = ProjectFactory(name="Other desk", slug="other-desk", publisher_url="https://other.example/")
    other_article = ArticleFactory(project=other, body="Secret: the other desk's claim is here.")
    other_claim = Claim.objects.create(
        article=other_article,
        start=0,
        end=6,
        text="The other desk's secret claim",
        status=ClaimStatus.VERIFIED,
        final_verdict="true",
    )
    MembershipFactory(project=other, user=users["outsider"], role=Role.OWNER)
    return Desk(
        project=project,
        other=other,
        users=users,
        articles=[a1, a2, a3],
        sources={"state": state, "rami": rami, "officials": officials},
        damascus=damascus,
        hostile=hostile,
        evacuated=evacuated,
        disputed=disputed,
        unreviewed=unreviewed,
        other_claim=other_claim,
    )


@pytest.fixture
def desk(db) -> Desk:
    return build_desk()


@pytest.fixture
def media_root(settings, tmp_path):
    # Export files of in-process jobs go to a temporary folder (the worker writes to its own).
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def export_bytes(project: Project, fmt: str, filters: dict | None = None, **kwargs) -> bytes:
    from annotations.services.exports import claims_export

    out = io.BytesIO()
    claims_export(project=project, format=fmt, filters=filters, stream=out, **kwargs)
    return out.getvalue()
