"""Publishing a verified claim as a public fact-check page (``/fact-checks/<slug>/``) and
taking it down. Owners and editors publish (``Action.APPROVE``); only a verified claim with
a final verdict, in a project with a publisher URL (the ClaimReview's ``author``).

The page shows a snapshot taken here, the claim's ClaimReview as the export builds it
(``exports.claimreview.claim_review`` over ``exports.records``): the claim, the verdict,
the final note (else the merged rationale), who made the claim and where it appeared, the
publisher. No reviewer, no other claim. Edits in the desk reach the page only when it is
published again, which refreshes the snapshot at the same address.

A published report (``/fact-checks/reports/<slug>/``) is the same for verified claims an editor
chose together: a title, the editor's summary (Markdown, sanitised when shown) and, per claim,
the same ClaimReview snapshot with the claim's source chain and its evidence's capture (when the
cited page was fetched and the hash of what it said). No reviewer, no claim the editor did not
choose, nothing of another project."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations.exports.claimreview import ClaimReviewError, claim_review, publisher
from annotations.exports.records import Record, iter_records
from annotations.markdown import MAX_MARKDOWN_CHARS
from annotations.models import Claim, ClaimStatus, Project, Publication, PublishedReport
from annotations.permissions import Action, require

SLUG_WORDS_CHARS = 60


def _new_slug(text: str) -> str:
    """The claim's first words and a random suffix: readable, and never taken by another claim."""
    words = slugify(text)[:SLUG_WORDS_CHARS].rstrip("-") or "claim"
    return f"{words}-{secrets.token_hex(4)}"


def _author(project: Project) -> dict[str, Any]:
    """The ClaimReview's ``author`` (the desk), or the reason it cannot publish."""
    try:
        return publisher(project)
    except ClaimReviewError as exc:
        raise ValidationError(str(exc)) from None


def _review(record: Record, *, author: dict[str, Any], project: Project) -> dict[str, Any]:
    """The claim's ClaimReview as a page embeds it, without ``url`` (the page's own address,
    filled in when it is served). The record is of a verified claim with a final verdict."""
    review = claim_review(record, author=author, scale=project.scale)
    assert review is not None  # verified with a verdict, checked by the caller
    del review["url"]
    return review


@transaction.atomic
def claim_publish(*, claim: Claim, user: User) -> Publication:
    """Publish the claim's fact-check page, or refresh a live one with the desk's current
    state. The address stays the same across unpublish and publish."""
    require(user=user, project=claim.article.project_id, action=Action.APPROVE)
    claim = Claim.objects.select_for_update().select_related("article__project").get(pk=claim.pk)
    if claim.status != ClaimStatus.VERIFIED or not claim.final_verdict:
        raise ValidationError(
            f"Only a verified claim with a final verdict can be published; this one is "
            f"{claim.get_status_display().lower()}."
        )
    project = claim.article.project
    author = _author(project)
    record = next(iter_records(Claim.objects.filter(pk=claim.pk), project=project))
    review = _review(record, author=author, project=project)
    now = timezone.now()
    publication, _ = Publication.objects.update_or_create(
        claim=claim,
        defaults={
            "live": True,
            "review": review,
            "published_by": user,
            "published_at": now,
            "unpublished_at": None,
        },
        create_defaults={
            "slug": _new_slug(claim.text),
            "live": True,
            "review": review,
            "published_by": user,
            "published_at": now,
        },
    )
    return publication


@transaction.atomic
def claim_unpublish(*, claim: Claim, user: User) -> Publication | None:
    """Take the claim's page down (it answers 410 Gone; the snapshot is dropped). None when
    the claim was never published; unpublishing twice changes nothing."""
    require(user=user, project=claim.article.project_id, action=Action.APPROVE)
    publication = Publication.objects.select_for_update().filter(claim_id=claim.pk).first()
    if publication is not None:
        _take_down(publication, snapshot="review")
    return publication


def _take_down(page: Publication | PublishedReport, *, snapshot: str) -> None:
    """Unpublish a locked page: not live, its snapshot (the JSON field named) dropped. A page
    already down is left as it is."""
    if not page.live:
        return
    page.live = False
    setattr(page, snapshot, {})
    page.unpublished_at = timezone.now()
    page.save(update_fields=["live", snapshot, "unpublished_at"])


# --- published reports ------------------------------------------------------------------

# Claims one report may hold (its page is one HTML document; a desk's report is tens).
MAX_REPORT_CLAIMS = 500
TITLE_MAX_CHARS = PublishedReport._meta.get_field("title").max_length or 200


def _report_text(*, title: str, summary: str) -> tuple[str, str]:
    if "\x00" in title or "\x00" in summary:
        raise ValidationError("A report's title and summary are text; this looks like a binary file.")
    title, summary = " ".join(title.split()), summary.replace("\r\n", "\n").strip()
    if not title:
        raise ValidationError("A published report needs a title.")
    if len(title) > TITLE_MAX_CHARS:
        raise ValidationError(f"The title is longer than {TITLE_MAX_CHARS} characters.")
    if len(summary) > MAX_MARKDOWN_CHARS:
        raise ValidationError(f"The summary is longer than {MAX_MARKDOWN_CHARS:,} characters.")
    return title, summary


def _evidence(record: Record, review: dict[str, Any]) -> list[dict[str, Any]]:
    """The claim's evidence as the page lists it: each cited page once (the ClaimReview's
    ``citation``: URL, title, stance) with when it was captured and the sha256 of what it
    said then. Never who added it, never their note."""
    captures = {}
    for evidence in record.get("evidence", []):
        capture = evidence.get("capture") or {}
        if capture.get("status") == "captured" and evidence["url"] not in captures:
            captures[evidence["url"]] = {
                "captured_at": capture.get("fetched_at") or "",
                "content_hash": capture.get("content_hash") or "",
            }
    return [{**citation, **captures.get(citation["url"], {})} for citation in review.get("citation", [])]


def _report_content(*, project: Project, claim_ids: list[int]) -> dict[str, Any]:
    """The page's snapshot of the chosen claims, in the queue's order (newest article first,
    each in reading order). Every id must be a verified claim of the project with a final
    verdict, otherwise nothing is published and the error says which."""
    ids = sorted(set(claim_ids))
    if not ids:
        raise ValidationError("Choose at least one verified claim to publish.")
    if len(ids) > MAX_REPORT_CLAIMS:
        raise ValidationError(
            f"A published report holds at most {MAX_REPORT_CLAIMS} claims; {len(ids)} chosen."
        )
    claims = Claim.objects.filter(article__project=project, pk__in=ids).order_by(
        "-article__created_at", "article_id", "start", "id"
    )
    found = set(claims.values_list("pk", flat=True))
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise ValidationError(f"No such claim in this project: {', '.join(map(str, missing))}.")
    unverified = list(
        claims.exclude(status=ClaimStatus.VERIFIED, final_verdict__gt="").values_list("text", flat=True)[:5]
    )
    if unverified:
        shown = "; ".join(f"\u201c{text[:80]}\u201d" for text in unverified)
        raise ValidationError(
            f"Only verified claims with a final verdict can be published; not verified: {shown}."
        )
    author = _author(project)
    entries = []
    for record in iter_records(claims, project=project):
        review = _review(record, author=author, project=project)
        entries.append(
            {
                "claim": record["id"],
                "anchor": f"claim-{record['id']}",
                "review": review,
                "source_chain": record["attribution"]["speaker_chain"],
                "evidence": _evidence(record, review),
            }
        )
    return {"author": author, "claims": entries}


@transaction.atomic
def report_publish(
    *, project: Project, user: User, title: str, claim_ids: list[int], summary: str = ""
) -> PublishedReport:
    """Publish the chosen verified claims of the project as one public page, at a new address."""
    require(user=user, project=project, action=Action.APPROVE)
    title, summary = _report_text(title=title, summary=summary)
    content = _report_content(project=project, claim_ids=claim_ids)
    report = PublishedReport.objects.create(
        project=project,
        slug=_new_slug(title),
        title=title,
        summary=summary,
        live=True,
        content=content,
        published_by=user,
        published_at=timezone.now(),
    )
    report.claims.set(sorted(set(claim_ids)))
    return report


@transaction.atomic
def report_republish(
    *,
    report: PublishedReport,
    user: User,
    title: str | None = None,
    summary: str | None = None,
    claim_ids: list[int] | None = None,
) -> PublishedReport:
    """Publish the report again at the same address: a new snapshot of its claims (or of the
    claims, title and summary given instead), live again if it was unpublished. Twice in a row
    gives the same page."""
    require(user=user, project=report.project_id, action=Action.APPROVE)
    report = PublishedReport.objects.select_for_update().select_related("project").get(pk=report.pk)
    title, summary = _report_text(
        title=report.title if title is None else title, summary=report.summary if summary is None else summary
    )
    ids = list(report.claims.values_list("pk", flat=True)) if claim_ids is None else claim_ids
    report.content = _report_content(project=report.project, claim_ids=ids)
    report.title, report.summary = title, summary
    report.live = True
    report.published_by = user
    report.published_at = timezone.now()
    report.unpublished_at = None
    report.save()
    report.claims.set(sorted(set(ids)))
    return report


@transaction.atomic
def report_unpublish(*, report: PublishedReport, user: User) -> PublishedReport:
    """Take the report's page down (it answers 410 Gone; the snapshot is dropped, the chosen
    claims are kept for a later publish). Unpublishing twice changes nothing."""
    require(user=user, project=report.project_id, action=Action.APPROVE)
    report = PublishedReport.objects.select_for_update().get(pk=report.pk)
    _take_down(report, snapshot="content")
    return report
