"""Claims: list and search, read, fix the extraction (edit, split, merge, delete), approve;
reviewers' annotations with evidence."""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors
from annotations.api.filters import ClaimFilter
from annotations.api.pagination import Cursor, CursorAscending
from annotations.api.schema import errors, responses
from annotations.api.serializers import (
    AnnotationInput,
    AnnotationSerializer,
    ClaimApproveInput,
    ClaimEditInput,
    ClaimMergeInput,
    ClaimSerializer,
    ClaimSplitInput,
    ClaimSplitResultSerializer,
)
from annotations.api.views.base import ProjectScopedView, require_role
from annotations.models import Annotation, Claim, Project
from annotations.permissions import Action
from annotations.selectors import may_see_others_annotations
from annotations.services.annotations import EvidenceInput, annotation_save
from annotations.services.claims import (
    claim_approve,
    claim_delete,
    claim_edit_attribution,
    claim_edit_text,
    claim_merge,
    claim_split,
)

TAGS = ["claims"]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List and search the project's claims",
        description="Ordered by id. `q` is PostgreSQL full-text search (English stemming, web search "
        "syntax); `updated_after` takes an ISO 8601 time; every other parameter is an exact match.",
        responses=responses({200: ClaimSerializer(many=True)}, 400, 404),
    ),
)
class ClaimList(ProjectScopedView, generics.ListAPIView):
    serializer_class = ClaimSerializer
    pagination_class = CursorAscending
    filter_backends = [DjangoFilterBackend]
    filterset_class = ClaimFilter

    def get_queryset(self) -> QuerySet[Claim]:
        if self.is_schema:
            return Claim.objects.none()
        return selectors.claims_for_project(project=self.membership.project)

    def queue_scope(self) -> tuple[Project, str | None, int | None]:
        """Whose queue the filters run on (api/filters.ClaimFilter): the project, my role."""
        return self.membership.project, self.membership.role, None


def _claim(request: Request, claim_id: int, action: Action) -> Claim:
    """The claim if the caller may do `action` on it: 404 outside their projects, 403 for a
    role that may not."""
    claim = selectors.claim_for_user(body=False, user=request.user, claim_id=claim_id)
    require_role(claim.my_role, action)  # type: ignore[attr-defined]
    return claim


def _claim_to_annotate(request: Request, claim_id: int, action: Action) -> Claim:
    """`_claim` with the claim, its article (no body) and project only: what an annotation's
    read and save need, on the path every save takes."""
    claim = selectors.claim_to_annotate_for_user(user=request.user, claim_id=claim_id)
    require_role(claim.my_role, action)  # type: ignore[attr-defined]
    return claim


class ClaimDetail(generics.GenericAPIView):
    serializer_class = ClaimSerializer

    @extend_schema(tags=TAGS, summary="Read a claim", responses=responses({200: ClaimSerializer}, 404))
    def get(self, request: Request, claim_id: int) -> Response:
        return Response(ClaimSerializer(_claim(request, claim_id, Action.VIEW)).data)

    @extend_schema(
        tags=TAGS,
        summary="Correct the claim: its text, speaker, cue and stance (the grounding span stays)",
        description="A partial update: fields left out keep their value (`{}` changes nothing). "
        "Each change is kept in the claim's history with who made it; an edited claim is kept, "
        "as edited, when the article is split again.",
        request=ClaimEditInput,
        responses=responses({200: ClaimSerializer}, 400, 403, 404),
    )
    def patch(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.ANNOTATE)
        # A partial update: only what is sent changes (`{}` changes nothing).
        data = ClaimEditInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        with transaction.atomic():  # all of it or none of it
            if "text" in given:
                claim = claim_edit_text(claim=claim, text=given["text"], user=request.user)  # type: ignore[arg-type]
            if given.keys() & {"speaker", "cue", "stance"}:
                claim_edit_attribution(
                    claim=claim,
                    user=request.user,  # type: ignore[arg-type]
                    speaker=given.get("speaker"),
                    cue=given.get("cue"),
                    stance=given.get("stance"),
                )
        return Response(
            ClaimSerializer(selectors.claim_for_user(body=False, user=request.user, claim_id=claim_id)).data
        )

    @extend_schema(
        tags=TAGS, summary="Delete a claim", request=None, responses={204: None, **errors(403, 404)}
    )
    def delete(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.ANNOTATE)
        claim_delete(claim=claim, user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


class ClaimSplit(generics.GenericAPIView):
    serializer_class = ClaimSplitResultSerializer

    @extend_schema(
        tags=TAGS,
        summary="Split a claim in two at a body offset",
        request=ClaimSplitInput,
        responses=responses({201: ClaimSplitResultSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.ANNOTATE)
        data = ClaimSplitInput(data=request.data)
        data.is_valid(raise_exception=True)
        first, second = claim_split(claim=claim, at=data.validated_data["at"], user=request.user)  # type: ignore[arg-type]
        body = ClaimSplitResultSerializer({"claims": [first, second]}).data
        return Response(body, status=status.HTTP_201_CREATED)


class ClaimMerge(generics.GenericAPIView):
    serializer_class = ClaimSerializer

    @extend_schema(
        tags=TAGS,
        summary="Merge claims of one article into the first (the others are deleted)",
        request=ClaimMergeInput,
        responses=responses({200: ClaimSerializer}, 400, 403),
    )
    def post(self, request: Request) -> Response:
        data = ClaimMergeInput(data=request.data)
        data.is_valid(raise_exception=True)
        ids = list(dict.fromkeys(data.validated_data["claims"]))
        claims = selectors.claims_for_user(user=request.user, claim_ids=ids)
        if len(claims) != len(ids):
            # Same answer for "does not exist" and "not in your projects".
            missing = sorted(set(ids) - {c.pk for c in claims})
            raise serializers.ValidationError({"claims": [f"No such claim: {', '.join(map(str, missing))}."]})
        for claim in claims:
            require_role(claim.my_role, Action.ANNOTATE)  # type: ignore[attr-defined]
        kept = claim_merge(claims=claims, user=request.user)  # type: ignore[arg-type]
        return Response(
            ClaimSerializer(selectors.claim_for_user(body=False, user=request.user, claim_id=kept.pk)).data
        )


class ClaimApprove(generics.GenericAPIView):
    serializer_class = ClaimSerializer

    @extend_schema(
        tags=TAGS,
        summary="Approve a final verdict (owner or editor); resolves a dispute",
        description="A second pair of eyes on other reviewers' work, within the project's policy: the "
        "reviewers disagree (a dispute), or `required_agreeing_reviews` reviewers other than the approver "
        "agree. The approver's own review never counts towards those, and an approver who reviewed the "
        "claim may only settle on a verdict another reviewer gave. Otherwise 400 with the reason.",
        request=ClaimApproveInput,
        responses=responses({200: ClaimSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, claim_id: int) -> Response:
        claim = _claim(request, claim_id, Action.APPROVE)
        data = ClaimApproveInput(data=request.data)
        data.is_valid(raise_exception=True)
        claim_approve(claim=claim, editor=request.user, **data.validated_data)  # type: ignore[arg-type]
        return Response(
            ClaimSerializer(selectors.claim_for_user(body=False, user=request.user, claim_id=claim_id)).data
        )


@extend_schema_view(
    get=extend_schema(
        tags=["annotations"],
        summary="List the reviewers' annotations of a claim, with evidence",
        description="No anchoring: a reviewer sees only their own annotation until they have saved one; "
        "viewers see all; editors and owners see all once the claim is disputed or verified.",
        responses=responses({200: AnnotationSerializer(many=True)}, 400, 404),
    ),
)
class ClaimAnnotations(generics.ListAPIView):
    serializer_class = AnnotationSerializer
    pagination_class = Cursor

    def get_queryset(self) -> QuerySet[Annotation]:
        if getattr(self, "swagger_fake_view", False):
            return Annotation.objects.none()
        claim = _claim(self.request, self.kwargs["claim_id"], Action.VIEW)
        annotations = selectors.annotations_for_claim(claim=claim)
        if not may_see_others_annotations(claim=claim, user=self.request.user):
            # No anchoring: until the caller has saved theirs, only their own (none yet).
            annotations = annotations.filter(reviewer_id=self.request.user.pk)
        return annotations


class MyAnnotation(generics.GenericAPIView):
    serializer_class = AnnotationSerializer

    @extend_schema(
        tags=["annotations"],
        summary="Read your annotation of a claim",
        responses=responses({200: AnnotationSerializer}, 404),
    )
    def get(self, request: Request, claim_id: int) -> Response:
        claim = _claim_to_annotate(request, claim_id, Action.VIEW)
        annotation = selectors.annotation_of(claim=claim, user=request.user)
        if annotation is None:
            raise NotFound()
        return Response(AnnotationSerializer(annotation).data)

    @extend_schema(
        tags=["annotations"],
        summary="Create or replace your annotation of a claim",
        description="One annotation per reviewer and claim. The claim's status is recomputed under the "
        "project's verification policy. Leave `evidence` out to keep the current links.",
        request=AnnotationInput,
        responses=responses({200: AnnotationSerializer}, 400, 403, 404),
    )
    def put(self, request: Request, claim_id: int) -> Response:
        claim = _claim_to_annotate(request, claim_id, Action.ANNOTATE)
        data = AnnotationInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        evidence = fields.pop("evidence", None)
        annotation = annotation_save(
            claim=claim,
            reviewer=request.user,  # type: ignore[arg-type]
            source_id=fields.pop("source"),
            evidence=None if evidence is None else [EvidenceInput(**item) for item in evidence],
            **fields,
        )
        prefetch_related_objects([annotation], "claim__evidence__document", "claim__evidence__added_by")
        return Response(AnnotationSerializer(annotation).data)
