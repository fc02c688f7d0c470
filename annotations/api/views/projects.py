"""Projects, their members (the owner manages them) and split status."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.api import selectors
from annotations.api.pagination import Cursor
from annotations.api.schema import responses
from annotations.api.serializers import (
    MembershipCreateInput,
    MembershipSerializer,
    MembershipUpdateInput,
    ProjectCreateInput,
    ProjectPolicyInput,
    ProjectSerializer,
    SplitCountsSerializer,
)
from annotations.api.views.base import ProjectScopedView
from annotations.models import Membership, Project, Role, SplitStatus
from annotations.permissions import Action
from annotations.selectors import article_split_counts
from annotations.services.projects import membership_set, project_create, project_update_policy

TAGS = ["projects"]


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List your projects",
        responses=responses({200: ProjectSerializer(many=True)}, 400, 404),
    ),
)
class ProjectListCreate(generics.ListAPIView):
    serializer_class = ProjectSerializer
    pagination_class = Cursor

    def get_queryset(self) -> QuerySet[Project]:
        return selectors.projects_with_role(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Create a project (you become its owner)",
        request=ProjectCreateInput,
        responses=responses({201: ProjectSerializer}, 400, 403, 409),
    )
    def post(self, request: Request) -> Response:
        data = ProjectCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = project_create(owner=request.user, **data.validated_data)  # type: ignore[arg-type]
        project.my_role = Role.OWNER  # type: ignore[attr-defined]
        return Response(ProjectSerializer(project).data, status=status.HTTP_201_CREATED)


class ProjectDetail(ProjectScopedView):
    serializer_class = ProjectSerializer

    @extend_schema(tags=TAGS, summary="Read a project", responses=responses({200: ProjectSerializer}, 404))
    def get(self, request: Request, slug: str) -> Response:
        project = self.membership.project
        project.my_role = self.membership.role  # type: ignore[attr-defined]
        return Response(ProjectSerializer(project).data)

    @extend_schema(
        tags=TAGS,
        summary="Change the verification policy and publisher (owner only)",
        description="Reviewed claims are re-evaluated under the new policy at once.",
        request=ProjectPolicyInput,
        responses=responses({200: ProjectSerializer}, 400, 403, 404),
    )
    def patch(self, request: Request, slug: str) -> Response:
        self.require(Action.MANAGE)
        project = self.membership.project
        data = ProjectPolicyInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        policy = {
            "required_agreeing_reviews": project.required_agreeing_reviews,
            "requires_editor_approval": project.requires_editor_approval,
            "publisher_name": project.publisher_name,
            "publisher_url": project.publisher_url,
            **data.validated_data,
        }
        project = project_update_policy(project=project, user=request.user, **policy)  # type: ignore[arg-type]
        project.my_role = self.membership.role  # type: ignore[attr-defined]
        return Response(ProjectSerializer(project).data)


class ProjectSplitStatus(ProjectScopedView):
    serializer_class = SplitCountsSerializer

    @extend_schema(
        tags=TAGS,
        summary="How many of the project's articles are pending, splitting, split or failed",
        responses=responses({200: SplitCountsSerializer}, 404),
    )
    def get(self, request: Request, slug: str) -> Response:
        counts = article_split_counts(project=self.membership.project)
        body = {value: counts.get(value, 0) for value in SplitStatus.values}
        body["total"] = sum(counts.values())
        return Response(body)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's members",
        responses=responses({200: MembershipSerializer(many=True)}, 400, 404),
    ),
)
class MemberListCreate(ProjectScopedView, generics.ListAPIView):
    serializer_class = MembershipSerializer
    pagination_class = Cursor

    def get_queryset(self) -> QuerySet[Membership]:
        if self.is_schema:
            return Membership.objects.none()
        return selectors.memberships_of(project=self.membership.project)

    @extend_schema(
        tags=TAGS,
        summary="Add a member, or change an existing member's role (owner only)",
        request=MembershipCreateInput,
        responses=responses({201: MembershipSerializer}, 400, 403, 404, 409),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.MANAGE)
        data = MembershipCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        user = selectors.active_user(username=data.validated_data["username"])
        if user is None:
            raise serializers.ValidationError({"username": ["No such user."]})
        _keep_an_owner(self.membership.project, user.pk, data.validated_data["role"])
        membership = membership_set(
            project=self.membership.project, user=user, role=data.validated_data["role"]
        )
        return Response(MembershipSerializer(membership).data, status=status.HTTP_201_CREATED)


class MemberDetail(ProjectScopedView):
    serializer_class = MembershipSerializer

    @extend_schema(tags=TAGS, summary="Read a member", responses=responses({200: MembershipSerializer}, 404))
    def get(self, request: Request, slug: str, username: str) -> Response:
        member = selectors.membership_of_user(project=self.membership.project, username=username)
        return Response(MembershipSerializer(member).data)

    @extend_schema(
        tags=TAGS,
        summary="Change a member's role (owner only)",
        request=MembershipUpdateInput,
        responses=responses({200: MembershipSerializer}, 400, 403, 404),
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        self.require(Action.MANAGE)
        member = selectors.membership_of_user(project=self.membership.project, username=username)
        data = MembershipUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        _keep_an_owner(self.membership.project, member.user_id, data.validated_data["role"])
        membership = membership_set(
            project=self.membership.project, user=member.user, role=data.validated_data["role"]
        )
        return Response(MembershipSerializer(membership).data)


def _keep_an_owner(project: Project, user_id: int, role: str) -> None:
    # A project nobody can manage could never be repaired through the API.
    # (Belongs in membership_set; asked of the lead.)
    if role == Role.OWNER:
        return
    if selectors.owner_ids(project=project) == {user_id}:
        raise serializers.ValidationError({"role": ["The project needs at least one owner."]})
