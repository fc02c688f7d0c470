"""Analysts fixing the extraction: edit, split, merge, add and delete claims. Offsets always
stay inside the article body; every change is kept in the claim history."""

from __future__ import annotations

import re
from collections.abc import Sequence

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from annotations.models import (
    Annotation,
    Article,
    Claim,
    ClaimOrigin,
    ClaimStatus,
    ClaimTombstone,
    ReplacedSpan,
    Sentence,
    SourceKind,
    Stance,
    normalize_source_name,
)
from annotations.permissions import Action, approval_refusal, require
from annotations.services.assignments import assignments_carry
from annotations.services.sources import sources_resolve

MAX_CLAIM_CHARS = 5000


def _clean_text(text: str) -> str:
    text = " ".join(text.split())
    if not text:
        raise ValidationError({"text": "A claim needs some text."})
    if len(text) > MAX_CLAIM_CHARS:
        raise ValidationError({"text": f"A claim is at most {MAX_CLAIM_CHARS} characters."})
    return text


def _trimmed_span(body: str, start: int, end: int) -> tuple[int, int]:
    if not (0 <= start < end <= len(body)):
        raise ValidationError({"start": f"The span {start}–{end} is outside the article (0–{len(body)})."})
    while start < end and body[start].isspace():
        start += 1
    while end > start and body[end - 1].isspace():
        end -= 1
    if start == end:
        raise ValidationError({"start": "The selected text is only whitespace."})
    return start, end


def _sentence_at(article: Article, offset: int) -> Sentence | None:
    return Sentence.objects.filter(article=article, start__lte=offset, end__gt=offset).first()


def _save(claim: Claim, user: User | None, reason: str, fields: Sequence[str] | None = None) -> None:
    # simple_history reads these to record who changed the claim and why.
    claim._history_user = user  # type: ignore[attr-defined]
    claim._change_reason = reason  # type: ignore[attr-defined]
    if fields is None:
        claim.save()
    else:
        claim.save(update_fields=[*fields, "updated_at"])


@transaction.atomic
def claim_edit_text(*, claim: Claim, text: str, user: User) -> Claim:
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    claim = Claim.objects.select_for_update().get(pk=claim.pk)
    new_text = _clean_text(text)
    if new_text == claim.text:
        return claim
    _bury([claim], ReplacedSpan.EDITED, user)
    claim.text = new_text
    if claim.origin == ClaimOrigin.EXTRACTED:
        claim.origin = ClaimOrigin.EDITED
    _save(claim, user, "edited text", ["text", "origin"])
    return claim


@transaction.atomic
def claim_add(*, article: Article, start: int, end: int, user: User, text: str = "") -> Claim:
    """A claim the engine missed, grounded in the selected text [start, end)."""
    require(user=user, project=article.project_id, action=Action.ANNOTATE)
    start, end = _trimmed_span(article.body, start, end)
    outlet_source = None
    if article.outlet:
        outlet_source = sources_resolve(
            project_id=article.project_id, names=[(article.outlet, SourceKind.OUTLET)]
        ).get(normalize_source_name(article.outlet))
    claim = Claim(
        article=article,
        sentence=_sentence_at(article, start),
        start=start,
        end=end,
        text=_clean_text(text or article.body[start:end]),
        origin=ClaimOrigin.MANUAL,
        source=outlet_source,
    )
    _save(claim, user, "added by hand")
    return claim


# An analyst's speaker or cue is looked for in the article this far around the claim: the
# engine's speaker can sit in an earlier sentence (a running quotation, "he" resolved to a name).
ATTRIBUTION_WINDOW_CHARS = 600
MAX_SPEAKER_CHARS = 500  # Claim.speaker_text
MAX_CUE_CHARS = 200  # Claim.cue_text


def _clean_name(value: str, *, field: str, what: str, limit: int) -> str:
    """A speaker or cue as typed: whitespace collapsed; "" clears it. Names, not markup or
    binary: angle brackets and control characters are refused with the reason."""
    value = " ".join(value.split())
    if len(value) > limit:
        raise ValidationError({field: f"A {what} is at most {limit} characters."})
    if "<" in value or ">" in value:
        raise ValidationError({field: f"A {what} is plain text: no < or > (no HTML)."})
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        raise ValidationError({field: f"A {what} cannot contain control characters."})
    return value


def _locate(body: str, text: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the article says `text` (case and line breaks aside, whole words) nearest the
    claim [start, end), within ``ATTRIBUTION_WINDOW_CHARS`` of it; None when it does not."""
    words = text.split()
    if not words:
        return None
    pattern = re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, words)) + r"(?!\w)", re.IGNORECASE)
    lo = max(0, start - ATTRIBUTION_WINDOW_CHARS)
    hi = min(len(body), end + ATTRIBUTION_WINDOW_CHARS)
    best: tuple[int, int, int] | None = None
    for match in pattern.finditer(body, lo, hi):
        distance = max(0, start - match.end(), match.start() - end)
        if best is None or distance < best[0]:
            best = (distance, match.start(), match.end())
    return None if best is None else (best[1], best[2])


def _placed(body: str, text: str, start: int, end: int) -> tuple[int | None, int | None, str]:
    """(start, end, text) for a typed speaker or cue: the article's own words at its offsets
    when the article says it near the claim, else the typed text without offsets."""
    span = _locate(body, text, start, end)
    if span is None:
        return None, None, text
    return span[0], span[1], body[span[0] : span[1]]


@transaction.atomic
def claim_edit_attribution(
    *,
    claim: Claim,
    user: User,
    speaker: str | None = None,
    cue: str | None = None,
    stance: str | None = None,
) -> Claim:
    """An analyst corrects who said the claim, the cue and the stance. ``None`` leaves a
    field as it is; ``""`` clears the speaker or the cue. A speaker or cue the article says
    near the claim gets its offsets (highlighted in the text); one it does not say is kept as
    text with no offsets. The linked Source follows the speaker (``sources_resolve``, as for
    the engine's speakers; no speaker: the outlet's own claim), and the analyst's speaker
    replaces the engine's chain of cited sources. The claim becomes "edited", so splitting
    the article again keeps it and does not bring the engine's reading back beside it. Safe
    to run twice: the same values change nothing."""
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    article = claim.article
    changed: list[str] = []
    fields: list[str] = []
    if stance is not None and stance != claim.stance:
        if stance not in Stance.values:
            raise ValidationError({"stance": f"Stance is one of {', '.join(Stance.values)}, not {stance!r}."})
        claim.stance = stance
        changed.append("stance")
        fields.append("stance")
    if speaker is not None:
        speaker = _clean_name(speaker, field="speaker", what="speaker", limit=MAX_SPEAKER_CHARS)
        found_at = _placed(article.body, speaker, claim.start, claim.end)
        current = (claim.speaker_start, claim.speaker_end, claim.speaker_text)
        # The speaker as shown, sent back unchanged, keeps the engine's span.
        if speaker != " ".join(claim.speaker_text.split()) and found_at != current:
            claim.speaker_start, claim.speaker_end, claim.speaker_text = found_at
            claim.attribution_chain = []
            name, kind = (speaker, SourceKind.UNKNOWN) if speaker else (article.outlet, SourceKind.OUTLET)
            found = sources_resolve(project_id=article.project_id, names=[(name, kind)]) if name else {}
            claim.source = found.get(normalize_source_name(name)) if name else None
            changed.append("speaker")
            fields += ["speaker_start", "speaker_end", "speaker_text", "attribution_chain", "source"]
    if cue is not None:
        cue = _clean_name(cue, field="cue", what="cue", limit=MAX_CUE_CHARS)
        found_at = _placed(article.body, cue, claim.start, claim.end)
        if cue != " ".join(claim.cue_text.split()) and found_at != (
            claim.cue_start,
            claim.cue_end,
            claim.cue_text,
        ):
            claim.cue_start, claim.cue_end, claim.cue_text = found_at
            changed.append("cue")
            fields += ["cue_start", "cue_end", "cue_text"]
    if not changed:
        return claim
    _bury([claim], ReplacedSpan.EDITED, user)
    if claim.origin == ClaimOrigin.EXTRACTED:
        claim.origin = ClaimOrigin.EDITED
        fields.append("origin")
    _save(claim, user, f"edited {', '.join(changed)}", fields)
    return claim


def _bury(claims: Sequence[Claim], reason: str, user: User | None) -> None:
    """Remember the engine's claims among these, as the engine made them, before an analyst
    replaces them (edit, split, merge, delete): splitting the article again must not bring
    them back (``splitting._store_split``). Claims analysts made or changed already were
    remembered when their engine original was first replaced."""
    ClaimTombstone.objects.bulk_create(
        [
            ClaimTombstone(
                article_id=c.article_id,
                start=c.start,
                end=c.end,
                text=c.text,
                reason=reason,
                claim_id_was=c.pk,
                created_by=user,
            )
            for c in claims
            if c.origin == ClaimOrigin.EXTRACTED
        ]
    )


def _refuse_if_annotated(claim: Claim, what: str) -> None:
    if claim.annotations.exists() or claim.status != ClaimStatus.UNREVIEWED:
        raise ValidationError(f"Claim {claim.pk} already has reviews; {what} it would detach them.")


@transaction.atomic
def claim_split(*, claim: Claim, at: int, user: User) -> tuple[Claim, Claim]:
    """Split the claim's grounding span at body offset `at`; both halves keep the attribution."""
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    _refuse_if_annotated(claim, "splitting")
    body = claim.article.body
    if not (claim.start < at < claim.end):
        raise ValidationError(
            {"at": f"Split point {at} must fall inside the claim ({claim.start}–{claim.end})."}
        )
    first_span = _trimmed_span(body, claim.start, at)
    second_span = _trimmed_span(body, at, claim.end)
    _bury([claim], ReplacedSpan.SPLIT, user)
    second = Claim.objects.get(pk=claim.pk)
    second.pk = None
    second.id = None
    second.start, second.end = second_span
    second.text = _clean_text(body[second.start : second.end])
    second.origin = ClaimOrigin.EDITED
    second.sentence = _sentence_at(claim.article, second.start)
    _save(second, user, f"split from claim {claim.pk}")
    # Both halves stay in the queues of whoever the claim was assigned to.
    assignments_carry(
        from_claim_ids=[claim.pk], to_claim=second, user=user, reason=f"split from claim {claim.pk}"
    )
    claim.start, claim.end = first_span
    claim.text = _clean_text(body[claim.start : claim.end])
    claim.origin = ClaimOrigin.EDITED
    _save(claim, user, "split", ["start", "end", "text", "origin"])
    return claim, second


@transaction.atomic
def claim_merge(*, claims: Sequence[Claim], user: User) -> Claim:
    """Merge claims of one article into the first (by position); the others are deleted."""
    if len(claims) < 2:
        raise ValidationError("Pick at least two claims to merge.")
    rows = list(
        Claim.objects.select_for_update().select_related("article").filter(pk__in=[c.pk for c in claims])
    )
    if len(rows) != len({c.pk for c in claims}) or len({c.article_id for c in rows}) != 1:
        raise ValidationError("Only claims of the same article can be merged.")
    require(user=user, project=rows[0].article.project_id, action=Action.ANNOTATE)
    rows.sort(key=lambda c: (c.start, c.end, c.pk))
    keep, rest = rows[0], rows[1:]
    for other in rest:
        _refuse_if_annotated(other, "merging")
    _bury(rows, ReplacedSpan.MERGED, user)
    body = keep.article.body
    keep.end = max(c.end for c in rows)
    keep.text = _clean_text(body[keep.start : keep.end])
    keep.origin = ClaimOrigin.EDITED
    _save(keep, user, f"merged with {', '.join(str(c.pk) for c in rest)}", ["end", "text", "origin"])
    # Whoever had a merged claim has the merged one.
    assignments_carry(
        from_claim_ids=[c.pk for c in rest], to_claim=keep, user=user, reason=f"merged into {keep.pk}"
    )
    for other in rest:
        other._history_user = user  # type: ignore[attr-defined]
        other._change_reason = f"merged into {keep.pk}"  # type: ignore[attr-defined]
        other.delete()
    return keep


@transaction.atomic
def claim_delete(*, claim: Claim, user: User) -> None:
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    current = Claim.objects.select_for_update().filter(pk=claim.pk).first()
    if current is None:
        return  # deleted already
    claim = current
    _bury([claim], ReplacedSpan.DELETED, user)
    claim._history_user = user  # type: ignore[attr-defined]
    claim._change_reason = "deleted"  # type: ignore[attr-defined]
    claim.delete()


def derive_claim_status(
    *, verdicts: Sequence[str], reviews: int, required_agreeing: int, requires_approval: bool, approved: bool
) -> str:
    """The project's verification rule. `verdicts` are the reviewers' non-empty verdicts,
    `reviews` the number of annotations (some may have no verdict yet)."""
    if approved:
        return ClaimStatus.VERIFIED
    if len(set(verdicts)) > 1:
        return ClaimStatus.DISPUTED
    if verdicts and len(verdicts) >= required_agreeing and not requires_approval:
        return ClaimStatus.VERIFIED
    return ClaimStatus.IN_REVIEW if reviews else ClaimStatus.UNREVIEWED


def claim_refresh_status(*, claim: Claim) -> Claim:
    """Recompute the status from the annotations under the project's policy. Writes (and
    records history) only when the status or the final verdict changes."""
    project = claim.article.project
    # One query for both: the verdicts and how many annotations there are (on every save:
    # written out, not built by the ORM).
    with connection.cursor() as cursor:
        table = Annotation._meta.db_table
        cursor.execute(f"SELECT verdict FROM {table} WHERE claim_id = %s", [claim.pk])  # noqa: S608 - the model's table
        given = [verdict for (verdict,) in cursor.fetchall()]
    verdicts = [v for v in given if v]
    approved = claim.verified_by_id is not None and bool(claim.final_verdict)
    status = derive_claim_status(
        verdicts=verdicts,
        reviews=len(given),
        required_agreeing=project.required_agreeing_reviews,
        requires_approval=project.requires_editor_approval,
        approved=approved,
    )
    final_verdict, verified_at = claim.final_verdict, claim.verified_at
    if status == ClaimStatus.VERIFIED and not approved:
        if claim.status != ClaimStatus.VERIFIED or claim.final_verdict != verdicts[0]:
            final_verdict, verified_at = verdicts[0], timezone.now()
    elif status != ClaimStatus.VERIFIED and claim.final_verdict:
        final_verdict, verified_at = "", None
    if (status, final_verdict) == (claim.status, claim.final_verdict):
        return claim
    fields = ["status"]
    if final_verdict != claim.final_verdict:
        fields += ["final_verdict", "verified_at"]
    claim.status, claim.final_verdict, claim.verified_at = status, final_verdict, verified_at
    _save(claim, None, f"status {status}", fields)
    return claim


@transaction.atomic
def claim_approve(*, claim: Claim, editor: User, verdict: str, note: str = "") -> Claim:
    """An editor approves a verdict (or resolves a dispute) with a final verdict and a note:
    a second pair of eyes on other reviewers' work, within the project's policy
    (``permissions.approval_refusal`` says who may approve what)."""
    role = require(user=editor, project=claim.article.project_id, action=Action.APPROVE)
    claim = Claim.objects.select_for_update().select_related("article__project").get(pk=claim.pk)
    project = claim.article.project
    if verdict not in project.verdict_values():
        raise ValidationError({"verdict": f"{verdict!r} is not on this project's rating scale."})
    refusal = approval_refusal(
        role=role,
        approver_id=editor.pk,
        reviews=claim.annotations.order_by().values_list("reviewer_id", "verdict"),
        required_agreeing=project.required_agreeing_reviews,
        verdict=verdict,
    )
    if refusal:
        raise ValidationError(refusal)
    claim.final_verdict = verdict
    claim.final_note = note.strip()
    claim.verified_by = editor
    claim.verified_at = timezone.now()
    claim.status = ClaimStatus.VERIFIED
    _save(claim, editor, "approved", ["final_verdict", "final_note", "verified_by", "verified_at", "status"])
    return claim


@transaction.atomic
def claim_link_same(*, claim: Claim, same_as: Claim | None, user: User) -> Claim:
    """Link a claim to the same claim seen earlier in the project (or unlink with None).
    Links point at the root of a chain, so a claim is checked once, in one place."""
    require(user=user, project=claim.article.project_id, action=Action.ANNOTATE)
    claim = Claim.objects.select_for_update().select_related("article").get(pk=claim.pk)
    root = None
    if same_as is not None:
        root = Claim.objects.select_related("article").get(pk=same_as.pk)
        seen = {claim.pk}
        while root.same_as_id is not None and root.pk not in seen:
            seen.add(root.pk)
            root = Claim.objects.select_related("article").get(pk=root.same_as_id)
        if root.article.project_id != claim.article.project_id:
            raise ValidationError("Claims of another project cannot be linked.")
        if root.pk == claim.pk:
            raise ValidationError("A claim cannot be the same as itself.")
    claim.same_as = root
    _save(claim, user, f"same as {root.pk}" if root else "unlinked", ["same_as"])
    return claim
