from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from annotations.models import Source, SourceKind
from annotations.services.sources import source_create, sources_resolve
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
