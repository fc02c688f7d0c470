"""Public fact-check pages: a claim's (publish or refresh, unpublish) and published reports
of several claims (publish, list, read, publish again with changes, unpublish). Owners and
editors publish; every member reads their state."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors as desk_selectors
from annotations.api.schema import errors, responses
from annotations.api.serializers import Text
from annotations.api.views.base import ProjectScopedView
from annotations.api.views.claims import _claim
from annotations.markdown import MAX_MARKDOWN_CHARS
from annotations.models import Claim, Publication, PublishedReport
from annotations.permissions import Action
from annotations.services.publishing import (
    MAX_REPORT_CLAIMS,
    claim_publish,
    claim_unpublish,
    report_publish,
    report_republish,
    report_unpublish,
)

TAGS = ["publishing"]


class PublicationSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The public page (no sign-in needed).")
    claim = serializers.IntegerField(source="claim_id", read_only=True)

    class Meta:
        model = Publication
        fields = ["claim", "slug", "url", "live", "published_at", "unpublished_at"]
        read_only_fields = fields

    def get_url(self, obj: Publication) -> str:
        return self.context["request"].build_absolute_uri(desk_selectors.public_path(obj.slug))


class ClaimPublication(generics.GenericAPIView):
    serializer_class = PublicationSerializer

    @extend_schema(
        tags=TAGS,
        summary="Read the claim's publication",
        description="404 when the claim was never published; `live` false once unpublished.",
        responses=responses({200: PublicationSerializer}, 404),
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.VIEW)
        publication = desk_selectors.publication_of(claim=claim)
        if publication is None:
            raise Http404("This claim was never published.")
        return Response(self.get_serializer(publication).data)

    @extend_schema(
        tags=TAGS,
        summary="Publish the claim as a public fact-check page (owner or editor)",
        description="Only a verified claim with a final verdict, in a project with a publisher URL "
        "(otherwise 400 with the reason). The page embeds the claim's ClaimReview JSON-LD and shows a "
        "snapshot taken now; publishing again refreshes it at the same address.",
        request=None,
        responses=responses({200: PublicationSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.APPROVE)
        publication = claim_publish(claim=claim, user=request.user)  # type: ignore[arg-type]
        return Response(self.get_serializer(publication).data)

    @extend_schema(
        tags=TAGS,
        summary="Unpublish the claim's page (owner or editor)",
        description="The page then answers 410 Gone; its address is kept for a later publish. "
        "Unpublishing a claim that is not published changes nothing.",
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.APPROVE)
        claim_unpublish(claim=claim, user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- published reports ------------------------------------------------------------------


class PublishedReportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The public page (no sign-in needed).")
    claims: serializers.PrimaryKeyRelatedField[Claim] = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="The claims the editor chose (kept while unpublished)."
    )

    class Meta:
        model = PublishedReport
        fields = ["id", "title", "summary", "claims", "slug", "url", "live", "published_at", "unpublished_at"]
        read_only_fields = fields

    def get_url(self, obj: PublishedReport) -> str:
        return self.context["request"].build_absolute_uri(desk_selectors.report_public_path(obj.slug))


_CLAIM_IDS = serializers.ListField(
    child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
    min_length=1,
    max_length=MAX_REPORT_CLAIMS,
    help_text="Ids of the project's verified claims with a final verdict (400 names any that are not).",
)


class PublishedReportInput(serializers.Serializer):
    title = Text(max_length=200)
    summary = Text(
        max_length=MAX_MARKDOWN_CHARS,
        allow_blank=True,
        required=False,
        default="",
        help_text="Markdown, shown above the claims (sanitised as the guidelines are).",
    )
    claims = _CLAIM_IDS


class PublishedReportUpdate(serializers.Serializer):
    """Publish again: what is left out stays as it was; ``{}`` refreshes the snapshot."""

    title = Text(max_length=200, required=False)
    summary = Text(max_length=MAX_MARKDOWN_CHARS, allow_blank=True, required=False)
    claims = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**63 - 1),
        min_length=1,
        max_length=MAX_REPORT_CLAIMS,
        required=False,
        help_text=_CLAIM_IDS.help_text,
    )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's published reports, live and unpublished (any member)",
        responses=responses({200: PublishedReportSerializer(many=True)}, 400, 404),
    ),
)
class PublishedReportListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = PublishedReportSerializer

    def get_queryset(self) -> QuerySet[PublishedReport]:
        if self.is_schema:
            return PublishedReport.objects.none()
        return PublishedReport.objects.filter(project=self.membership.project).prefetch_related("claims")

    @extend_schema(
        tags=TAGS,
        summary="Publish verified claims together as a public report page (owner or editor)",
        description="One public page at a new address with the title, the summary and each claim's "
        "snapshot (its ClaimReview JSON-LD embedded). Every id must be a verified claim of this project "
        "with a final verdict, and the project needs a publisher URL; otherwise 400 with the reason and "
        "nothing is published.",
        request=PublishedReportInput,
        responses=responses({201: PublishedReportSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.APPROVE)
        data = PublishedReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_publish(
            project=self.membership.project,
            user=request.user,  # type: ignore[arg-type]
            title=data.validated_data["title"],
            summary=data.validated_data["summary"],
            claim_ids=data.validated_data["claims"],
        )
        return Response(self.get_serializer(report).data, status=status.HTTP_201_CREATED)


class PublishedReportDetail(ProjectScopedView):
    serializer_class = PublishedReportSerializer

    def report(self, report_id: int) -> PublishedReport:
        try:
            return desk_selectors.published_report_for_project(
                project=self.membership.project, report_id=report_id
            )
        except PublishedReport.DoesNotExist:
            raise NotFound("No such published report.") from None

    @extend_schema(
        tags=TAGS,
        summary="Read a published report's state (any member)",
        responses=responses({200: PublishedReportSerializer}, 404),
    )
    def get(self, request: Request, slug: str, report_id: int) -> Response:
        return Response(self.get_serializer(self.report(report_id)).data)

    @extend_schema(
        tags=TAGS,
        summary="Publish the report again, with changes (owner or editor)",
        description="A new snapshot at the same address, live again if it was unpublished. Fields left "
        "out stay as they were; `{}` refreshes the page with the desk's current state of its claims.",
        request=PublishedReportUpdate,
        responses=responses({200: PublishedReportSerializer}, 400, 403, 404),
    )
    def patch(self, request: Request, slug: str, report_id: int) -> Response:
        self.require(Action.APPROVE)
        report = self.report(report_id)
        data = PublishedReportUpdate(data=request.data)
        data.is_valid(raise_exception=True)
        report = report_republish(
            report=report,
            user=request.user,  # type: ignore[arg-type]
            title=data.validated_data.get("title"),
            summary=data.validated_data.get("summary"),
            claim_ids=data.validated_data.get("claims"),
        )
        return Response(self.get_serializer(report).data)

    @extend_schema(
        tags=TAGS,
        summary="Unpublish the report's page (owner or editor)",
        description="The page then answers 410 Gone; its address and its claims are kept for a later "
        "publish. Unpublishing twice changes nothing.",
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request: Request, slug: str, report_id: int) -> Response:
        self.require(Action.APPROVE)
        report_unpublish(report=self.report(report_id), user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)
