"""A claim's evidence: list, add, remove, re-capture, and what a cited page said when it
was captured. The no-anchoring rule decides what a member reads (``selectors.evidence_visible``:
their own, the others' once they may see the others' reviews); a citation still hidden is a
404, like one outside the caller's projects."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors
from annotations import selectors as desk
from annotations.api.pagination import CursorAscending
from annotations.api.schema import errors, responses
from annotations.api.serializers import EvidenceAddInput, EvidenceCaptureSerializer, EvidenceSerializer
from annotations.api.views.base import require_role
from annotations.models import Claim, Evidence
from annotations.permissions import Action
from annotations.services.evidence import evidence_add, evidence_document_recapture, evidence_remove

TAGS = ["evidence"]


def _claim(request: Request, claim_id: int, action: Action) -> Claim:
    claim = selectors.claim_for_user(body=False, user=request.user, claim_id=claim_id)
    require_role(claim.my_role, action)  # type: ignore[attr-defined]
    return claim


def _evidence(request: Request, evidence_id: int) -> Evidence:
    return desk.evidence_item_for_user(user=request.user, evidence_id=evidence_id)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the claim's evidence you may read",
        description="Oldest first. No anchoring: a reviewer reads the others' evidence once they have "
        "saved their own annotation (viewers: all; editors and owners: all once the claim is disputed "
        "or verified). Each item carries its page's capture: `pending`, `captured` (with the sha256 of "
        "the captured text and the fetch time) or `failed` (with the reason).",
        responses=responses({200: EvidenceSerializer(many=True)}, 400, 404),
    ),
)
class ClaimEvidence(generics.ListAPIView):
    serializer_class = EvidenceSerializer
    pagination_class = CursorAscending

    def get_queryset(self) -> QuerySet[Evidence]:
        if getattr(self, "swagger_fake_view", False):
            return Evidence.objects.none()
        claim = _claim(self.request, self.kwargs["claim_id"], Action.VIEW)
        return desk.evidence_visible(claim=claim, user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Add evidence to a claim (owners, editors, reviewers)",
        description="Cites a page (http or https). Citing a page you already cited on this claim "
        "updates your title, stance and note. A page new to the project is fetched and captured by a "
        "worker: read `capture_status` later, or the captured text at `/evidence/{id}/capture/`.",
        request=EvidenceAddInput,
        responses=responses({201: EvidenceSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.ANNOTATE)
        data = EvidenceAddInput(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = evidence_add(claim=claim, user=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(
            EvidenceSerializer(_evidence(request, evidence.pk)).data, status=status.HTTP_201_CREATED
        )


class EvidenceDetail(generics.GenericAPIView):
    serializer_class = EvidenceSerializer

    @extend_schema(
        tags=TAGS, summary="Read one piece of evidence", responses=responses({200: EvidenceSerializer}, 404)
    )
    def get(self, request: Request, evidence_id: int) -> Response:
        return Response(EvidenceSerializer(_evidence(request, evidence_id)).data)

    @extend_schema(
        tags=TAGS,
        summary="Remove evidence from its claim",
        description="Whoever added it, or an owner or editor. The page's capture stays for other claims "
        "citing it; the history keeps the removed evidence.",
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request: Request, evidence_id: int) -> Response:
        evidence_remove(evidence=_evidence(request, evidence_id), user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class EvidenceRecapture(generics.GenericAPIView):
    serializer_class = EvidenceSerializer

    @extend_schema(
        tags=TAGS,
        summary="Capture the cited page again (owners, editors, reviewers)",
        description="Sets the capture pending and queues a fetch; the last captured text stays until "
        "the new capture replaces it. Asking again while one is pending queues nothing more.",
        request=None,
        responses=responses({202: EvidenceSerializer}, 403, 404),
    )
    def post(self, request: Request, evidence_id: int) -> Response:
        evidence = _evidence(request, evidence_id)
        evidence_document_recapture(document=evidence.document, user=request.user)  # type: ignore[arg-type]
        return Response(
            EvidenceSerializer(_evidence(request, evidence_id)).data, status=status.HTTP_202_ACCEPTED
        )


class EvidenceCapture(generics.GenericAPIView):
    serializer_class = EvidenceCaptureSerializer

    @extend_schema(
        tags=TAGS,
        summary="What the cited page said when it was captured",
        description="The page's main text (trafilatura), its sha256 and the fetch time; empty text "
        "while nothing has been captured yet.",
        responses=responses({200: EvidenceCaptureSerializer}, 404),
    )
    def get(self, request: Request, evidence_id: int) -> Response:
        return Response(EvidenceCaptureSerializer(_evidence(request, evidence_id).document).data)
