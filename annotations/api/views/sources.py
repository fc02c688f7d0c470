"""Sources: the people, outlets and bodies claims are attributed to."""

from __future__ import annotations

from django.db.models import QuerySet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors
from annotations.api.filters import SourceFilter
from annotations.api.pagination import CursorAscending
from annotations.api.schema import responses
from annotations.api.serializers import SourceCreateInput, SourceSerializer
from annotations.api.views.base import ProjectScopedView
from annotations.models import Source
from annotations.permissions import Action
from annotations.services.sources import source_create

TAGS = ["sources"]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's sources",
        responses=responses({200: SourceSerializer(many=True)}, 400, 404),
    ),
)
class SourceListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = SourceSerializer
    pagination_class = CursorAscending
    filter_backends = [DjangoFilterBackend]
    filterset_class = SourceFilter

    def get_queryset(self) -> QuerySet[Source]:
        if self.is_schema:
            return Source.objects.none()
        return selectors.sources_for_project(project=self.membership.project)

    @extend_schema(
        tags=TAGS,
        summary="Add a source",
        request=SourceCreateInput,
        responses=responses({201: SourceSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.ANNOTATE)
        data = SourceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        source = source_create(
            project=self.membership.project,
            by=request.user,  # type: ignore[arg-type]
            **data.validated_data,
        )
        return Response(SourceSerializer(source).data, status=status.HTTP_201_CREATED)


class SourceDetail(generics.GenericAPIView):
    serializer_class = SourceSerializer

    @extend_schema(tags=TAGS, summary="Read a source", responses=responses({200: SourceSerializer}, 404))
    def get(self, request: Request, source_id: int) -> Response:
        return Response(
            SourceSerializer(selectors.source_for_user(user=request.user, source_id=source_id)).data
        )
