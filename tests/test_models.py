"""Constraints live in the database: bad rows are refused there, whoever writes them."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from annotations.models import (
    Annotation,
    Article,
    Claim,
    ClaimStatus,
    Evidence,
    EvidenceDocument,
    Project,
    Verdict,
    body_hash,
    default_rating_scale,
    normalize_source_name,
)
from tests.factories import (
    AnnotationFactory,
    ArticleFactory,
    ClaimFactory,
    EvidenceFactory,
    ProjectFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def refused(fn) -> bool:  # type: ignore[no-untyped-def]
    try:
        with transaction.atomic():
            fn()
    except IntegrityError:
        return True
    return False


def test_same_text_cannot_be_imported_twice_into_a_project_but_can_into_another():
    article = ArticleFactory()
    assert refused(lambda: ArticleFactory(project=article.project, body=article.body + "  \n"))
    other = ArticleFactory(project=ProjectFactory(), body=article.body)
    assert other.content_hash == article.content_hash


def test_body_hash_ignores_whitespace_only_differences():
    assert body_hash("Assad fled.\n\nRebels said so.") == body_hash("Assad fled. Rebels said so.  ")
    assert body_hash("Assad fled.") != body_hash("Assad stayed.")


def test_empty_article_body_is_refused():
    project = ProjectFactory()
    assert refused(lambda: Article.objects.create(project=project, title="t", body="", content_hash="x"))


def test_claim_span_must_not_be_empty_or_reversed():
    article = ArticleFactory()
    assert refused(lambda: Claim.objects.create(article=article, start=5, end=5, text="x"))
    assert refused(lambda: Claim.objects.create(article=article, start=0, end=4, text="x", speaker_start=3))
    assert refused(lambda: Claim.objects.create(article=article, start=0, end=4, text=""))


def test_verified_claim_needs_a_final_verdict():
    claim = ClaimFactory()
    claim.status = ClaimStatus.VERIFIED
    assert refused(claim.save)
    claim.final_verdict = Verdict.TRUE
    claim.save()
    assert Claim.objects.get(pk=claim.pk).status == ClaimStatus.VERIFIED


def test_one_annotation_per_claim_per_reviewer():
    annotation = AnnotationFactory()
    assert refused(lambda: Annotation.objects.create(claim=annotation.claim, reviewer=annotation.reviewer))
    Annotation.objects.create(claim=annotation.claim, reviewer=UserFactory())
    assert annotation.claim.annotations.count() == 2


def test_admiralty_grades_are_checked_by_the_database():
    claim = ClaimFactory()
    reviewer = UserFactory()
    assert refused(lambda: Annotation.objects.create(claim=claim, reviewer=reviewer, source_reliability="G"))
    assert refused(
        lambda: Annotation.objects.create(claim=claim, reviewer=reviewer, information_credibility=7)
    )
    Annotation.objects.create(
        claim=claim, reviewer=reviewer, source_reliability="B", information_credibility=2
    )


def test_evidence_links_must_be_web_urls():
    project = ProjectFactory()
    assert refused(
        lambda: EvidenceDocument.objects.create(
            project=project, url="javascript:alert(1)", normalized_url="x"
        )
    )
    EvidenceDocument.objects.create(project=project, url="https://example.org/report", normalized_url="y")


def test_a_capture_keeps_its_hash_and_time_and_a_failure_its_reason():
    project = ProjectFactory()
    assert refused(
        lambda: EvidenceDocument.objects.create(
            project=project, url="https://a.example/", normalized_url="a", capture_status="captured"
        )
    )
    assert refused(
        lambda: EvidenceDocument.objects.create(
            project=project, url="https://b.example/", normalized_url="b", capture_status="failed"
        )
    )


def test_a_member_cites_a_page_once_per_claim():
    evidence = EvidenceFactory()
    assert refused(
        lambda: Evidence.objects.create(
            claim=evidence.claim, document=evidence.document, added_by=evidence.added_by
        )
    )


def test_annotation_changes_are_kept_in_history():
    annotation = AnnotationFactory(verdict=Verdict.MOSTLY_TRUE)
    annotation.verdict = Verdict.FALSE
    annotation.save()
    verdicts = list(annotation.history.order_by("history_date").values_list("verdict", flat=True))
    assert verdicts == [Verdict.MOSTLY_TRUE, Verdict.FALSE]


def test_project_needs_at_least_one_agreeing_review():
    assert refused(lambda: Project.objects.create(name="x", slug="x", required_agreeing_reviews=0))


def test_default_rating_scale_maps_to_claimreview_numbers():
    scale = default_rating_scale()
    assert [item["value"] for item in scale] == list(Verdict.values)
    assert scale[0]["rating"] == 5
    assert scale[4]["rating"] == 1
    assert scale[5]["rating"] is None


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("The Telegraph", "telegraph"),
        ("Syrian  state-media", "syrian state media"),
        ("U.S. officials", "u s officials"),
    ],
)
def test_source_names_match_regardless_of_case_punctuation_and_article(raw, normalized):
    assert normalize_source_name(raw) == normalized


def _indexes_leading_with_article(table: str) -> list[list[str]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, table)
    # A unique constraint is kept by an index of its own too.
    indexed = [c["columns"] for c in constraints.values() if c["index"] or c["unique"]]
    return [columns for columns in indexed if columns[:1] == ["article_id"]]


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["annotations_claim", "annotations_sentence"])
def test_the_article_column_has_no_index_of_its_own(table: str) -> None:
    # Every stored claim or sentence updates each index of its table; one on article_id
    # alone would duplicate the composite index that starts with it.
    assert ["article_id"] not in _indexes_leading_with_article(table)


@pytest.mark.django_db
@pytest.mark.parametrize("table", ["annotations_claim", "annotations_sentence"])
def test_lookups_by_article_are_served_by_a_composite_index(table: str) -> None:
    assert any(len(columns) > 1 for columns in _indexes_leading_with_article(table))
