"""Reads. Every selector a user can reach is scoped to the projects they belong to."""

from __future__ import annotations

import binascii
import json
import zlib
from base64 import urlsafe_b64decode, urlsafe_b64encode
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, User
from django.contrib.postgres.search import SearchQuery, TrigramSimilarity
from django.core.cache import cache
from django.db import connection
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Lower
from django.urls import reverse

from annotations import rows
from annotations.agreement import Agreement, agreement
from annotations.markdown import render_markdown
from annotations.models import (
    Annotation,
    ApiToken,
    Article,
    Assignment,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ClaimTombstone,
    Evidence,
    Invitation,
    Membership,
    Project,
    Publication,
    PublishedReport,
    ReplacedSpan,
    Role,
    Sentence,
    Source,
)
from annotations.permissions import (
    DECIDED_OR_DISPUTED,
    may_see_others_reviews,
    role_known,
    role_of,
    role_of_id,
    sees_all_reviews,
    sees_decided_reviews,
)
from annotations.services.accounts import display_name, display_name_sql

# How reads are named here (the one home of reads, for pages, API, exports and tasks):
#   <noun>_for_user(user=, ...)     one object the user may read, else <Model>.DoesNotExist (404);
#                                   read with the caller's role (`my_role`), which is remembered
#                                   for the request (permissions.role_known);
#   <nouns>_for_user(user=)         a list across the user's projects;
#   <nouns>_for_project/_article/_claim(...)   a list inside an object the caller already holds.


def _user_id(user: User | AnonymousUser) -> int:
    # 0 is no user's id: an anonymous caller matches no membership.
    return int(user.pk) if user.is_authenticated else 0


def projects_for_user(*, user: User | AnonymousUser) -> QuerySet[Project]:
    """The user's projects, each with `my_role` and `article_count` (one row per project: a
    user has at most one membership per project)."""
    if not user.is_authenticated:
        return Project.objects.none()
    return Project.objects.filter(memberships__user=user).annotate(
        my_role=F("memberships__role"), article_count=Count("articles", distinct=True)
    )


def project_for_user(*, user: User | AnonymousUser, slug: str) -> Project:
    """The project, or Project.DoesNotExist when the user is not a member (never leak it)."""
    return projects_for_user(user=user).get(slug=slug)


@dataclass(frozen=True)
class Guidelines:
    markdown: str
    html: str  # sanitised (annotations.markdown): safe to put in a page as it is
    updated_at: datetime | None
    updated_by: str  # display name, "" when nobody wrote them yet


def guidelines_of(*, project: Project) -> Guidelines:
    """The project's guidelines as written and as rendered (the caller is a member)."""
    by = project.guidelines_updated_by
    return Guidelines(
        markdown=project.guidelines,
        html=render_markdown(project.guidelines),
        updated_at=project.guidelines_updated_at,
        updated_by=display_name(by) if by is not None else "",
    )


def membership_for_user(*, user: User | AnonymousUser, slug: str) -> Membership:
    """The caller's membership of the project (with the project), in one query."""
    membership = Membership.objects.select_related("project").get(project__slug=slug, user_id=_user_id(user))
    role_known(user=user, project_id=membership.project_id, role=membership.role)
    return membership


def memberships_for_project(*, project: Project) -> QuerySet[Membership]:
    return Membership.objects.filter(project=project).select_related("user")


def membership_for_project(*, project: Project, username: str) -> Membership:
    """A member of the project by username, or Membership.DoesNotExist."""
    return Membership.objects.select_related("user").get(project=project, user__username=username)


def active_user(*, username: str) -> User | None:
    return User.objects.filter(username=username, is_active=True).first()


def articles_for_project(*, project: Project) -> QuerySet[Article]:
    """The project's articles without their bodies (megabytes; lists never need them)."""
    return (
        Article.objects.filter(project=project)
        .defer("body")
        .annotate(claim_count=Count("claims"))
        .order_by("-created_at", "-id")
    )


def article_for_user(
    *,
    user: User | AnonymousUser,
    article_id: int,
    claims: bool = True,
    sentences: bool = False,
    body: bool = True,
) -> Article:
    """The article with the caller's `my_role`, or Article.DoesNotExist for outsiders; its
    claims and sentences prefetched when asked (one query each, however many), its body
    (up to a million characters) loaded unless `body` is False."""
    articles = (
        Article.objects.filter(pk=article_id, project__memberships__user_id=_user_id(user))
        .annotate(my_role=F("project__memberships__role"))
        .select_related("project")
    )
    if claims:
        articles = articles.prefetch_related(
            Prefetch("claims", queryset=Claim.objects.select_related("source").order_by("start", "end", "id"))
        )
    if sentences:
        articles = articles.prefetch_related(
            Prefetch("sentences", queryset=Sentence.objects.order_by("index"))
        )
    if not body:
        articles = articles.defer("body")
    article = articles.get()
    role_known(user=user, project_id=article.project_id, role=article.my_role)
    return article


def article_status_for_user(*, user: User | AnonymousUser, article_id: int) -> Article:
    """The article's split status and claim count (no body), or Article.DoesNotExist."""
    return (
        Article.objects.filter(pk=article_id, project__memberships__user_id=_user_id(user))
        .defer("body")
        .annotate(claim_count=Count("claims"))
        .get()
    )


def content_hashes(*, article_ids: list[int]) -> dict[str, int]:
    """{content hash: id} of the given articles."""
    return {h: pk for pk, h in Article.objects.filter(pk__in=article_ids).values_list("id", "content_hash")}


@dataclass(frozen=True)
class ResplitImpact:
    """What splitting an article again does to its claims."""

    kept: int  # claims analysts edited, added, reviewed or annotated: kept as they are
    removed: int  # claims analysts deleted, split or merged: stay removed
    replaced: int  # the engine's claims nobody touched: replaced by a fresh run

    @property
    def analysts_changed(self) -> bool:
        return bool(self.kept or self.removed)


def article_resplit_impact(*, article: Article) -> ResplitImpact:
    # "Untouched" as the split's store step deletes them (services.splitting._store_split).
    untouched = Q(origin=ClaimOrigin.EXTRACTED, status=ClaimStatus.UNREVIEWED) & ~Q(
        Exists(Annotation.objects.filter(claim=OuterRef("pk")))
    )
    counts = Claim.objects.filter(article=article).aggregate(
        total=Count("id"), untouched=Count("id", filter=untouched)
    )
    return ResplitImpact(
        kept=counts["total"] - counts["untouched"],
        # Edited claims are among the kept; their engine originals are not "removed".
        removed=ClaimTombstone.objects.filter(article=article).exclude(reason=ReplacedSpan.EDITED).count(),
        replaced=counts["untouched"],
    )


def article_split_counts(*, project: Project) -> dict[str, int]:
    rows = Article.objects.filter(project=project).values("split_status").annotate(n=Count("id"))
    return {row["split_status"]: row["n"] for row in rows}


def sources_for_project(*, project: Project, q: str = "", limit: int | None = None) -> QuerySet[Source]:
    """The project's sources by name; those matching `q` (name or normalised name), at most
    `limit` of them, when given."""
    sources = Source.objects.filter(project=project)
    if q.strip():
        sources = sources.filter(
            Q(name__icontains=q.strip()) | Q(normalized_name__icontains=q.strip().lower())
        )
    sources = sources.order_by("name")
    return sources[:limit] if limit is not None else sources


def source_for_user(*, user: User | AnonymousUser, source_id: int) -> Source:
    return Source.objects.get(pk=source_id, project__memberships__user_id=_user_id(user))


def claim_for_user(*, user: User | AnonymousUser, claim_id: int, body: bool = True) -> Claim:
    """The claim (with article, project, source, sentence and approver) and the caller's
    `my_role`, or Claim.DoesNotExist for outsiders. `body=False` leaves the article's body
    (up to a million characters) in the database, for the calls that never cut text from it."""
    claims = (
        Claim.objects.select_related("article__project", "source", "sentence", "verified_by")
        .filter(pk=claim_id, article__project__memberships__user_id=_user_id(user))
        .annotate(my_role=F("article__project__memberships__role"))
    )
    if not body:
        claims = claims.defer("article__body")
    claim = claims.get()
    role_known(user=user, project_id=claim.article.project_id, role=claim.my_role)
    return claim


def claim_to_annotate_for_user(*, user: User | AnonymousUser, claim_id: int) -> Claim:
    """The claim with its article (without the body) and project, and the caller's `my_role`,
    or Claim.DoesNotExist for outsiders: what an annotation's read or save needs, in one
    hand-written statement (``rows.claim_with_project``; ``claim_for_user`` also reads the
    source, sentence and approver, through the ORM)."""
    claim = rows.claim_with_project(claim_id=claim_id, member_id=_user_id(user))
    if claim is None:
        raise Claim.DoesNotExist("Claim matching query does not exist.")
    role_known(user=user, project_id=claim.article.project_id, role=claim.my_role)  # type: ignore[attr-defined]
    return claim


def claims_for_user(*, user: User | AnonymousUser, claim_ids: list[int]) -> list[Claim]:
    """Those of the claims the user may read, each with `my_role`."""
    return list(
        Claim.objects.filter(pk__in=claim_ids, article__project__memberships__user_id=_user_id(user))
        .annotate(my_role=F("article__project__memberships__role"))
        .select_related("article__project")
    )


def claims_for_project(*, project: Project) -> QuerySet[Claim]:
    # Not a join on the article for every claim: that would drag each article (and its body)
    # onto every claim row, which a list of ids does not need.
    return Claim.objects.filter(article__project=project).select_related("source")


def claims_for_article(*, article: Article) -> QuerySet[Claim]:
    return Claim.objects.filter(article=article).select_related("source")


def annotations_for_claim(*, claim: Claim) -> QuerySet[Annotation]:
    """Every review of the claim with its reviewer and the claim's evidence (callers apply the
    no-anchoring rule: ``other_annotations`` / ``may_see_others_annotations``)."""
    return (
        Annotation.objects.filter(claim=claim)
        .select_related("reviewer", "claim", "source")
        .prefetch_related(
            Prefetch(
                "claim__evidence",
                queryset=Evidence.objects.select_related("document", "added_by").order_by("created_at", "id"),
            )
        )
    )


def article_claim_ids(*, article_id: int) -> list[int]:
    """The article's claim ids in the order the claim list shows them."""
    return list(Claim.objects.filter(article_id=article_id).values_list("pk", flat=True))


def claim_following(*, claim: Claim) -> Claim | None:
    """The claim after this one in its article (what "merge with the next" merges into)."""
    return (
        Claim.objects.filter(article_id=claim.article_id)
        .filter(Q(start__gt=claim.start) | Q(start=claim.start, pk__gt=claim.pk))
        .order_by("start", "end", "id")
        .first()
    )


def tokens_of(*, user: User | AnonymousUser) -> QuerySet[ApiToken]:
    """The user's own API tokens (none for an anonymous caller)."""
    return ApiToken.objects.filter(user_id=user.pk if user.is_authenticated else 0)


def token_of(*, user: User | AnonymousUser, token_id: int) -> ApiToken:
    """One of the user's own tokens, or ApiToken.DoesNotExist."""
    return tokens_of(user=user).get(pk=token_id)


def annotation_of(*, claim: Claim, user: User | AnonymousUser) -> Annotation | None:
    """The user's own review of the claim, or None."""
    if not user.is_authenticated:
        return None
    return annotations_for_claim(claim=claim).filter(reviewer_id=user.pk).first()


@dataclass(frozen=True)
class Reader:
    """Who is reading, for the no-anchoring rule (``may_see_others_annotations``): a
    reviewer's verdicts stay hidden from other members until they have saved their own. Every
    read path that could reveal a verdict (the queue and its filters, exports) takes one."""

    user_id: int
    role: str | None

    @property
    def sees_everything(self) -> bool:
        return sees_all_reviews(self.role)

    @property
    def sees_decided(self) -> bool:
        return sees_decided_reviews(self.role)


def reader_for(*, user_id: int | None, project: Project | int, role: str | None = None) -> Reader:
    """The reader for a user in a project (role looked up unless given). No user, or a user
    who is no longer a member, reads as a stranger: nobody else's verdict."""
    if user_id is None:
        return Reader(user_id=0, role=None)
    if role is None:
        role = role_of_id(user_id=user_id, project_id=project if isinstance(project, int) else project.pk)
    return Reader(user_id=user_id, role=role)


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
    assigned_to: int | None = None  # user id: claims assigned to them, one by one or with their article
    unassigned: bool = False  # claims nobody is assigned (neither the claim nor its article)
    dismissed: str = ""  # "": check-worthy claims only; "only": the dismissed ones; "any": both


def nobody_assigned() -> Q:
    """Claims assigned to nobody: neither the claim nor its article."""
    return ~Q(Exists(Assignment.objects.filter(claim_id=OuterRef("pk")))) & ~Q(
        Exists(Assignment.objects.filter(article_id=OuterRef("article_id")))
    )


# The queue's "check-worthy" filter: dismissed claims are out of the queue (and exports and
# progress) unless asked for.
DISMISSED_CHOICES = [
    ("", "Check-worthy claims"),
    ("only", "Not check-worthy (dismissed)"),
    ("any", "Both"),
]


def assigned_to(user_id: int) -> Q:
    """Claims assigned to the user: the claim itself, or its whole article."""
    return Q(
        pk__in=Assignment.objects.filter(reviewer_id=user_id, claim__isnull=False).values("claim_id")
    ) | Q(
        article_id__in=Assignment.objects.filter(reviewer_id=user_id, article__isnull=False).values(
            "article_id"
        )
    )


def claims_queue(*, project: Project, filters: ClaimFilters, reader: Reader | None) -> QuerySet[Claim]:
    """The project's claims chosen by ``filters``, in the queue's default order. ``reader``
    applies the no-anchoring rule to the verdict filter (a reviewer's verdict only selects a
    claim for those who may see it); None is for administrators' commands only."""
    # Not the article bodies (megabytes; the queue shows titles): sorting rows that carry
    # them made a page of a 100k-claim project take 180 ms instead of 110.
    claims = (
        Claim.objects.filter(article__project=project)
        .select_related("article", "source")
        .defer("article__body")
    )
    if filters.q.strip():
        query = SearchQuery(filters.q.strip(), config="english", search_type="websearch")
        # The stored, GIN-indexed search_vector column (same configuration as the query).
        claims = claims.filter(search_vector=query)
    if filters.status:
        claims = claims.filter(status=filters.status)
    if filters.verdict:
        # The final verdict is the claim's own (public once decided); a reviewer's verdict
        # counts only where the reader may see it (may_see_others_annotations), or filtering
        # by verdict would reveal it. IN (subquery), not EXISTS: PostgreSQL hashes each once.
        given = Annotation.objects.filter(verdict=filters.verdict)
        if reader is None or reader.sees_everything:
            reviewed = Q(pk__in=given.values("claim_id"))
        else:
            # Claims the reader has reviewed too (their own verdict among them)...
            reviewed = Q(
                pk__in=given.filter(claim__annotations__reviewer_id=reader.user_id).values("claim_id")
            )
            if reader.sees_decided:
                # ...and, for editors and owners, disputed or decided claims.
                reviewed |= Q(status__in=DECIDED_OR_DISPUTED, pk__in=given.values("claim_id"))
        claims = claims.filter(Q(final_verdict=filters.verdict) | reviewed)
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
    if filters.dismissed == "only":
        claims = claims.filter(dismissed_at__isnull=False)
    elif filters.dismissed != "any":
        claims = claims.filter(dismissed_at__isnull=True)
    if filters.assigned_to is not None:
        claims = claims.filter(assigned_to(filters.assigned_to))
    if filters.unassigned:
        claims = claims.filter(nobody_assigned())
    return claims.order_by(*_order_by(QUEUE_SORTS[DEFAULT_SORT]))


# --- the queue, a page at a time ----------------------------------------------------------

# Each sort is a list of (field, descending), unique per row thanks to the final id, so a
# page can start right after the last row of the one before (keyset pagination: no OFFSET,
# the cost of a page does not grow with how far the analyst has paged).
_POSITION = [("article__created_at", True), ("article_id", False), ("start", False), ("id", False)]
QUEUE_SORTS: dict[str, list[tuple[str, bool]]] = {
    "position": _POSITION,  # newest article first, each in reading order
    "status": [("status_rank", False), *_POSITION],  # disputed, in review, unreviewed, verified
    "updated": [("updated_at", True), ("id", True)],  # most recently changed first
}
QUEUE_SORT_LABELS = {
    "position": "Newest article, in reading order",
    "status": "Status (disputed first)",
    "updated": "Recently changed",
}
DEFAULT_SORT = "position"
QUEUE_PAGE_SIZE = 100
_STATUS_ORDER = [ClaimStatus.DISPUTED, ClaimStatus.IN_REVIEW, ClaimStatus.UNREVIEWED, ClaimStatus.VERIFIED]


def _order_by(keys: list[tuple[str, bool]], *, reverse: bool = False) -> list[str]:
    return [f"{'-' if desc != reverse else ''}{field}" for field, desc in keys]


def _beyond(keys: list[tuple[str, bool]], values: list[Any], *, backwards: bool = False) -> Q:
    """The rows after ``values`` in the order ``keys`` (before them, ``backwards``):
    (a beyond x) or (a = x and b beyond y) or …"""
    beyond = Q(pk__in=[])
    for i, (field, desc) in enumerate(keys):
        equal = {name: value for (name, _), value in zip(keys[:i], values[:i], strict=True)}
        op = "lt" if desc != backwards else "gt"
        beyond |= Q(**equal, **{f"{field}__{op}": values[i]})
    return beyond


def _key_values(keys: list[tuple[str, bool]], claim: Claim) -> list[Any]:
    values = []
    for field, _ in keys:
        value: Any = claim
        for part in field.split("__"):
            value = getattr(value, part)
        values.append(value)
    return values


def _cursor(keys: list[tuple[str, bool]], claim: Claim) -> str:
    values = [v.isoformat() if isinstance(v, datetime) else v for v in _key_values(keys, claim)]
    return urlsafe_b64encode(json.dumps(values, separators=(",", ":")).encode()).decode().rstrip("=")


def _decode_cursor(keys: list[tuple[str, bool]], cursor: str) -> list[Any] | None:
    """The key values in a cursor, or None for one this sort cannot read (stale or forged)."""
    try:
        values = json.loads(urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        if not isinstance(values, list) or len(values) != len(keys):
            return None
        out: list[Any] = []
        for (field, _), value in zip(keys, values, strict=True):
            if field.endswith("_at"):
                parsed = datetime.fromisoformat(value)
                if parsed.tzinfo is None:
                    return None
                out.append(parsed)
            elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 2**63:
                out.append(value)
            else:
                return None
        return out
    except (ValueError, TypeError, binascii.Error):
        return None


@dataclass(frozen=True)
class QueuePage:
    claims: Sequence[Claim]
    total: int  # claims matching the filters, on every page
    first_index: int  # 1-based position of the first claim shown (0 when none)
    sort: str
    next_cursor: str | None  # ?after=… for the next page
    previous_cursor: str | None  # ?before=… for the previous page


def _ranked(claims: QuerySet[Claim]) -> QuerySet[Claim]:
    """With ``status_rank``, the status sort's key (disputed first)."""
    return claims.annotate(
        status_rank=Case(
            *(When(status=status, then=Value(rank)) for rank, status in enumerate(_STATUS_ORDER)),
            default=Value(len(_STATUS_ORDER)),
            output_field=IntegerField(),
        )
    )


def queue_neighbours(
    *, project: Project, filters: ClaimFilters, reader: Reader | None, sort: str, claim: Claim
) -> tuple[Claim | None, Claim | None]:
    """The claims right before and right after ``claim`` in the queue chosen by ``filters``
    and ``sort`` (the desk's previous/next keys walk it). Two queries; the claim itself need
    not match the filters any more (annotating it may take it out of "waiting for me")."""
    keys = QUEUE_SORTS.get(sort) or QUEUE_SORTS[DEFAULT_SORT]
    matching = _ranked(claims_queue(project=project, filters=filters, reader=reader))
    rank = {str(status): i for i, status in enumerate(_STATUS_ORDER)}
    claim.status_rank = rank.get(claim.status, len(_STATUS_ORDER))  # type: ignore[attr-defined]
    values = _key_values(keys, claim)
    following = matching.filter(_beyond(keys, values)).order_by(*_order_by(keys)).first()
    previous = (
        matching.filter(_beyond(keys, values, backwards=True))
        .order_by(*_order_by(keys, reverse=True))
        .first()
    )
    return previous, following


def claims_queue_page(
    *,
    project: Project,
    filters: ClaimFilters,
    reader: Reader | None,
    sort: str = DEFAULT_SORT,
    after: str = "",
    before: str = "",
    size: int = QUEUE_PAGE_SIZE,
) -> QueuePage:
    """One page of the queue in ``sort`` order: the first, or the one right after the
    ``after`` cursor (right before ``before``). Three queries however deep the page: the
    page, the total, and (past the first page) how many come before it. A cursor that
    cannot be read starts from the first page."""
    keys = QUEUE_SORTS.get(sort) or QUEUE_SORTS[DEFAULT_SORT]
    sort = sort if sort in QUEUE_SORTS else DEFAULT_SORT
    matching = _ranked(claims_queue(project=project, filters=filters, reader=reader))
    after_values = _decode_cursor(keys, after) if after else None
    before_values = _decode_cursor(keys, before) if before and after_values is None else None
    if before_values is not None:
        rows = list(
            matching.filter(_beyond(keys, before_values, backwards=True)).order_by(
                *_order_by(keys, reverse=True)
            )[: size + 1]
        )
        more_before, rows = len(rows) > size, rows[:size][::-1]
        more_after = True
    else:
        query = matching.order_by(*_order_by(keys))
        if after_values is not None:
            query = query.filter(_beyond(keys, after_values))
        rows = list(query[: size + 1])
        more_after, rows = len(rows) > size, rows[:size]
        more_before = after_values is not None
    total = matching.count()
    first_index = 0
    if rows:
        first_index = 1
        if more_before:
            before_first = _beyond(keys, _key_values(keys, rows[0]), backwards=True)
            first_index += matching.filter(before_first).count()
            more_before = first_index > 1
    return QueuePage(
        claims=rows,
        total=total,
        first_index=first_index,
        sort=sort,
        next_cursor=_cursor(keys, rows[-1]) if rows and more_after else None,
        previous_cursor=_cursor(keys, rows[0]) if rows and more_before else None,
    )


@dataclass(frozen=True)
class ProjectOverview:
    split_counts: dict[str, int]
    status_counts: dict[str, int]
    verdict_counts: dict[str, int]
    reviewer_counts: list[tuple[str, int]]
    claim_total: int


def project_overview(*, project: Project) -> ProjectOverview:
    # Claims dismissed as not check-worthy do not count (the queue's filter shows them).
    claims = Claim.objects.filter(article__project=project, dismissed_at__isnull=True)
    status_counts = {r["status"]: r["n"] for r in claims.values("status").annotate(n=Count("id"))}
    verdict_counts = {
        r["final_verdict"]: r["n"]
        for r in claims.exclude(final_verdict="").values("final_verdict").annotate(n=Count("id"))
    }
    reviewers = (
        Annotation.objects.filter(claim__article__project=project, claim__dismissed_at__isnull=True)
        .values("reviewer_id")
        .annotate(name=display_name_sql("reviewer__"), n=Count("id"))
        .order_by("-n", "name")
    )
    return ProjectOverview(
        split_counts=article_split_counts(project=project),
        status_counts=status_counts,
        verdict_counts=verdict_counts,
        reviewer_counts=[(r["name"], r["n"]) for r in reviewers],
        claim_total=sum(status_counts.values()),
    )


@dataclass(frozen=True)
class ReviewerProgress:
    user_id: int
    username: str
    name: str
    assigned: int  # claims assigned to them (one by one or with their article), not dismissed
    annotated: int  # of those, the ones they have annotated
    verified: int  # of those, the verified ones
    median_seconds: float | None  # import (article created) to verified, over those verified
    p90_seconds: float | None


@dataclass(frozen=True)
class Progress:
    reviewers: list[ReviewerProgress]
    verified: int  # the project's verified claims (not dismissed)
    median_seconds: float | None  # import to verified, over all of them
    p90_seconds: float | None


_PROGRESS_SQL = """
WITH assigned AS (
    SELECT a.reviewer_id, a.claim_id FROM annotations_assignment a
     WHERE a.project_id = %(project)s AND a.claim_id IS NOT NULL
    UNION
    SELECT a.reviewer_id, c.id FROM annotations_assignment a
      JOIN annotations_claim c ON c.article_id = a.article_id
     WHERE a.project_id = %(project)s AND a.article_id IS NOT NULL
)
SELECT s.reviewer_id,
       count(*),
       count(n.id),
       count(*) FILTER (WHERE c.status = %(verified)s),
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
           ORDER BY EXTRACT(EPOCH FROM c.verified_at - ar.created_at)
       ) FILTER (WHERE c.status = %(verified)s)
  FROM assigned s
  JOIN annotations_claim c ON c.id = s.claim_id
  JOIN annotations_article ar ON ar.id = c.article_id
  LEFT JOIN annotations_annotation n ON n.claim_id = c.id AND n.reviewer_id = s.reviewer_id
 WHERE c.dismissed_at IS NULL
 GROUP BY s.reviewer_id
"""

_OVERALL_SQL = """
SELECT count(*),
       percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (
           ORDER BY EXTRACT(EPOCH FROM c.verified_at - ar.created_at)
       )
  FROM annotations_claim c
  JOIN annotations_article ar ON ar.id = c.article_id
 WHERE ar.project_id = %(project)s AND c.status = %(verified)s AND c.dismissed_at IS NULL
"""


def _quantiles(values: list[float] | None) -> tuple[float | None, float | None]:
    if not values:
        return None, None
    return values[0], values[1]


def project_progress(*, project: Project) -> Progress:
    """Per reviewer: claims assigned, annotated, verified, and the time from a claim's import
    (its article's creation) to its verification, median and 90th percentile; the same
    times over the whole project. Computed by PostgreSQL (percentile_cont) in two queries
    plus the member list; dismissed claims do not count. Listed: the project's reviewers,
    and anyone else who has assignments."""
    params: dict[str, int | str] = {"project": project.pk, "verified": str(ClaimStatus.VERIFIED)}
    with connection.cursor() as cursor:
        cursor.execute(_PROGRESS_SQL, params)
        rows = {row[0]: row[1:] for row in cursor.fetchall()}
        cursor.execute(_OVERALL_SQL, params)
        verified, overall = cursor.fetchone()
    members = (
        Membership.objects.filter(project=project)
        .filter(Q(role=Role.REVIEWER) | Q(user_id__in=list(rows)))
        .annotate(name=display_name_sql("user__"))
        .values_list("user_id", "user__username", "name")
    )
    reviewers = []
    for user_id, username, name in members:
        assigned, annotated, done, times = rows.get(user_id, (0, 0, 0, None))
        median, p90 = _quantiles(times)
        reviewers.append(ReviewerProgress(user_id, username, name, assigned, annotated, done, median, p90))
    reviewers.sort(key=lambda r: (-r.assigned, r.name.casefold(), r.user_id))
    median, p90 = _quantiles(overall)
    return Progress(reviewers=reviewers, verified=verified, median_seconds=median, p90_seconds=p90)


def assignments_for_project(
    *,
    project: Project,
    reviewer_id: int | None = None,
    claim_id: int | None = None,
    article_id: int | None = None,
) -> QuerySet[Assignment]:
    """The project's assignments (claims and whole articles), oldest first."""
    rows = Assignment.objects.filter(project=project).select_related("reviewer", "assigned_by")
    if reviewer_id is not None:
        rows = rows.filter(reviewer_id=reviewer_id)
    if claim_id is not None:
        rows = rows.filter(claim_id=claim_id)
    if article_id is not None:
        rows = rows.filter(article_id=article_id)
    return rows.order_by("id")


def assignable_members(*, project: Project) -> list[tuple[int, str]]:
    """Members who review claims (owners, editors, reviewers) as (user id, display name),
    reviewers first: whom an editor may assign claims to."""
    rows = (
        Membership.objects.filter(project=project, role__in=[Role.REVIEWER, Role.EDITOR, Role.OWNER])
        .annotate(name=display_name_sql("user__"))
        .values_list("user_id", "name", "role")
    )
    return [
        (user_id, name)
        for user_id, name, _ in sorted(rows, key=lambda r: (r[2] != Role.REVIEWER, r[1].casefold()))
    ]


def assignees_of(*, claims: Sequence[Claim]) -> dict[int, list[str]]:
    """Who each claim is assigned to (itself or with its article), by display name: one query."""
    claim_ids = [c.pk for c in claims]
    article_ids = {c.article_id for c in claims}
    rows = (
        Assignment.objects.filter(Q(claim_id__in=claim_ids) | Q(article_id__in=article_ids))
        .annotate(name=display_name_sql("reviewer__"))
        .values_list("claim_id", "article_id", "name")
    )
    by_claim: dict[int, set[str]] = {}
    by_article: dict[int, set[str]] = {}
    for claim_id, article_id, name in rows:
        if claim_id:
            by_claim.setdefault(claim_id, set()).add(name)
        else:
            by_article.setdefault(article_id, set()).add(name)
    return {
        c.pk: sorted(by_claim.get(c.pk, set()) | by_article.get(c.article_id, set()), key=str.casefold)
        for c in claims
    }


def claim_texts(*, project: Project, claim_ids: Sequence[int]) -> dict[int, str]:
    """The texts of the project's claims among these ids (to name them in messages)."""
    if not claim_ids:
        return {}
    return dict(
        Claim.objects.filter(article__project=project, pk__in=list(claim_ids)).values_list("pk", "text")
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
    order = project.scale.order()
    rows = Annotation.objects.filter(claim__article__project=project).values_list(
        "claim_id", "reviewer__username", "verdict", "source_reliability", "information_credibility"
    )
    result = agreement(rows.iterator(chunk_size=5000), order)
    # Computed per username (display names need not be unique), shown by display name.
    names = dict(
        get_user_model()
        .objects.filter(username__in={name for pair in result.pairs for name in pair[:2]})
        .values_list("username", display_name_sql())
    )
    return replace(result, pairs=[(names.get(a, a), names.get(b, b), pair) for a, b, pair in result.pairs])


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
        role = role_of(user=user, project=claim.article.project_id)
    return may_see_others_reviews(role=role, has_own=has_own, status=claim.status)


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
        .order_by("created_at")
    )


# --- evidence ---------------------------------------------------------------------


def evidence_visible(
    *, claim: Claim, user: User | AnonymousUser, has_own: bool | None = None, role: str | None = None
) -> QuerySet[Evidence]:
    """The claim's evidence this user may read: what they added, and the others' once they
    may see the others' reviews (the no-anchoring rule, ``may_see_others_annotations``: the
    pages another reviewer cites, and how, say what they think)."""
    if not user.is_authenticated:
        return Evidence.objects.none()
    rows = Evidence.objects.filter(claim=claim).select_related("document", "added_by")
    if not may_see_others_annotations(claim=claim, user=user, has_own=has_own, role=role):
        rows = rows.filter(added_by_id=user.pk)
    return rows


def evidence_for_claim(
    *, claim: Claim, user: User | AnonymousUser, has_own: bool | None = None, role: str | None = None
) -> list[Evidence]:
    """``evidence_visible``, oldest first."""
    return list(
        evidence_visible(claim=claim, user=user, has_own=has_own, role=role).order_by("created_at", "id")
    )


def evidence_item_for_user(*, user: User | AnonymousUser, evidence_id: int) -> Evidence:
    """One citation the user may read (with its claim, project and document), or
    Evidence.DoesNotExist: outsiders, and citations the no-anchoring rule still hides."""
    if not user.is_authenticated:
        raise Evidence.DoesNotExist
    evidence = (
        Evidence.objects.select_related("claim__article__project", "document", "added_by")
        .filter(pk=evidence_id, claim__article__project__memberships__user=user)
        .get()
    )
    if evidence.added_by_id != user.pk and not may_see_others_annotations(claim=evidence.claim, user=user):
        raise Evidence.DoesNotExist
    return evidence


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


# --- public fact-check pages (no sign-in: only what an editor published) ----------


def publication_of(*, claim: Claim) -> Publication | None:
    """The claim's publication, live or withdrawn, for the desk (editors see its state)."""
    return Publication.objects.filter(claim_id=claim.pk).first()


def publication_by_slug(*, slug: str) -> Publication | None:
    """The publication at a public address, live or withdrawn (a withdrawn page answers 410)."""
    return Publication.objects.filter(slug=slug).first()


def live_publications(*, project_slug: str) -> QuerySet[Publication]:
    """A project's live fact-check pages, newest first: slugs and snapshots only."""
    return Publication.objects.filter(live=True, claim__article__project__slug=project_slug).only(
        "slug", "review", "published_at"
    )


def public_path(slug: str) -> str:
    return reverse("annotations:published-check", args=[slug])


def public_claim_urls(*, project: Project) -> dict[int, str]:
    """Claim id → absolute public page URL of the project's live publications, from
    CLAIMDESK_PUBLIC_BASE_URL; empty when it is unset (there is no request to take it from)."""
    base = settings.CLAIMDESK_PUBLIC_BASE_URL
    if not base:
        return {}
    rows = Publication.objects.filter(live=True, claim__article__project=project).values_list(
        "claim_id", "slug"
    )
    return {claim_id: base + public_path(slug) for claim_id, slug in rows}


def published_reports_for_project(*, project: Project) -> QuerySet[PublishedReport]:
    """The project's published reports, live and withdrawn, newest first, with how many claims
    each holds (the editor's choice) and who published it last."""
    return (
        PublishedReport.objects.filter(project=project)
        .select_related("published_by")
        .annotate(claim_count=Count("claims"))
        .defer("content")
    )


def published_report_for_project(*, project: Project, report_id: int) -> PublishedReport:
    """One of the project's published reports (``DoesNotExist`` for another project's id)."""
    return PublishedReport.objects.select_related("project").get(project=project, pk=report_id)


def published_report_by_slug(*, slug: str) -> PublishedReport | None:
    """The report at a public address, live or withdrawn (a withdrawn page answers 410)."""
    return PublishedReport.objects.filter(slug=slug).first()


def live_published_reports(*, project_slug: str) -> QuerySet[PublishedReport]:
    """A project's live published reports, newest first: what the public index lists."""
    return PublishedReport.objects.filter(live=True, project__slug=project_slug).only(
        "slug", "title", "published_at"
    )


def report_public_path(slug: str) -> str:
    return reverse("annotations:published-report", args=[slug])


def live_claim_paths(*, claim_ids: Sequence[int]) -> dict[int, str]:
    """Claim id -> the public page's path, for those of the claims that are published (live)."""
    rows = Publication.objects.filter(live=True, claim_id__in=claim_ids).values_list("claim_id", "slug")
    return {claim_id: public_path(slug) for claim_id, slug in rows}


def report_candidates(*, project: Project, filters: ClaimFilters, reader: Reader, limit: int) -> list[Claim]:
    """The verified claims with a final verdict an editor may put in a published report,
    chosen by the queue's filters (the status is always verified), in the queue's order."""
    claims = claims_queue(
        project=project, filters=replace(filters, status=ClaimStatus.VERIFIED), reader=reader
    )
    return list(claims.exclude(final_verdict="")[:limit])


def invitations_pending(*, project: Project) -> QuerySet[Invitation]:
    """The project's pending invitations as the owners typed them (never who matched)."""
    return (
        Invitation.objects.filter(project=project).select_related("invited_by").order_by("-created_at", "-id")
    )


def invitations_for(*, user: User) -> QuerySet[Invitation]:
    """The invitations addressed to this account."""
    return (
        Invitation.objects.filter(invitee=user, invitee__is_active=True)
        .select_related("project", "invited_by")
        .order_by("-created_at", "-id")
    )
