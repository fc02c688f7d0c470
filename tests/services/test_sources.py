from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from annotations.models import Source, SourceKind
from annotations.services.sources import source_create, source_ids_resolve, sources_resolve
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def test_resolve_links_names_and_aliases_and_creates_the_rest():
    project = ProjectFactory()
    sana = source_create(
        project=project, by=None, name="SANA", kind=SourceKind.OUTLET, aliases=["Syrian state media"]
    )
    found = sources_resolve(
        project_id=project.pk,
        names=[("Syrian State Media", SourceKind.UNKNOWN), ("the Telegraph", SourceKind.UNKNOWN)],
    )
    assert found["syrian state media"] == sana
    assert found["telegraph"].name == "the Telegraph"
    again = sources_resolve(project_id=project.pk, names=[("Telegraph", SourceKind.UNKNOWN)])
    assert again["telegraph"] == found["telegraph"]
    assert Source.objects.filter(project=project).count() == 2


def test_sources_are_per_project():
    a, b = ProjectFactory(), ProjectFactory()
    sa = sources_resolve(project_id=a.pk, names=[("Reuters", SourceKind.OUTLET)])["reuters"]
    sb = sources_resolve(project_id=b.pk, names=[("Reuters", SourceKind.OUTLET)])["reuters"]
    assert sa.pk != sb.pk


def test_a_source_needs_a_real_name():
    with pytest.raises(ValidationError):
        source_create(project=ProjectFactory(), by=None, name=" -- ")


def test_a_viewer_may_not_add_a_source():
    from annotations.permissions import PermissionDenied
    from tests.factories import MembershipFactory

    viewer = MembershipFactory(role="viewer")
    with pytest.raises(PermissionDenied):
        source_create(project=viewer.project, by=viewer.user, name="SANA")


def test_resolving_ids_in_bulk_finds_and_creates_the_same_sources():
    project = ProjectFactory()
    sana = source_create(
        project=project, by=None, name="SANA", kind=SourceKind.OUTLET, aliases=["Syrian state media"]
    )
    names = [
        ("Syrian State Media", SourceKind.UNKNOWN),
        ("the  Telegraph", SourceKind.UNKNOWN),
        ("Reuters", SourceKind.OUTLET),
        ("telegraph", SourceKind.OUTLET),  # the first spelling and kind win
        (" -- ", SourceKind.UNKNOWN),
    ]
    found = source_ids_resolve(project_id=project.pk, names=names)
    assert found["syrian state media"] == sana.pk
    created = Source.objects.exclude(pk=sana.pk).order_by("normalized_name")
    assert [(s.name, s.normalized_name, s.kind, s.aliases, s.default_reliability) for s in created] == [
        ("Reuters", "reuters", SourceKind.OUTLET, [], ""),
        ("the Telegraph", "telegraph", SourceKind.UNKNOWN, [], ""),
    ]
    assert all(s.created_at is not None for s in created)
    assert found == {
        key: source.pk for key, source in sources_resolve(project_id=project.pk, names=names).items()
    }
    assert source_ids_resolve(project_id=project.pk, names=names) == found
    assert Source.objects.filter(project=project).count() == 3


def test_resolving_ids_in_bulk_creates_what_sources_resolve_creates():
    names = [("the Telegraph", SourceKind.UNKNOWN), ("Reuters", SourceKind.OUTLET)]
    columns = ("name", "normalized_name", "aliases", "kind", "default_reliability", "description", "url")
    a, b = ProjectFactory(), ProjectFactory()
    sources_resolve(project_id=a.pk, names=names)
    source_ids_resolve(project_id=b.pk, names=names)
    made = [sorted(Source.objects.filter(project=project).values_list(*columns)) for project in (a, b)]
    assert made[0] == made[1]
