"""Assignments (claims and whole articles to reviewers), bulk actions on claims, and each
reviewer's progress. Thin: the services check roles, ids and caps; every item gets its
own result."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import generics, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors as desk_selectors
from annotations.api.pagination import CursorAscending
from annotations.api.schema import responses
from annotations.api.serializers import (
    AssignInput,
    AssignmentSerializer,
    BulkResultSerializer,
    ClaimBulkInput,
    ProgressSerializer,
    UnassignInput,
)
from annotations.api.views.base import ProjectScopedView
from annotations.models import Assignment, Membership, Project
from annotations.permissions import Action
from annotations.services.assignments import ItemResult, assignments_add, assignments_remove
from annotations.services.triage import claims_approve, claims_dismiss, claims_restore

TAGS = ["assignments"]


def _reviewer_ids(project: Project, usernames: Sequence[str] | None) -> list[int] | None:
    """Usernames of the project's members to user ids; 400 naming any that is not a member
    (the same answer whether or not such an account exists)."""
    if usernames is None:
        return None
    wanted = list(dict.fromkeys(usernames))
    found = dict(
        Membership.objects.filter(project=project, user__username__in=wanted).values_list(
            "user__username", "user_id"
        )
    )
    missing = [name for name in wanted if name not in found]
    if missing:
        raise serializers.ValidationError(
            {"reviewers": [f"No member of this project named {', '.join(missing[:20])}."]}
        )
    return [found[name] for name in wanted]


def _results(results: list[ItemResult]) -> Response:
    return Response(
        {"results": [{"kind": r.kind, "id": r.id, "ok": r.ok, "detail": r.detail} for r in results]}
    )


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's assignments",
        description="Oldest first. An article's assignment covers every claim the article has, "
        "including claims a later split or an analyst adds.",
        parameters=[
            OpenApiParameter("reviewer", str, required=False, description="A member's username."),
            OpenApiParameter("claim", int, required=False),
            OpenApiParameter("article", int, required=False),
        ],
        responses=responses({200: AssignmentSerializer(many=True)}, 400, 404),
    ),
)
class AssignmentListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = AssignmentSerializer
    pagination_class = CursorAscending

    def get_queryset(self) -> QuerySet[Assignment]:
        if self.is_schema:
            return Assignment.objects.none()
        project = self.membership.project
        params = self.request.query_params
        ids: dict[str, int | None] = {}
        for name in ("claim", "article"):
            raw = params.get(name)
            if raw is not None and not (raw.isascii() and raw.isdigit() and 0 < int(raw) < 2**63):
                raise serializers.ValidationError({name: ["A whole number (an id)."]})
            ids[name] = int(raw) if raw is not None else None
        reviewer_id = None
        if params.get("reviewer") is not None:
            if "\x00" in params["reviewer"]:
                raise serializers.ValidationError({"reviewer": ["A username cannot contain NUL characters."]})
            reviewer_ids = _reviewer_ids(project, [params["reviewer"][:150]])
            reviewer_id = reviewer_ids[0] if reviewer_ids else None
        return desk_selectors.assignments_for_project(
            project=project, reviewer_id=reviewer_id, claim_id=ids["claim"], article_id=ids["article"]
        )

    @extend_schema(
        tags=TAGS,
        summary="Assign claims or articles to reviewers (owner or editor)",
        description="`each`: every reviewer named gets every item. `round_robin`: each item gets "
        "`per_item` reviewers dealt in turn from `reviewers` (default: the project's reviewers), "
        "starting with whoever has the fewest assignments. Safe to repeat: what is assigned stays "
        "assigned once. At most 500 items; each gets a result (an id outside the project is "
        "refused, `ok: false`).",
        request=AssignInput,
        responses=responses({200: BulkResultSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.ASSIGN)
        data = AssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        project = self.membership.project
        return _results(
            assignments_add(
                project=project,
                user=request.user,  # type: ignore[arg-type]
                reviewer_ids=_reviewer_ids(project, d["reviewers"]),
                claim_ids=d["claims"],
                article_ids=d["articles"],
                mode=d["mode"],
                per_item=d["per_item"],
            )
        )


class AssignmentRemove(ProjectScopedView):
    serializer_class = BulkResultSerializer

    @extend_schema(
        tags=TAGS,
        summary="Unassign claims or articles (owner or editor)",
        description="From the reviewers named, or from everyone. A claim whose article is assigned "
        "stays in that reviewer's queue until the article is unassigned (its result says so).",
        request=UnassignInput,
        responses=responses({200: BulkResultSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.ASSIGN)
        data = UnassignInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        project = self.membership.project
        return _results(
            assignments_remove(
                project=project,
                user=request.user,  # type: ignore[arg-type]
                reviewer_ids=_reviewer_ids(project, d.get("reviewers")),
                claim_ids=d["claims"],
                article_ids=d["articles"],
            )
        )


class ClaimBulk(ProjectScopedView):
    serializer_class = BulkResultSerializer

    @extend_schema(
        tags=["claims"],
        summary="One action on up to 500 claims, with a result per claim",
        description="`assign`/`unassign` (owner or editor; `reviewers`, `mode`, `per_item` as for "
        "assignments), `dismiss` (not check-worthy, with a `reason`; dismissed claims leave the "
        "queue, progress and exports until restored, and `GET claims/?dismissed=true` lists them), "
        "`restore`, `approve` (owner or editor: each claim gets the verdict its reviewers agree on, "
        "through the same rule as `claims/{id}/approve/`; a dispute, a claim without verdicts or one "
        "the rule refuses is `ok: false` with the reason, and nothing changes for it).",
        request=ClaimBulkInput,
        responses=responses({200: BulkResultSerializer}, 400, 403, 404),
    )
    def post(self, request: Request, slug: str) -> Response:
        project = self.membership.project  # outsiders: 404 before anything is read
        data = ClaimBulkInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        user = request.user
        action = d["action"]
        self.require(Action.APPROVE if action == "approve" else Action.ASSIGN)
        if action == "assign":
            results = assignments_add(
                project=project,
                user=user,  # type: ignore[arg-type]
                reviewer_ids=_reviewer_ids(project, d.get("reviewers")),
                claim_ids=d["claims"],
                mode=d["mode"],
                per_item=d["per_item"],
            )
        elif action == "unassign":
            results = assignments_remove(
                project=project,
                user=user,  # type: ignore[arg-type]
                reviewer_ids=_reviewer_ids(project, d.get("reviewers")),
                claim_ids=d["claims"],
            )
        elif action == "dismiss":
            results = claims_dismiss(project=project, user=user, claim_ids=d["claims"], reason=d["reason"])  # type: ignore[arg-type]
        elif action == "restore":
            results = claims_restore(project=project, user=user, claim_ids=d["claims"])  # type: ignore[arg-type]
        else:
            results = claims_approve(project=project, user=user, claim_ids=d["claims"])  # type: ignore[arg-type]
        return _results(results)


class ProjectProgress(ProjectScopedView):
    serializer_class = ProgressSerializer

    @extend_schema(
        tags=TAGS,
        summary="Each reviewer's progress, and the time from import to verified",
        description="Per reviewer: claims assigned (one by one or with their article), annotated by "
        "them and verified; the time from a claim's import (its article's creation) to its "
        "verification, median and 90th percentile (seconds, PostgreSQL's percentile_cont), per "
        "reviewer and over the project. Dismissed claims do not count.",
        responses=responses({200: ProgressSerializer}, 404),
    )
    def get(self, request: Request, slug: str) -> Response:
        progress = desk_selectors.project_progress(project=self.membership.project)
        return Response(
            {
                "reviewers": [
                    {
                        "reviewer": r.username,
                        "name": r.name,
                        "assigned": r.assigned,
                        "annotated": r.annotated,
                        "verified": r.verified,
                        "median_seconds": r.median_seconds,
                        "p90_seconds": r.p90_seconds,
                    }
                    for r in progress.reviewers
                ],
                "verified": progress.verified,
                "median_seconds": progress.median_seconds,
                "p90_seconds": progress.p90_seconds,
            }
        )
