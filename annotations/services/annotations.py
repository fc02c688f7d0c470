"""Reviewers' judgements of claims."""

from __future__ import annotations

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from annotations import rows
from annotations.models import (
    Annotation,
    Claim,
    Confidence,
    InformationCredibility,
    Source,
    SourceKind,
    SourceReliability,
)
from annotations.permissions import Action, require
from annotations.services.claims import claim_refresh_status
from annotations.services.evidence import EvidenceInput, evidence_replace_mine
from annotations.services.sources import sources_resolve

__all__ = ["EvidenceInput", "annotation_save"]


@transaction.atomic
def annotation_save(
    *,
    claim: Claim,
    reviewer: User,
    source_id: int | None = None,
    source_name: str = "",
    source_reliability: str = "",
    information_credibility: int | None = None,
    confidence: str = "",
    verdict: str = "",
    rationale: str = "",
    evidence: Sequence[EvidenceInput] | None = None,
) -> Annotation:
    """Create or replace the reviewer's annotation of the claim (one per reviewer), then
    recompute the claim's status. The source is the project's source `source_id`, or the one
    named `source_name` (found by name or alias, created when new: what a reviewer types in the
    panel). ``evidence`` becomes the reviewer's evidence on the claim (services.evidence: the
    claim's, cited by this reviewer); None leaves it alone."""
    project = claim.article.project
    require(user=reviewer, project=project, action=Action.ANNOTATE)
    errors: dict[str, str] = {}
    source = None
    if source_id is not None:
        # Only the project's own sources: another project's id is "not found", not borrowed.
        source = Source.objects.filter(pk=source_id, project=project).first()
        if source is None:
            errors["source"] = "No such source in this project."
    elif source_name.strip():
        found = sources_resolve(project_id=project.pk, names=[(source_name, SourceKind.UNKNOWN)])
        source = next(iter(found.values()), None)
    if source_reliability and source_reliability not in SourceReliability.values:
        errors["source_reliability"] = "Use an Admiralty grade A–F."
    if information_credibility is not None and information_credibility not in InformationCredibility.values:
        errors["information_credibility"] = "Use an Admiralty credibility 1–6."
    if confidence and confidence not in Confidence.values:
        errors["confidence"] = "Use low, moderate or high."
    if verdict and verdict not in project.verdict_values():
        errors["verdict"] = f"Use one of: {', '.join(project.verdict_values())}."
    if len(rationale) > 20000:
        errors["rationale"] = "At most 20,000 characters."
    if errors:
        raise ValidationError(errors)

    annotation = _annotation_locked(claim_id=claim.pk, reviewer_id=reviewer.pk)
    if annotation is None:
        annotation = Annotation(claim=claim, reviewer=reviewer)
    # The caller's objects: callers reading them (the API's answer) need no query.
    annotation.claim = claim
    annotation.reviewer = reviewer
    annotation.source = source
    annotation.source_reliability = source_reliability
    annotation.information_credibility = information_credibility
    annotation.confidence = confidence
    annotation.verdict = verdict
    annotation.rationale = rationale.strip()
    annotation._history_user = reviewer  # type: ignore[attr-defined]
    annotation.save()
    if evidence is not None:
        evidence_replace_mine(claim=claim, user=reviewer, items=list(evidence))
    # The lock needs the claim row and the policy the project's, never the article's body (up
    # to a million characters); one hand-written statement (rows.claim_with_project).
    locked = rows.claim_with_project(claim_id=claim.pk, lock=True)
    if locked is None:
        raise Claim.DoesNotExist("Claim matching query does not exist.")
    claim_refresh_status(claim=locked)
    return annotation


def _annotation_locked(*, claim_id: int, reviewer_id: int) -> Annotation | None:
    """The reviewer's annotation of the claim, locked (FOR UPDATE), or None."""
    columns = rows.columns(Annotation)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns.select('x')} FROM {Annotation._meta.db_table} x"  # noqa: S608 - names from the model
            " WHERE x.claim_id = %s AND x.reviewer_id = %s FOR UPDATE",
            [claim_id, reviewer_id],
        )
        row = cursor.fetchone()
    return None if row is None else columns.build(row)
