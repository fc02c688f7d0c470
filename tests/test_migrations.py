"""Data migrations, run against real rows: migrate back, make the old rows, migrate forward."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("annotations", "0009_publication")]
AFTER = [("annotations", "0011_evidence_on_claims")]


def _migrate(targets):  # type: ignore[no-untyped-def]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_apps():  # type: ignore[no-untyped-def]
    apps = _migrate(BEFORE)
    yield apps
    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_a_reviewers_evidence_becomes_the_claims_added_by_them(old_apps):
    User = old_apps.get_model("auth", "User")  # noqa: N806 - a model class
    Project = old_apps.get_model("annotations", "Project")  # noqa: N806
    Article = old_apps.get_model("annotations", "Article")  # noqa: N806
    Claim = old_apps.get_model("annotations", "Claim")  # noqa: N806
    Annotation = old_apps.get_model("annotations", "Annotation")  # noqa: N806
    Evidence = old_apps.get_model("annotations", "Evidence")  # noqa: N806
    project = Project.objects.create(name="Desk", slug="desk")
    article = Article.objects.create(project=project, title="A", body="Officials said so.", content_hash="h")
    first = Claim.objects.create(article=article, start=0, end=9, text="Officials")
    second = Claim.objects.create(article=article, start=10, end=14, text="said")
    ana, ben = User.objects.create(username="ana"), User.objects.create(username="ben")
    a1 = Annotation.objects.create(claim=first, reviewer=ana)
    b1 = Annotation.objects.create(claim=first, reviewer=ben)
    a2 = Annotation.objects.create(claim=second, reviewer=ana)
    Evidence.objects.create(
        annotation=a1, url="https://ports.example/report", title="Report", stance="refutes"
    )
    Evidence.objects.create(annotation=a1, url="https://ports.example/report#again", title="Twice")
    Evidence.objects.create(annotation=b1, url="https://Ports.example/report", stance="supports")
    Evidence.objects.create(annotation=a2, url="https://ports.example/report", stance="context")

    apps = _migrate(AFTER)
    Evidence = apps.get_model("annotations", "Evidence")  # noqa: N806
    Document = apps.get_model("annotations", "EvidenceDocument")  # noqa: N806
    rows = sorted(
        Evidence.objects.values_list("claim_id", "added_by__username", "title", "stance", "document__url")
    )
    assert rows == [
        (first.pk, "ana", "Report", "refutes", "https://ports.example/report"),
        (first.pk, "ben", "", "supports", "https://ports.example/report"),
        (second.pk, "ana", "", "context", "https://ports.example/report"),
    ]
    assert list(Document.objects.values_list("capture_status", flat=True)) == ["pending"]
