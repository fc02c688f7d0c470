"""Hand-written reads of the annotation save path (annotations/rows.py) give the instances
the ORM gives: every column converted as the ORM converts it (JSON), the article's body left
in the database, the caller's role."""

from __future__ import annotations

import pytest
from django.db import transaction

from annotations import rows
from annotations.models import Annotation, Claim, Project
from tests.factories import AnnotationFactory, ArticleFactory, ClaimFactory, MembershipFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def values(instance: object, model: type) -> dict[str, object]:
    return {
        f.attname: getattr(instance, f.attname)
        for f in model._meta.concrete_fields
        if f.attname in instance.__dict__  # type: ignore[attr-defined]
    }


@pytest.fixture
def claim() -> Claim:
    project = ProjectFactory(rating_scale=[{"value": "true", "label": "True", "rating": 5}])
    return ClaimFactory(
        article=ArticleFactory(project=project),
        attribution_chain=[{"start": 0, "end": 9, "text": "Officials"}],
        speaker_start=0,
        speaker_end=9,
        speaker_text="Officials",
    )


def test_a_claim_with_its_project_reads_as_the_orm_reads_it(claim):
    member = MembershipFactory(project=claim.article.project, role="editor").user
    read = rows.claim_with_project(claim_id=claim.pk, member_id=member.pk)
    assert read is not None
    orm = Claim.objects.select_related("article__project").get(pk=claim.pk)
    assert values(read, Claim) == values(orm, Claim)
    assert read.attribution_chain == [{"start": 0, "end": 9, "text": "Officials"}]
    assert values(read.article, type(orm.article)) == {
        k: v for k, v in values(orm.article, type(orm.article)).items() if k != "body"
    }
    assert values(read.article.project, Project) == values(orm.article.project, Project)
    assert read.article.project.rating_scale == orm.article.project.rating_scale
    assert read.my_role == "editor"  # type: ignore[attr-defined]


def test_the_article_body_stays_in_the_database(claim):
    read = rows.claim_with_project(claim_id=claim.pk)
    assert read is not None
    assert "body" not in read.article.__dict__
    assert "search_vector" not in read.__dict__


def test_an_outsider_or_a_missing_claim_reads_nothing(claim):
    outsider = MembershipFactory().user
    assert rows.claim_with_project(claim_id=claim.pk, member_id=outsider.pk) is None
    assert rows.claim_with_project(claim_id=claim.pk + 1000) is None


def test_a_locked_read_is_the_same_claim(claim):
    with transaction.atomic():
        locked = rows.claim_with_project(claim_id=claim.pk, lock=True)
    assert locked is not None
    assert locked.pk == claim.pk


def test_any_model_row_builds_the_instance_the_orm_builds(claim):
    annotation = AnnotationFactory(claim=claim, verdict="true", rationale="checked")
    columns = rows.columns(Annotation)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns.select('x')} FROM annotations_annotation x WHERE x.id = %s", [annotation.pk]
        )  # noqa: S608 - test
        built = columns.build(cursor.fetchone())
    assert values(built, Annotation) == values(Annotation.objects.get(pk=annotation.pk), Annotation)
