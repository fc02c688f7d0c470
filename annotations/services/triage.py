"""Bulk triage of the queue: dismiss claims as not check-worthy (with a reason), restore
them, and approve several claims whose reviewers agree. Each claim gets its own result;
one refusal never stops the others. Safe to run twice: a claim already dismissed,
restored or approved with that verdict is left as it is."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from annotations.models import Annotation, Claim, Project
from annotations.permissions import Action, require
from annotations.services.assignments import NOT_FOUND, ItemKind, ItemResult, clean_ids
from annotations.services.claims import claim_approve

MAX_REASON_CHARS = 500


def _claims(project: Project, ids: list[int], *, lock: bool) -> dict[int, Claim]:
    rows = Claim.objects.filter(article__project=project, pk__in=ids)
    if lock:
        rows = rows.select_for_update(of=("self",))
    return {c.pk: c for c in rows}


def _missing(pk: int) -> ItemResult:
    return ItemResult(ItemKind.CLAIM, pk, False, NOT_FOUND.format(kind=ItemKind.CLAIM))


def _save(claim: Claim, user: User, reason: str) -> None:
    claim._history_user = user  # type: ignore[attr-defined]
    claim._change_reason = reason  # type: ignore[attr-defined]
    claim.save(update_fields=["dismissed_reason", "dismissed_by", "dismissed_at", "updated_at"])


@transaction.atomic
def claims_dismiss(
    *, project: Project, user: User, claim_ids: Sequence[int], reason: str
) -> list[ItemResult]:
    """Mark claims not check-worthy. They leave the default queue, progress and reports
    (the queue's "not check-worthy" filter shows them) until restored; the history keeps
    who dismissed them, when and why."""
    require(user=user, project=project, action=Action.ASSIGN)
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationError({"reason": "Say why these claims are not check-worthy."})
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError({"reason": f"A reason is at most {MAX_REASON_CHARS} characters."})
    ids = clean_ids(claim_ids, what="claims")
    claims = _claims(project, ids, lock=True)
    now = timezone.now()
    results = []
    for pk in ids:
        claim = claims.get(pk)
        if claim is None:
            results.append(_missing(pk))
            continue
        if claim.dismissed_at is not None:
            results.append(
                ItemResult(ItemKind.CLAIM, pk, True, f"Already dismissed: {claim.dismissed_reason}")
            )
            continue
        claim.dismissed_reason, claim.dismissed_by, claim.dismissed_at = reason, user, now
        _save(claim, user, f"dismissed: {reason}"[:100])
        results.append(ItemResult(ItemKind.CLAIM, pk, True, "Dismissed as not check-worthy."))
    return results


@transaction.atomic
def claims_restore(*, project: Project, user: User, claim_ids: Sequence[int]) -> list[ItemResult]:
    """Bring dismissed claims back into the queue, progress and reports."""
    require(user=user, project=project, action=Action.ASSIGN)
    ids = clean_ids(claim_ids, what="claims")
    claims = _claims(project, ids, lock=True)
    results = []
    for pk in ids:
        claim = claims.get(pk)
        if claim is None:
            results.append(_missing(pk))
            continue
        if claim.dismissed_at is None:
            results.append(ItemResult(ItemKind.CLAIM, pk, True, "Not dismissed."))
            continue
        claim.dismissed_reason, claim.dismissed_by, claim.dismissed_at = "", None, None
        _save(claim, user, "restored")
        results.append(ItemResult(ItemKind.CLAIM, pk, True, "Restored."))
    return results


def claims_approve(*, project: Project, user: User, claim_ids: Sequence[int]) -> list[ItemResult]:
    """Approve each claim with the verdict its reviewers agree on, through ``claim_approve``
    one claim at a time, so the second-pair-of-eyes rule (``permissions.approval_refusal``)
    decides for each: a refused claim is reported with the reason and left unchanged. Claims
    whose reviewers disagree, or that nobody has given a verdict yet, are refused: they need
    a decision in the panel, not agreement."""
    require(user=user, project=project, action=Action.APPROVE)
    ids = clean_ids(claim_ids, what="claims")
    claims = _claims(project, ids, lock=False)
    verdicts: dict[int, set[str]] = {pk: set() for pk in claims}
    for claim_id, verdict in (
        Annotation.objects.filter(claim_id__in=list(claims))
        .exclude(verdict="")
        .values_list("claim_id", "verdict")
    ):
        verdicts[claim_id].add(verdict)
    results = []
    for pk in ids:
        claim = claims.get(pk)
        if claim is None:
            results.append(_missing(pk))
            continue
        given = verdicts[pk]
        if claim.dismissed_at is not None:
            results.append(
                ItemResult(ItemKind.CLAIM, pk, False, "Dismissed as not check-worthy; restore it first.")
            )
            continue
        if not given:
            results.append(ItemResult(ItemKind.CLAIM, pk, False, "No reviewer has given a verdict yet."))
            continue
        if len(given) > 1:
            results.append(
                ItemResult(
                    ItemKind.CLAIM,
                    pk,
                    False,
                    "The reviewers disagree; settle the dispute in the claim's panel.",
                )
            )
            continue
        verdict = next(iter(given))
        if claim.verified_by_id is not None and claim.final_verdict == verdict:
            results.append(ItemResult(ItemKind.CLAIM, pk, True, "Already approved."))
            continue
        try:
            claim_approve(claim=claim, editor=user, verdict=verdict)
        except ValidationError as exc:
            results.append(ItemResult(ItemKind.CLAIM, pk, False, " ".join(exc.messages)))
        else:
            results.append(ItemResult(ItemKind.CLAIM, pk, True, f"Approved ({verdict})."))
    return results
