"""Publishing a verified claim as a public fact-check page (``/fact-checks/<slug>/``) and
taking it down. Owners and editors publish (``Action.APPROVE``); only a verified claim with
a final verdict, in a project with a publisher URL (the ClaimReview's ``author``).

The page shows a snapshot taken here, the claim's ClaimReview as the export builds it
(``exports.claimreview.claim_review`` over ``exports.records``): the claim, the verdict,
the final note (else the merged rationale), who made the claim and where it appeared, the
publisher. No reviewer, no other claim. Edits in the desk reach the page only when it is
published again, which refreshes the snapshot at the same address."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from annotations.exports.claimreview import ClaimReviewError, claim_review, publisher
from annotations.exports.records import iter_records
from annotations.models import Claim, ClaimStatus, Publication
from annotations.permissions import Action, require

SLUG_WORDS_CHARS = 60


def _new_slug(text: str) -> str:
    """The claim's first words and a random suffix: readable, and never taken by another claim."""
    words = slugify(text)[:SLUG_WORDS_CHARS].rstrip("-") or "claim"
    return f"{words}-{secrets.token_hex(4)}"


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
    try:
        author = publisher(project)
    except ClaimReviewError as exc:
        raise ValidationError(str(exc)) from None
    record = next(iter_records(Claim.objects.filter(pk=claim.pk), project=project))
    review = claim_review(record, author=author, scale=project.scale)
    assert review is not None  # verified with a verdict, checked above
    del review["url"]  # the page's own address, filled in when it is served
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
    if publication is None or not publication.live:
        return publication
    publication.live = False
    publication.review = {}
    publication.unpublished_at = timezone.now()
    publication.save(update_fields=["live", "review", "unpublished_at"])
    return publication
