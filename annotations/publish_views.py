"""Publishing from the desk (an editor's Publish / Unpublish buttons in the claim panel) and
the public fact-check pages: what editors published (``services.publishing``), readable
without signing in. They render the snapshot taken at publication and nothing else: no
desk header, no names of reviewers, no other claim. A withdrawn page answers 410 Gone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors
from annotations.exports.claimreview import CONTEXT, script_safe_json
from annotations.exports.links import safe_href
from annotations.models import Claim
from annotations.permissions import Action, require
from annotations.services.publishing import claim_publish, claim_unpublish
from annotations.views import _back_to, _claim, _user


def _editor_claim(request: HttpRequest, claim_id: int) -> tuple[Claim, User]:
    """The claim if the user is an owner or editor of its project (404 outside it, 403 below)."""
    claim, _ = _claim(request, claim_id)
    require(user=request.user, project=claim.article.project_id, action=Action.APPROVE)
    return claim, _user(request)


@login_required
@require_POST
def claim_publish_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, user = _editor_claim(request, claim_id)
    try:
        publication = claim_publish(claim=claim, user=user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, f"Published at {request.build_absolute_uri(selectors.public_path(publication.slug))}"
        )
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_unpublish_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, user = _editor_claim(request, claim_id)
    claim_unpublish(claim=claim, user=user)
    messages.success(request, "Unpublished: the public page now says the fact check was withdrawn.")
    return _back_to(claim, claim.pk)


@require_GET
def published_check(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_by_slug(slug=slug)
    if publication is None:
        raise Http404("No such fact check")
    if not publication.live:
        return render(request, "public/withdrawn.html", status=410)
    url = request.build_absolute_uri(selectors.public_path(publication.slug))
    review: dict[str, Any] = {"@context": CONTEXT, **publication.review, "url": url}
    appearance = review["itemReviewed"]["appearance"]
    return render(
        request,
        "public/check.html",
        {
            "review": review,
            "url": url,
            "jsonld": script_safe_json(review),
            "publisher_href": safe_href(review["author"].get("url", "")),
            "appearance_href": safe_href(appearance.get("url", "")),
            # The evidence the editor published with the claim, each a link shown as its URL.
            "citations": [
                dict(c, href=safe_href(c.get("url", "")))
                for c in review.get("citation", [])
                if safe_href(c.get("url", ""))
            ],
        },
    )


@require_GET
def published_index(request: HttpRequest, project_slug: str) -> HttpResponse:
    """A project's live fact checks; 404 when it has none (nothing says the project exists)."""
    publications = list(selectors.live_publications(project_slug=project_slug))
    if not publications:
        raise Http404("No fact checks published here")
    author = publications[0].review["author"]
    return render(
        request,
        "public/index.html",
        {
            "publications": publications,
            "publisher": author.get("name", ""),
            "publisher_href": safe_href(author.get("url", "")),
        },
    )
