"""Reads. Every selector a user can reach is scoped to the projects they belong to."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Prefetch, Q, QuerySet

from annotations.models import Article, Claim, Membership, Project, Sentence


def projects_for_user(*, user: User | AnonymousUser) -> QuerySet[Project]:
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user).annotate(
        article_count=Count("articles", distinct=True)
    )


def membership_for(*, user: User | AnonymousUser, project: Project) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(project=project, user=user).first()


def project_for_user(*, user: User | AnonymousUser, slug: str) -> Project:
    """The project, or Project.DoesNotExist when the user is not a member (never leak it)."""
    return projects_for_user(user=user).get(slug=slug)


def articles_for_project(*, project: Project) -> QuerySet[Article]:
    return (
        Article.objects.filter(project=project)
        .defer("body")
        .annotate(claim_count=Count("claims"))
        .order_by("-created_at", "-id")
    )


def article_for_user(*, user: User | AnonymousUser, article_id: int) -> Article:
    """The article with its sentences and claims, or Article.DoesNotExist for outsiders."""
    if not user.is_authenticated:
        raise Article.DoesNotExist
    return (
        Article.objects.filter(pk=article_id, project__memberships__user=user)
        .select_related("project")
        .prefetch_related(
            Prefetch("sentences", queryset=Sentence.objects.order_by("index")),
            Prefetch(
                "claims", queryset=Claim.objects.select_related("source").order_by("start", "end", "id")
            ),
        )
        .get()
    )


def article_split_counts(*, project: Project) -> dict[str, int]:
    rows = Article.objects.filter(project=project).values("split_status").annotate(n=Count("id"))
    return {row["split_status"]: row["n"] for row in rows}


def claims_for_project(*, project: Project, status: str = "") -> QuerySet[Claim]:
    claims = Claim.objects.filter(article__project=project).select_related("article", "source")
    if status:
        claims = claims.filter(Q(status=status))
    return claims
