"""Reads. Every selector a user can reach is scoped to the projects they belong to."""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import Lower

from annotations.agreement import Agreement, agreement
from annotations.models import (
    Annotation,
    Article,
    Claim,
    ClaimStatus,
    Membership,
    Project,
    Role,
    Source,
)


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
    """The article with its claims, or Article.DoesNotExist for outsiders."""
    if not user.is_authenticated:
        raise Article.DoesNotExist
    return (
        Article.objects.filter(pk=article_id, project__memberships__user=user)
        .select_related("project")
        .prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("source").order_by("start", "end", "id"))
        )
        .get()
    )


def article_split_counts(*, project: Project) -> dict[str, int]:
    rows = Article.objects.filter(project=project).values("split_status").annotate(n=Count("id"))
    return {row["split_status"]: row["n"] for row in rows}


def sources_for_project(*, project: Project, q: str = "", limit: int = 20) -> QuerySet[Source]:
    sources = Source.objects.filter(project=project)
    if q.strip():
        sources = sources.filter(
            Q(name__icontains=q.strip()) | Q(normalized_name__icontains=q.strip().lower())
        )
    return sources.order_by("name")[:limit]


def claim_for_user(*, user: User | AnonymousUser, claim_id: int) -> Claim:
    """The claim (with article, project and source), or Claim.DoesNotExist for outsiders."""
    if not user.is_authenticated:
        raise Claim.DoesNotExist
    return (
        Claim.objects.select_related("article__project", "source", "sentence", "verified_by")
        .filter(pk=claim_id, article__project__memberships__user=user)
        .get()
    )


def annotation_of(*, claim: Claim, user: User | AnonymousUser) -> Annotation | None:
    if not user.is_authenticated:
        return None
    return (
        Annotation.objects.select_related("source")
        .prefetch_related("evidence")
        .filter(claim=claim, reviewer_id=user.pk)
        .first()
    )


@dataclass(frozen=True)
class ClaimFilters:
    """The review queue's filters. Each is an allow-listed field, never an ORM lookup."""

    q: str = ""
    status: str = ""
    verdict: str = ""
    source: int | None = None
    outlet: str = ""
    article: int | None = None
    published_from: date | None = None
    published_to: date | None = None
    waiting_for: int | None = None  # user id: claims this user has not annotated yet


def claims_queue(*, project: Project, filters: ClaimFilters) -> QuerySet[Claim]:
    claims = Claim.objects.filter(article__project=project).select_related("article", "source")
    if filters.q.strip():
        query = SearchQuery(filters.q.strip(), config="english", search_type="websearch")
        # The stored, GIN-indexed search_vector column (same configuration as the query).
        claims = claims.filter(search_vector=query)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.verdict:
        claims = claims.filter(
            Q(final_verdict=filters.verdict) | Q(annotations__verdict=filters.verdict)
        ).distinct()
    if filters.source is not None:
        claims = claims.filter(source_id=filters.source)
    if filters.outlet:
        claims = claims.filter(article__outlet__iexact=filters.outlet)
    if filters.article is not None:
        claims = claims.filter(article_id=filters.article)
    if filters.published_from:
        claims = claims.filter(article__published_at__date__gte=filters.published_from)
    if filters.published_to:
        claims = claims.filter(article__published_at__date__lte=filters.published_to)
    if filters.waiting_for is not None:
        claims = claims.exclude(annotations__reviewer_id=filters.waiting_for).exclude(
            status=ClaimStatus.VERIFIED
        )
    return claims.order_by("-article__created_at", "article_id", "start", "id")


@dataclass(frozen=True)
class ProjectOverview:
    split_counts: dict[str, int]
    status_counts: dict[str, int]
    verdict_counts: dict[str, int]
    reviewer_counts: list[tuple[str, int]]
    claim_total: int


def project_overview(*, project: Project) -> ProjectOverview:
    claims = Claim.objects.filter(article__project=project)
    status_counts = {r["status"]: r["n"] for r in claims.values("status").annotate(n=Count("id"))}
    verdict_counts = {
        r["final_verdict"]: r["n"]
        for r in claims.exclude(final_verdict="").values("final_verdict").annotate(n=Count("id"))
    }
    reviewers = (
        Annotation.objects.filter(claim__article__project=project)
        .values("reviewer__username")
        .annotate(n=Count("id"))
        .order_by("-n", "reviewer__username")
    )
    return ProjectOverview(
        split_counts=article_split_counts(project=project),
        status_counts=status_counts,
        verdict_counts=verdict_counts,
        reviewer_counts=[(r["reviewer__username"], r["n"]) for r in reviewers],
        claim_total=sum(status_counts.values()),
    )


def articles_status(*, project: Project, ids: list[int]) -> QuerySet[Article]:
    return (
        Article.objects.filter(project=project, pk__in=ids)
        .only("id", "title", "split_status", "split_error", "project_id")
        .annotate(claim_count=Count("claims"))
        .order_by("id")
    )


def project_agreement(*, project: Project) -> Agreement:
    """Krippendorff's alpha between the project's reviewers (see annotations.agreement)."""
    order = {str(v["value"]): int(v["rating"]) for v in project.rating_scale if v.get("rating") is not None}
    rows = Annotation.objects.filter(claim__article__project=project).values_list(
        "claim_id", "reviewer__username", "verdict", "source_reliability", "information_credibility"
    )
    return agreement(rows.iterator(chunk_size=5000), order)


def may_see_others_annotations(
    *, claim: Claim, user: User | AnonymousUser, has_own: bool | None = None, role: str | None = None
) -> bool:
    """No anchoring: a reviewer sees the others' verdicts only once they have saved their
    own. Viewers never annotate, so nothing can anchor them; editors and owners see them
    when a claim is disputed or decided, to resolve it. A caller that already knows whether
    the user has an annotation (`has_own`) or their `role` passes it and saves a query."""
    if not user.is_authenticated:
        return False
    if has_own is None:
        has_own = Annotation.objects.filter(claim=claim, reviewer_id=user.pk).exists()
    if has_own:
        return True
    if role is None:
        role = (
            Membership.objects.filter(project_id=claim.article.project_id, user_id=user.pk)
            .values_list("role", flat=True)
            .first()
        )
    if role == Role.VIEWER:
        return True
    return role in (Role.OWNER, Role.EDITOR) and claim.status in (ClaimStatus.DISPUTED, ClaimStatus.VERIFIED)


def other_annotations(
    *, claim: Claim, user: User | AnonymousUser, has_own: bool | None = None, role: str | None = None
) -> list[Annotation]:
    """Other reviewers' annotations, when the user may see them (may_see_others_annotations)."""
    if not may_see_others_annotations(claim=claim, user=user, has_own=has_own, role=role):
        return []
    return list(
        Annotation.objects.filter(claim=claim)
        .exclude(reviewer_id=user.pk)
        .select_related("reviewer", "source")
        .prefetch_related("evidence")
        .order_by("created_at")
    )


SIMILAR_CACHE_SECONDS = 300


def similar_claims(*, claim: Claim, limit: int = 5, threshold: float = 0.45) -> list[Claim]:
    """The same or nearly the same claim text elsewhere in the project: pg_trgm similarity
    of lower(text) >= threshold, computed only for claims sharing a MinHash key with this
    one (annotations.similarity; GIN-indexed), so the cost follows the candidates, not the
    size of the project. Boilerplate repeated across thousands of articles still makes
    thousands of candidates (60-70 ms at 110k claims), so which claims match is cached per
    claim for SIMILAR_CACHE_SECONDS (a repeat imported since shows up after that); the
    claims themselves are read fresh."""
    cache_key = f"similar:{claim.pk}:{zlib.crc32(claim.text.encode())}:{limit}:{threshold}"
    found: list[tuple[int, float]] | None = cache.get(cache_key)
    if found is None:
        found = _similar_ids(claim=claim, limit=limit, threshold=threshold)
        cache.set(cache_key, found, SIMILAR_CACHE_SECONDS)
    if not found:
        return []
    rows = Claim.objects.select_related("article", "verified_by").in_bulk([pk for pk, _ in found])
    out = []
    for pk, similarity in found:
        if pk in rows:  # deleted since
            rows[pk].similarity = similarity  # type: ignore[attr-defined]
            out.append(rows[pk])
    return out


def _similar_ids(*, claim: Claim, limit: int, threshold: float) -> list[tuple[int, float]]:
    keys = Claim.objects.filter(pk=claim.pk).order_by().values_list("similarity_keys", flat=True).first()
    if not keys:  # no words, nothing to compare
        return []
    return list(
        Claim.objects.filter(article__project_id=claim.article.project_id, similarity_keys__overlap=keys)
        .exclude(article_id=claim.article_id)
        .annotate(similarity=TrigramSimilarity(Lower("text"), claim.text.lower()))
        .filter(similarity__gte=threshold)
        .order_by("-similarity", "id")
        .values_list("pk", "similarity")[:limit]
    )
