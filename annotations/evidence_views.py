"""The claim panel's evidence (``_claim_evidence.html``): add, remove and re-capture a
claim's evidence, and read what a cited page said when it was captured. Thin: the rules are
in ``services.evidence`` (writes) and ``selectors.evidence_for_claim`` (who reads what)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST

from annotations import selectors
from annotations.models import Evidence
from annotations.permissions import role_of
from annotations.services.evidence import evidence_add, evidence_document_recapture, evidence_remove
from annotations.views import _back_to, _claim, _user, evidence_context

FORM_FIELDS = ("url", "title", "stance", "note")


def _evidence(request: HttpRequest, evidence_id: int) -> Evidence:
    """A citation the user may read, or 404 (outsiders, and citations still hidden by the
    no-anchoring rule, alike)."""
    try:
        return selectors.evidence_item_for_user(user=request.user, evidence_id=evidence_id)
    except Evidence.DoesNotExist:
        raise Http404("No such evidence") from None


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


@login_required
@require_GET
def claim_evidence(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The claim's evidence list (the panel polls it while a capture is pending)."""
    claim, role = _claim(request, claim_id)
    return render(request, "annotations/_evidence_list.html", evidence_context(request, claim, role))


@login_required
@require_POST
def evidence_add_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, role = _claim(request, claim_id)
    values = {field: request.POST.get(field, "") for field in FORM_FIELDS}
    values["stance"] = values["stance"] or "context"
    errors: dict[str, list[str]] = {}
    try:
        evidence_add(claim=claim, user=_user(request), **values)
    except ValidationError as exc:
        errors = exc.message_dict
    if not _is_htmx(request):
        return _back_to(claim, claim.pk)
    context = evidence_context(request, claim, role)
    if errors:
        context.update(evidence_errors=errors, evidence_values=values)
    return render(request, "annotations/_claim_evidence.html", context, status=422 if errors else 200)


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = _evidence(request, evidence_id)
    evidence_remove(evidence=evidence, user=_user(request))
    return _list_or_back(request, evidence)


@login_required
@require_POST
def evidence_recapture_view(request: HttpRequest, evidence_id: int) -> HttpResponse:
    evidence = _evidence(request, evidence_id)
    evidence_document_recapture(document=evidence.document, user=_user(request))
    return _list_or_back(request, evidence)


def _list_or_back(request: HttpRequest, evidence: Evidence) -> HttpResponse:
    claim, role = _claim(request, evidence.claim_id)
    if not _is_htmx(request):
        return _back_to(claim, claim.pk)
    return render(request, "annotations/_evidence_list.html", evidence_context(request, claim, role))


@login_required
@require_GET
def evidence_capture(request: HttpRequest, evidence_id: int) -> HttpResponse:
    """What the cited page said when it was captured, as text."""
    evidence = _evidence(request, evidence_id)
    project = evidence.claim.article.project
    return render(
        request,
        "annotations/evidence_capture.html",
        {
            "evidence": evidence,
            "document": evidence.document,
            "claim": evidence.claim,
            "project": project,
            "role": role_of(user=request.user, project=project),
        },
    )
