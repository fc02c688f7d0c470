"""Reads the API needs beyond annotations.selectors. Read-only, and every one is scoped
to the caller's memberships: an id outside them raises DoesNotExist (answered 404)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, F, Prefetch, QuerySet

from annotations.models import (
    Annotation,
    Article,
    Claim,
    Evidence,
    Membership,
    Project,
    Sentence,
    Source,
)
from annotations.permissions import role_known

AnyUser = User | AnonymousUser


def _member_id(user: AnyUser) -> int:
    # 0 is no user's id: an anonymous caller matches no membership.
    return int(user.pk) if user.is_authenticated else 0


def projects_with_role(*, user: AnyUser) -> QuerySet[Project]:
    """The user's projects, each annotated with `my_role` (one row per project: a user
    has at most one membership per project)."""
    return Project.objects.filter(memberships__user_id=_member_id(user)).annotate(
        my_role=F("memberships__role")
    )


def membership_by_slug(*, user: AnyUser, slug: str) -> Membership:
    """The caller's membership of the project (with the project), in one query; the role is
    remembered for the rest of the request (permissions.role_known)."""
    membership = Membership.objects.select_related("project").get(
        project__slug=slug, user_id=_member_id(user)
    )
    role_known(user=user, project_id=membership.project_id, role=membership.role)
    return membership


def memberships_of(*, project: Project) -> QuerySet[Membership]:
    return Membership.objects.filter(project=project).select_related("user")


def membership_of_user(*, project: Project, username: str) -> Membership:
    return Membership.objects.select_related("user").get(project=project, user__username=username)


def articles_of(*, project: Project) -> QuerySet[Article]:
    # The body can be megabytes; lists never need it.
    return Article.objects.filter(project=project).defer("body").annotate(claim_count=Count("claims"))


def article_for_member(
    *, user: AnyUser, article_id: int, detail: bool = False, body: bool = False
) -> Article:
    """The article annotated with the caller's `my_role`; with `detail`, its sentences and
    claims prefetched (two more queries, however many there are). The body is loaded only
    with `detail` or `body`."""
    articles = (
        Article.objects.filter(pk=article_id, project__memberships__user_id=_member_id(user))
        .annotate(my_role=F("project__memberships__role"))
        .select_related("project")
    )
    if detail:
        articles = articles.prefetch_related(
            Prefetch("sentences", queryset=Sentence.objects.order_by("index")),
            Prefetch(
                "claims", queryset=Claim.objects.select_related("source").order_by("start", "end", "id")
            ),
        )
    elif not body:
        articles = articles.defer("body")
    return articles.get()


def article_status_for_member(*, user: AnyUser, article_id: int) -> Article:
    return (
        Article.objects.filter(pk=article_id, project__memberships__user_id=_member_id(user))
        .defer("body")
        .annotate(claim_count=Count("claims"))
        .get()
    )


def claims_of(*, project: Project) -> QuerySet[Claim]:
    # Not a join on the article for every claim: that would drag each article (and its body)
    # onto every claim row, which a list of ids does not need.
    return Claim.objects.filter(article__project=project).select_related("source")


def claims_of_article(*, article: Article) -> QuerySet[Claim]:
    return Claim.objects.filter(article=article).select_related("source")


def claim_for_member(*, user: AnyUser, claim_id: int) -> Claim:
    """The claim with its article and project (the services read both), annotated with
    the caller's `my_role`."""
    claim = (
        Claim.objects.filter(pk=claim_id, article__project__memberships__user_id=_member_id(user))
        .annotate(my_role=F("article__project__memberships__role"))
        .select_related("article__project", "source")
        # The body (up to a million characters) only for the few calls that cut text from it.
        .defer("article__body")
        .get()
    )
    role_known(user=user, project_id=claim.article.project_id, role=claim.my_role)
    return claim


def claims_for_member(*, user: AnyUser, claim_ids: list[int]) -> list[Claim]:
    return list(
        Claim.objects.filter(pk__in=claim_ids, article__project__memberships__user_id=_member_id(user))
        .annotate(my_role=F("article__project__memberships__role"))
        .select_related("article__project")
    )


def annotations_of(*, claim: Claim) -> QuerySet[Annotation]:
    return (
        Annotation.objects.filter(claim=claim)
        .select_related("reviewer", "claim")
        .prefetch_related(
            Prefetch(
                "claim__evidence",
                queryset=Evidence.objects.select_related("document", "added_by").order_by("created_at", "id"),
            )
        )
    )


def annotation_of(*, claim: Claim, user: AnyUser) -> Annotation:
    return annotations_of(claim=claim).get(reviewer_id=_member_id(user))


def sources_of(*, project: Project) -> QuerySet[Source]:
    return Source.objects.filter(project=project)


def source_for_member(*, user: AnyUser, source_id: int) -> Source:
    return Source.objects.get(pk=source_id, project__memberships__user_id=_member_id(user))


def owner_ids(*, project: Project) -> set[int]:
    return set(Membership.objects.filter(project=project, role="owner").values_list("user_id", flat=True))


def content_hashes(*, article_ids: list[int]) -> dict[str, int]:
    """{content hash: id} of the given articles."""
    return {h: pk for pk, h in Article.objects.filter(pk__in=article_ids).values_list("id", "content_hash")}


def active_user(*, username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()
