"""Owners and editors give claims, or whole articles, to the project's reviewers: to one or
several reviewers each, or dealt round-robin. An article's assignment covers the claims it
has and any a later split or an analyst adds (``models.Assignment``). Safe to run twice:
an assignment that exists is kept, never duplicated, and a round-robin deal only tops up
items that have fewer than ``per_item`` assignees."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, TextChoices
from simple_history.utils import bulk_create_with_history

from annotations.models import Article, Assignment, Claim, Membership, Project, Role
from annotations.permissions import ALLOWED, Action, require
from annotations.services.accounts import display_name_sql

# Items (claims plus articles) one request may name: the queue's page is 100 claims.
MAX_ITEMS = 500
MAX_PER_ITEM = 10


class AssignMode(TextChoices):
    EACH = "each", "Each chosen reviewer gets every item"
    ROUND_ROBIN = "round_robin", "Round-robin: dealt in turn"


class ItemKind(TextChoices):
    CLAIM = "claim", "Claim"
    ARTICLE = "article", "Article"


@dataclass(frozen=True)
class ItemResult:
    """What a bulk action did to one item: ``ok`` False when it was refused (``detail`` says
    why), True when it was done or already so."""

    kind: str
    id: int
    ok: bool
    detail: str


NOT_FOUND = "No such {kind} in this project."


def clean_ids(ids: Sequence[int], *, what: str) -> list[int]:
    """Unique ids in the order given, at most MAX_ITEMS, or a clear ValidationError."""
    unique = list(dict.fromkeys(ids))
    if len(unique) > MAX_ITEMS:
        raise ValidationError(f"At most {MAX_ITEMS} {what} at a time; {len(unique)} were sent.")
    if any(isinstance(i, bool) or not isinstance(i, int) or not 0 < i < 2**63 for i in unique):
        raise ValidationError(f"{what.capitalize()} are named by their ids (whole numbers).")
    return unique


def _pool(*, project: Project, reviewer_ids: Sequence[int] | None, mode: str) -> list[tuple[int, str]]:
    """The assignees as (user id, display name), in a stable order. None or empty for a
    round-robin deal means every member with the reviewer role."""
    members = Membership.objects.filter(project=project).annotate(name=display_name_sql("user__"))
    if not reviewer_ids:
        if mode != AssignMode.ROUND_ROBIN:
            raise ValidationError("Choose the reviewers to assign to.")
        rows = list(members.filter(role=Role.REVIEWER).values_list("user_id", "name", "role"))
        if not rows:
            raise ValidationError("This project has no reviewers to deal claims to; invite some first.")
    else:
        wanted = list(dict.fromkeys(reviewer_ids))
        if len(wanted) > 200:
            raise ValidationError("At most 200 reviewers at a time.")
        rows = list(members.filter(user_id__in=wanted).values_list("user_id", "name", "role"))
        if len(rows) != len(wanted):
            raise ValidationError("Only members of this project can be assigned claims.")
    may_annotate = ALLOWED[Action.ANNOTATE]
    refused = sorted(name for _, name, role in rows if role not in may_annotate)
    if refused:
        raise ValidationError(f"Viewers do not review claims: {', '.join(refused)}.")
    return sorted(((user_id, name) for user_id, name, _ in rows), key=lambda r: (r[1].casefold(), r[0]))


def _items(
    *, project: Project, claim_ids: list[int], article_ids: list[int]
) -> tuple[list[tuple[str, int]], list[ItemResult]]:
    """The project's items among those named, in the order named, and a refusal for each
    id that is not the project's (the same answer for another project's and for none)."""
    found_claims = set(
        Claim.objects.filter(article__project=project, pk__in=claim_ids).values_list("pk", flat=True)
    )
    found_articles = set(
        Article.objects.filter(project=project, pk__in=article_ids).values_list("pk", flat=True)
    )
    items: list[tuple[str, int]] = []
    missing: list[ItemResult] = []
    for kind, ids, found in (
        (ItemKind.CLAIM, claim_ids, found_claims),
        (ItemKind.ARTICLE, article_ids, found_articles),
    ):
        for pk in ids:
            if pk in found:
                items.append((kind, pk))
            else:
                missing.append(ItemResult(kind, pk, False, NOT_FOUND.format(kind=kind)))
    return items, missing


def _existing(project: Project, items: list[tuple[str, int]]) -> dict[tuple[str, int], set[int]]:
    claims = [pk for kind, pk in items if kind == ItemKind.CLAIM]
    articles = [pk for kind, pk in items if kind == ItemKind.ARTICLE]
    have: dict[tuple[str, int], set[int]] = defaultdict(set)
    rows = Assignment.objects.filter(project=project).filter(
        Q(claim_id__in=claims) | Q(article_id__in=articles)
    )
    for claim_id, article_id, reviewer_id in rows.values_list("claim_id", "article_id", "reviewer_id"):
        key = (ItemKind.CLAIM, claim_id) if claim_id else (ItemKind.ARTICLE, article_id)
        have[key].add(reviewer_id)
    return have


def _names(ids: Sequence[int], names: dict[int, str]) -> str:
    return ", ".join(sorted((names[i] for i in ids), key=str.casefold))


@transaction.atomic
def assignments_add(
    *,
    project: Project,
    user: User,
    reviewer_ids: Sequence[int] | None = None,
    claim_ids: Sequence[int] = (),
    article_ids: Sequence[int] = (),
    mode: str = AssignMode.EACH,
    per_item: int = 1,
) -> list[ItemResult]:
    """Assign claims and articles. ``each``: every reviewer in ``reviewer_ids`` gets every
    item. ``round_robin``: each item gets ``per_item`` reviewers, dealt in turn from
    ``reviewer_ids`` (default: the project's reviewers), starting with whoever has the
    fewest assignments; an item counts the assignees it has already."""
    require(user=user, project=project, action=Action.ASSIGN)
    if mode not in AssignMode.values:
        raise ValidationError(f"mode must be one of {', '.join(AssignMode.values)}.")
    if isinstance(per_item, bool) or not isinstance(per_item, int) or not 1 <= per_item <= MAX_PER_ITEM:
        raise ValidationError(f"per_item must be a whole number from 1 to {MAX_PER_ITEM}.")
    claims = clean_ids(claim_ids, what="claims")
    articles = clean_ids(article_ids, what="articles")
    if len(claims) + len(articles) > MAX_ITEMS:
        raise ValidationError(f"At most {MAX_ITEMS} claims and articles at a time.")
    pool = _pool(project=project, reviewer_ids=reviewer_ids, mode=mode)
    names = dict(pool)
    # One deal at a time per project, so two editors dealing at once do not both pick the
    # least-loaded reviewer, and never insert the same pair twice.
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk").first()
    items, results = _items(project=project, claim_ids=claims, article_ids=articles)
    have = _existing(project, items)
    rotation = [user_id for user_id, _ in pool]
    if mode == AssignMode.ROUND_ROBIN:
        load = dict(
            Assignment.objects.filter(project=project, reviewer_id__in=rotation)
            .values_list("reviewer_id")
            .annotate(n=Count("id"))
            .values_list("reviewer_id", "n")
        )
        order = {user_id: i for i, user_id in enumerate(rotation)}
        rotation.sort(key=lambda r: (load.get(r, 0), order[r]))
    turn = 0
    new: list[Assignment] = []
    for kind, pk in items:
        already = have[(kind, pk)]
        if mode == AssignMode.EACH:
            chosen = [r for r in rotation if r not in already]
        else:
            chosen = []
            candidates = [r for r in rotation if r not in already]
            need = min(per_item - len(already), len(candidates))
            while len(chosen) < need:
                reviewer = rotation[turn % len(rotation)]
                turn += 1
                if reviewer not in already and reviewer not in chosen:
                    chosen.append(reviewer)
        for reviewer in chosen:
            new.append(
                Assignment(
                    project=project,
                    claim_id=pk if kind == ItemKind.CLAIM else None,
                    article_id=pk if kind == ItemKind.ARTICLE else None,
                    reviewer_id=reviewer,
                    assigned_by=user,
                )
            )
        if chosen:
            detail = f"Assigned to {_names(chosen, names)}."
        else:
            known = {r: names.get(r) for r in already}
            detail = "Already assigned" + (
                f" to {', '.join(sorted((n for n in known.values() if n), key=str.casefold))}."
                if any(known.values())
                else "."
            )
        results.append(ItemResult(kind, pk, True, detail))
    if new:
        bulk_create_with_history(new, Assignment, default_user=user, default_change_reason="assigned")
    return results


@transaction.atomic
def assignments_remove(
    *,
    project: Project,
    user: User,
    reviewer_ids: Sequence[int] | None = None,
    claim_ids: Sequence[int] = (),
    article_ids: Sequence[int] = (),
) -> list[ItemResult]:
    """Take items off reviewers' queues (``reviewer_ids`` None: off everyone's). A claim
    also covered by its article's assignment stays in that reviewer's queue until the
    article is unassigned; the result says so."""
    require(user=user, project=project, action=Action.ASSIGN)
    claims = clean_ids(claim_ids, what="claims")
    articles = clean_ids(article_ids, what="articles")
    if len(claims) + len(articles) > MAX_ITEMS:
        raise ValidationError(f"At most {MAX_ITEMS} claims and articles at a time.")
    items, results = _items(project=project, claim_ids=claims, article_ids=articles)
    rows = Assignment.objects.select_for_update().filter(project=project)
    if reviewer_ids is not None:
        rows = rows.filter(reviewer_id__in=list(reviewer_ids))
    rows = rows.filter(
        Q(claim_id__in=[pk for kind, pk in items if kind == ItemKind.CLAIM])
        | Q(article_id__in=[pk for kind, pk in items if kind == ItemKind.ARTICLE])
    )
    removed: dict[tuple[str, int], int] = defaultdict(int)
    for assignment in rows:
        key = (
            (ItemKind.CLAIM, assignment.claim_id)
            if assignment.claim_id
            else (ItemKind.ARTICLE, assignment.article_id)
        )
        assignment._history_user = user  # type: ignore[attr-defined]
        assignment._change_reason = "unassigned"  # type: ignore[attr-defined]
        assignment.delete()
        removed[key] += 1  # type: ignore[index]
    via_article = set(
        Claim.objects.filter(
            pk__in=[pk for kind, pk in items if kind == ItemKind.CLAIM],
            article__assignments__isnull=False,
        ).values_list("pk", flat=True)
    )
    for kind, pk in items:
        n = removed[(kind, pk)]
        detail = f"Unassigned ({n} reviewer{'s' if n != 1 else ''})." if n else "Was not assigned."
        if kind == ItemKind.CLAIM and pk in via_article:
            detail += " Its article is still assigned; unassign the article to take it off those queues."
        results.append(ItemResult(kind, pk, True, detail))
    return results


def assignments_carry(
    *, from_claim_ids: Sequence[int], to_claim: Claim, user: User | None, reason: str
) -> int:
    """Give ``to_claim`` the assignees of ``from_claim_ids`` it does not have yet: the second
    half of a split claim, or the claim others were merged into, stays in the same reviewers'
    queues. Called inside the claim services (the analyst who splits or merges may annotate).
    Returns how many assignments were added."""
    project_id = Article.objects.filter(pk=to_claim.article_id).values_list("project_id", flat=True).get()
    if user is not None:
        require(user=user, project=project_id, action=Action.ANNOTATE)
    have = set(Assignment.objects.filter(claim=to_claim).values_list("reviewer_id", flat=True))
    carried: dict[int, int | None] = {}
    for reviewer_id, assigned_by_id in Assignment.objects.filter(
        claim_id__in=list(from_claim_ids)
    ).values_list("reviewer_id", "assigned_by_id"):
        if reviewer_id not in have:
            carried.setdefault(reviewer_id, assigned_by_id)
    if not carried:
        return 0
    bulk_create_with_history(
        [
            Assignment(project_id=project_id, claim=to_claim, reviewer_id=r, assigned_by_id=by)
            for r, by in carried.items()
        ],
        Assignment,
        default_user=user,
        default_change_reason=reason,
    )
    return len(carried)
