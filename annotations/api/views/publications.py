"""A claim's public fact-check page: publish (or refresh) and unpublish (owners and
editors), read its state (every member)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors as desk_selectors
from annotations.api.schema import errors, responses
from annotations.api.views.claims import _claim
from annotations.models import Publication
from annotations.permissions import Action
from annotations.services.publishing import claim_publish, claim_unpublish

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
