"""Projects, their members (the owner manages them) and split status."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from annotations import selectors
from annotations.api.pagination import Cursor
from annotations.api.schema import errors, responses
from annotations.api.serializers import (
    GuidelinesInput,
    GuidelinesSerializer,
    InviteAnswerSerializer,
    MembershipCreateInput,
    MembershipSerializer,
    MembershipUpdateInput,
    MyInvitationSerializer,
    PendingInvitationSerializer,
    ProjectCreateInput,
    ProjectPolicyInput,
    ProjectSerializer,
    SplitCountsSerializer,
)
from annotations.api.views.base import ProjectScopedView
from annotations.models import Invitation, Membership, Project, Role, SplitStatus
from annotations.permissions import Action
from annotations.selectors import article_split_counts, guidelines_of, invitations_for, invitations_pending
from annotations.services.projects import (
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    invite_answer,
    member_invite,
    membership_remove,
    membership_set,
    project_create,
    project_update_guidelines,
    project_update_policy,
)

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
        return selectors.projects_for_user(user=self.request.user)

    @extend_schema(
        tags=TAGS,
        summary="Create a project (you become its owner)",
        request=ProjectCreateInput,
        responses=responses({201: ProjectSerializer}, 400, 403, 409),
    )
    def post(self, request: Request) -> Response:
        data = ProjectCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            project = project_create(owner=request.user, **data.validated_data)  # type: ignore[arg-type]
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
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


class ProjectGuidelines(ProjectScopedView):
    serializer_class = GuidelinesSerializer

    @extend_schema(
        tags=TAGS,
        summary="Read the project's guidelines, as written and rendered (any member)",
        responses=responses({200: GuidelinesSerializer}, 404),
    )
    def get(self, request: Request, slug: str) -> Response:
        return Response(GuidelinesSerializer(guidelines_of(project=self.membership.project)).data)

    @extend_schema(
        tags=TAGS,
        summary="Write the project's guidelines (owner or editor)",
        description="Replaces the Markdown; the same text again changes nothing.",
        request=GuidelinesInput,
        responses=responses({200: GuidelinesSerializer}, 400, 403, 404),
    )
    def put(self, request: Request, slug: str) -> Response:
        self.require(Action.GUIDE)
        data = GuidelinesInput(data=request.data)
        data.is_valid(raise_exception=True)
        project = project_update_guidelines(
            project=self.membership.project,
            user=request.user,  # type: ignore[arg-type]
            guidelines=data.validated_data["markdown"],
        )
        return Response(GuidelinesSerializer(guidelines_of(project=project)).data)


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
        return selectors.memberships_for_project(project=self.membership.project)

    @extend_schema(
        tags=TAGS,
        summary="Invite someone by username or email address (owner only)",
        description=(
            "Answers 202 with the same words whether or not an account has that username or address, "
            "so nobody can probe for accounts: the invitation is listed under `invitations/` as typed, "
            "and only the matching account, if any, sees it (`GET /api/v1/invitations/`) and joins by "
            "accepting it; the account's holder is emailed to sign in and accept. An email address "
            "with no account is emailed a one-time link (valid for `CLAIMDESK_LINK_HOURS`) to create "
            "an account and join. A current member's role changes at once."
        ),
        request=MembershipCreateInput,
        responses=responses({202: InviteAnswerSerializer}, 400, 403, 404, 409),
    )
    def post(self, request: Request, slug: str) -> Response:
        self.require(Action.MANAGE)
        data = MembershipCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        who, role = data.validated_data["who"], data.validated_data["role"]
        # (A current member's role changes at once; membership_set keeps the last owner.)
        member_invite(
            project=self.membership.project,
            by=request.user,  # type: ignore[arg-type]
            who=who,
            role=role,
            site_url=request.build_absolute_uri("/"),
        )
        return Response({"detail": invite_answer(who=who, role=role)}, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    get=extend_schema(
        tags=TAGS,
        summary="List the project's pending invitations, as typed (owner only)",
        responses=responses({200: PendingInvitationSerializer(many=True)}, 400, 403, 404),
    ),
)
class InvitationList(ProjectScopedView, generics.ListAPIView):
    serializer_class = PendingInvitationSerializer
    pagination_class = Cursor

    def get_queryset(self) -> QuerySet[Invitation]:
        if self.is_schema:
            return Invitation.objects.none()
        self.require(Action.MANAGE)
        return invitations_pending(project=self.membership.project)


class InvitationWithdraw(ProjectScopedView):
    serializer_class = PendingInvitationSerializer

    @extend_schema(
        tags=TAGS,
        summary="Withdraw a pending invitation (owner only)",
        request=None,
        responses={204: None, **errors(403, 404)},
    )
    def delete(self, request: Request, slug: str, invitation_id: int) -> Response:
        self.require(Action.MANAGE)
        invitation_withdraw(project=self.membership.project, by=request.user, invitation_id=invitation_id)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    get=extend_schema(
        tags=["invitations"],
        summary="List the invitations addressed to you",
        responses=responses({200: MyInvitationSerializer(many=True)}, 400, 404),
    ),
)
class MyInvitations(generics.ListAPIView):
    serializer_class = MyInvitationSerializer
    pagination_class = Cursor

    def get_queryset(self) -> QuerySet[Invitation]:
        if getattr(self, "swagger_fake_view", False):
            return Invitation.objects.none()
        return invitations_for(user=self.request.user)  # type: ignore[arg-type]


class InvitationAccept(generics.GenericAPIView):
    serializer_class = ProjectSerializer

    @extend_schema(
        tags=["invitations"],
        summary="Accept an invitation: you join the project with the invited role",
        request=None,
        responses=responses({200: ProjectSerializer}, 404),
    )
    def post(self, request: Request, invitation_id: int) -> Response:
        membership = invitation_accept(invitation_id=invitation_id, user=request.user)  # type: ignore[arg-type]
        project = membership.project
        project.my_role = membership.role  # type: ignore[attr-defined]
        return Response(ProjectSerializer(project).data)


class InvitationDecline(generics.GenericAPIView):
    serializer_class = ProjectSerializer

    @extend_schema(
        tags=["invitations"],
        summary="Decline an invitation",
        request=None,
        responses={204: None, **errors(404)},
    )
    def post(self, request: Request, invitation_id: int) -> Response:
        invitation_decline(invitation_id=invitation_id, user=request.user)  # type: ignore[arg-type]
        return Response(status=status.HTTP_204_NO_CONTENT)


def _member(project: Project, username: str) -> Membership:
    """The member with this username, or 404. A name no account can have (a NUL byte, a
    slash, over 150 characters) is simply not found: it never reaches the database."""
    if len(username) > 150 or not _USERNAME.fullmatch(username):
        raise NotFound()
    return selectors.membership_for_project(project=project, username=username)


_USERNAME = re.compile(r"[\w.@+-]+")  # django.contrib.auth's UnicodeUsernameValidator


class MemberDetail(ProjectScopedView):
    serializer_class = MembershipSerializer

    @extend_schema(tags=TAGS, summary="Read a member", responses=responses({200: MembershipSerializer}, 404))
    def get(self, request: Request, slug: str, username: str) -> Response:
        member = _member(self.membership.project, username)
        return Response(MembershipSerializer(member).data)

    @extend_schema(
        tags=TAGS,
        summary="Change a member's role (owner only)",
        request=MembershipUpdateInput,
        responses=responses({200: MembershipSerializer}, 400, 403, 404),
    )
    def patch(self, request: Request, slug: str, username: str) -> Response:
        self.require(Action.MANAGE)
        member = _member(self.membership.project, username)
        data = MembershipUpdateInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            membership = membership_set(
                project=self.membership.project,
                user=member.user,
                role=data.validated_data["role"],
                by=request.user,  # type: ignore[arg-type]
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        tags=TAGS,
        summary="Remove a member (owner only)",
        description=(
            "They lose access at once; their annotations stay in the project's history. "
            "The project's last owner cannot be removed (400)."
        ),
        request=None,
        responses={204: None, **errors(400, 403, 404)},
    )
    def delete(self, request: Request, slug: str, username: str) -> Response:
        self.require(Action.MANAGE)
        member = _member(self.membership.project, username)
        try:
            membership_remove(project=self.membership.project, by=request.user, user_id=member.user_id)  # type: ignore[arg-type]
        except Membership.DoesNotExist:
            raise NotFound() from None
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from None
        return Response(status=status.HTTP_204_NO_CONTENT)
