"""Exports: start a report job, poll it, download the file (any member may export)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle

from annotations.api.pagination import CursorAscending
from annotations.api.schema import errors, responses
from annotations.api.serializers import ExportCreateInput, ExportJobSerializer
from annotations.api.views.base import ProjectScopedView
from annotations.exports.files import MEDIA_TYPES, OCTET_STREAM, download_response
from annotations.models import ExportJob, JobStatus
from annotations.permissions import Action
from annotations.services.exports import export_job_create

TAGS = ["exports"]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List my export jobs in the project",
        responses=responses({200: ExportJobSerializer(many=True)}, 400, 404),
    ),
)
class ExportListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = ExportJobSerializer
    pagination_class = CursorAscending
    throttle_scope = "export"

    def get_throttles(self) -> list[BaseThrottle]:
        return super().get_throttles() if self.request.method == "POST" else []

    def get_queryset(self) -> QuerySet[ExportJob]:
        if self.is_schema:
            return ExportJob.objects.none()
        return ExportJob.objects.filter(
            project=self.membership.project, requested_by_id=self.request.user.pk
        ).select_related("project")

    @extend_schema(
        tags=TAGS,
        summary="Start an export (default: the verified claims)",
        description="The file is built by a worker; poll the job until `status` is `done`, then GET `download_url`.",
        request=ExportCreateInput,
        responses=responses({202: ExportJobSerializer}, 400, 404, 429),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.VIEW)
        data = ExportCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        filters: dict[str, Any] = {
            k: (v.isoformat() if hasattr(v, "isoformat") else v)
            for k, v in data.validated_data.get("filters", {}).items()
            if v not in (None, "") or k == "status"
        }
        job = export_job_create(
            project=self.membership.project,
            user=request.user,
            format=data.validated_data["format"],
            filters=filters,
        )
        return Response(ExportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)


class _JobView(ProjectScopedView):
    def job(self, job_id: int) -> ExportJob:
        job = (
            ExportJob.objects.select_related("project")
            .filter(pk=job_id, project=self.membership.project, requested_by_id=self.request.user.pk)
            .first()
        )
        if job is None:
            raise NotFound("No such export job.")
        return job


class ExportDetail(_JobView):
    serializer_class = ExportJobSerializer

    @extend_schema(
        tags=TAGS, summary="Poll an export job", responses=responses({200: ExportJobSerializer}, 404)
    )
    def get(self, request: Request, slug: str, job_id: int) -> Response:
        return Response(ExportJobSerializer(self.job(job_id)).data)


class AnyAccept(BaseContentNegotiation):
    """The download serves a file, whatever the client accepts (a generated client may send
    `Accept: text/csv`, `*/*` or `application/octet-stream`); the JSON renderer is only for
    the errors (404, 409), which are always JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> BaseParser | None:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


_FILE = OpenApiTypes.BINARY
_DOWNLOAD_RESPONSES: dict[Any, Any] = {
    # First: a client that wants bytes whatever the format (openapi-python-client reads the
    # first media type it knows). Sent as the Content-Type when the request asks for it.
    (200, OCTET_STREAM): OpenApiResponse(_FILE, description="Any format, when `Accept` asks for it."),
    **{
        (200, media_type): OpenApiResponse(_FILE, description=f"A `{fmt}` export.")
        for fmt, media_type in MEDIA_TYPES.items()
    },
    **errors(404, 409),
}


class ExportDownload(_JobView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        tags=TAGS,
        summary="Download a finished export",
        description="The file in its format's media type: `text/csv` (csv), `application/json` (json), "
        "`application/x-ndjson` (jsonl), `application/ld+json` (claimreview), `text/html` (html), "
        "`application/pdf` (pdf); or `application/octet-stream` for any format if `Accept` prefers it. "
        "`Content-Disposition` carries the file name. 409 while the job is not done.",
        responses=_DOWNLOAD_RESPONSES,
    )
    def get(self, request: Request, slug: str, job_id: int) -> Any:
        job = self.job(job_id)
        if job.status != JobStatus.DONE or not job.file:
            return Response(
                {"detail": f"The export is {job.status}, not ready."}, status=status.HTTP_409_CONFLICT
            )
        try:
            return download_response(
                job, octet_stream=_prefers_octet_stream(request.headers.get("Accept", ""))
            )
        except FileNotFoundError:
            return Response(
                {"detail": "The export file is gone; start the export again."},
                status=status.HTTP_404_NOT_FOUND,
            )


def _prefers_octet_stream(accept: str) -> bool:
    """The first media type `Accept` lists is application/octet-stream."""
    types = [item.split(";")[0].strip().lower() for item in accept.split(",")]
    return bool(types) and types[0] == OCTET_STREAM
