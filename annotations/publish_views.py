"""Publishing from the desk (an editor's Publish / Unpublish buttons in the claim panel, and
the project's *Published* page for reports of several claims) and the public fact-check
pages: what editors published (``services.publishing``), readable without signing in. They
render the snapshot taken at publication and nothing else: no desk header, no names of
reviewers, no other claim. A withdrawn page answers 410 Gone."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import selectors
from annotations.exports.claimreview import CONTEXT, script_safe_json
from annotations.exports.links import safe_href
from annotations.forms import PublishedReportForm, QueueForm
from annotations.markdown import render_markdown
from annotations.models import Claim, Project, PublishedReport
from annotations.permissions import Action, require
from annotations.services.accounts import display_name
from annotations.services.publishing import (
    claim_publish,
    claim_unpublish,
    report_publish,
    report_republish,
    report_unpublish,
)
from annotations.views import _back_to, _claim, _perms, _project, _user


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


def _shown(review: dict[str, Any], evidence: list[dict[str, Any]]) -> dict[str, Any]:
    """What a published claim's template needs besides its ClaimReview: the article's link
    and the evidence, each a link shown as its URL (only http(s) ones)."""
    return {
        "appearance_href": safe_href(review["itemReviewed"]["appearance"].get("url", "")),
        "citations": [
            dict(c, href=safe_href(c.get("url", ""))) for c in evidence if safe_href(c.get("url", ""))
        ],
    }


@require_GET
def published_check(request: HttpRequest, slug: str) -> HttpResponse:
    publication = selectors.publication_by_slug(slug=slug)
    if publication is None:
        raise Http404("No such fact check")
    if not publication.live:
        return render(request, "public/withdrawn.html", status=410)
    url = request.build_absolute_uri(selectors.public_path(publication.slug))
    review: dict[str, Any] = {"@context": CONTEXT, **publication.review, "url": url}
    return render(
        request,
        "public/check.html",
        {
            "review": review,
            "url": url,
            "jsonld": script_safe_json(review),
            "publisher_href": safe_href(review["author"].get("url", "")),
            **_shown(review, review.get("citation", [])),
        },
    )


@require_GET
def published_report(request: HttpRequest, slug: str) -> HttpResponse:
    """A published report: the editor's title and summary, then each chosen claim with its
    ClaimReview embedded. A claim that also has its own live page gets that page as its
    ClaimReview ``url``; the others get the anchor of their section on this page."""
    report = selectors.published_report_by_slug(slug=slug)
    if report is None:
        raise Http404("No such report")
    if not report.live:
        return render(request, "public/withdrawn.html", status=410)
    url = request.build_absolute_uri(selectors.report_public_path(report.slug))
    entries = report.content["claims"]
    own_pages = selectors.live_claim_paths(claim_ids=[entry["claim"] for entry in entries])
    claims = []
    for entry in entries:
        own_page = own_pages.get(entry["claim"])
        review_url = request.build_absolute_uri(own_page) if own_page else f"{url}#{entry['anchor']}"
        review: dict[str, Any] = {"@context": CONTEXT, **entry["review"], "url": review_url}
        claims.append(
            {
                "anchor": entry["anchor"],
                "review": review,
                "jsonld": script_safe_json(review),
                "source_chain": entry["source_chain"],
                "own_page": own_page,
                **_shown(review, entry["evidence"]),
            }
        )
    author = report.content["author"]
    return render(
        request,
        "public/report.html",
        {
            "report": report,
            "url": url,
            "author": author,
            "publisher_href": safe_href(author.get("url", "")),
            "summary_html": render_markdown(report.summary),
            "claims": claims,
        },
    )


@require_GET
def published_index(request: HttpRequest, project_slug: str) -> HttpResponse:
    """A project's live fact checks and reports; 404 when it has none (nothing says the
    project exists)."""
    publications = list(selectors.live_publications(project_slug=project_slug))
    reports = list(selectors.live_published_reports(project_slug=project_slug))
    if not publications and not reports:
        raise Http404("No fact checks published here")
    author = publications[0].review["author"] if publications else reports[0].content["author"]
    return render(
        request,
        "public/index.html",
        {
            "publications": publications,
            "reports": reports,
            "publisher": author.get("name", ""),
            "publisher_href": safe_href(author.get("url", "")),
        },
    )


# --- published reports in the desk ------------------------------------------------------

# Claims the report form offers at once (the filters narrow them down).
REPORT_CANDIDATES = 200


class ReportClaimsForm(QueueForm):
    """Which verified claims the report form offers: the review queue's filters (one
    vocabulary, one builder: ``QueueForm.filters``) without status, sort and assignment."""

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        sources = list(project.sources.order_by("name").values_list("id", "name")[:500])
        super().__init__(*args, project=project, sources=sources, **kwargs)
        for name in ("status", "sort", "mine", "assigned", "dismissed"):
            del self.fields[name]
        self.fields["verdict"].label = "Verdict"
        self.fields["source"].label = "Source"
        self.fields["outlet"].label = "Outlet"


def _editor_project(request: HttpRequest, slug: str) -> tuple[Project, str]:
    """The project if the user is an owner or editor (404 outside it, 403 below)."""
    project, role = _project(request, slug)
    require(user=request.user, project=project, action=Action.APPROVE)
    return project, role


def _report(project: Project, report_id: int) -> PublishedReport:
    try:
        return selectors.published_report_for_project(project=project, report_id=report_id)
    except PublishedReport.DoesNotExist:
        raise Http404("No such report") from None


@login_required
@require_GET
def published_reports(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's published reports with their public links (every member); owners and
    editors publish, publish again and unpublish them here."""
    project, role = _project(request, slug)
    reports = [
        {
            "report": report,
            "url": request.build_absolute_uri(selectors.report_public_path(report.slug)),
            "published_by": display_name(report.published_by),
        }
        for report in selectors.published_reports_for_project(project=project)
    ]
    return render(
        request,
        "annotations/published_reports.html",
        {"project": project, "role": role, "perms": _perms(role), "reports": reports},
    )


def _report_form(
    request: HttpRequest, project: Project, role: str, report: PublishedReport | None
) -> HttpResponse:
    """The form to publish a new report or publish one again: title, summary and the claims,
    the verified claims the filters (GET) find, with the report's own claims kept in view."""
    user = _user(request)
    filter_form = ReportClaimsForm(request.GET or None, project=project)
    filters = filter_form.filters(user_id=user.pk) if filter_form.is_valid() else selectors.ClaimFilters()
    narrowed = filter_form.is_bound and filter_form.is_valid() and any(filter_form.cleaned_data.values())
    candidates = selectors.report_candidates(
        project=project,
        filters=filters,
        reader=selectors.reader_for(user_id=user.pk, project=project, role=role),
        limit=REPORT_CANDIDATES,
    )
    chosen: list[int] = []
    if report is not None:
        chosen = list(report.claims.values_list("pk", flat=True))
        shown = {claim.pk for claim in candidates}
        candidates = [*report.claims.select_related("article").exclude(pk__in=shown), *candidates]
    initial = (
        {"title": report.title, "summary": report.summary, "claims": chosen}
        if report is not None
        else {"claims": [claim.pk for claim in candidates] if narrowed else []}
    )
    form = PublishedReportForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            try:
                if report is None:
                    report = report_publish(
                        project=project,
                        user=user,
                        title=d["title"],
                        summary=d["summary"],
                        claim_ids=d["claims"],
                    )
                else:
                    report = report_republish(
                        report=report,
                        user=user,
                        title=d["title"],
                        summary=d["summary"],
                        claim_ids=d["claims"],
                    )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                public = request.build_absolute_uri(selectors.report_public_path(report.slug))
                messages.success(request, f"Published \u201c{report.title}\u201d at {public}")
                return redirect("annotations:published-reports", slug=project.slug)
        status = 422
    checked = {str(pk) for pk in (form["claims"].value() or [])}
    labels = dict(project.scale.choices())
    own_pages = selectors.live_claim_paths(claim_ids=[claim.pk for claim in candidates])
    return render(
        request,
        "annotations/published_report_form.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "report": report,
            "filter_form": filter_form,
            "form": form,
            "candidates": [
                {
                    "claim": claim,
                    "checked": str(claim.pk) in checked,
                    "verdict": labels.get(claim.final_verdict, claim.final_verdict),
                    "own_page": claim.pk in own_pages,
                }
                for claim in candidates
            ],
            "capped": len(candidates) >= REPORT_CANDIDATES,
            "limit": REPORT_CANDIDATES,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def published_report_new(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _editor_project(request, slug)
    return _report_form(request, project, role, None)


@login_required
@require_http_methods(["GET", "POST"])
def published_report_edit(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    project, role = _editor_project(request, slug)
    return _report_form(request, project, role, _report(project, report_id))


@login_required
@require_POST
def published_report_republish(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    project, _ = _editor_project(request, slug)
    try:
        report = report_republish(report=_report(project, report_id), user=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages) + " Edit the report to choose its claims again.")
    else:
        public = request.build_absolute_uri(selectors.report_public_path(report.slug))
        messages.success(request, f"Published \u201c{report.title}\u201d again at {public}")
    return redirect("annotations:published-reports", slug=project.slug)


@login_required
@require_POST
def published_report_unpublish(request: HttpRequest, slug: str, report_id: int) -> HttpResponse:
    project, _ = _editor_project(request, slug)
    report = report_unpublish(report=_report(project, report_id), user=_user(request))
    messages.success(
        request, f"Unpublished \u201c{report.title}\u201d: its public page now says it was withdrawn."
    )
    return redirect("annotations:published-reports", slug=project.slug)
