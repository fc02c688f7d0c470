"""Server-rendered pages and htmx partials: thin — they check the role, validate with a
form, call a service or selector, and render."""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, date, datetime, time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from annotations import selectors
from annotations.forms import (
    AnnotationForm,
    BulkForm,
    ClaimAttributionForm,
    ClaimSpanForm,
    ClaimTextForm,
    DisplayNameForm,
    GuidelinesForm,
    InviteForm,
    JoinForm,
    PasteForm,
    PolicyForm,
    ProjectForm,
    QueueForm,
    ResolveForm,
    SplitForm,
    UploadForm,
    UrlImportForm,
)
from annotations.highlight import Mark, segments
from annotations.importers import ArticleRecord
from annotations.models import (
    ApiToken,
    Article,
    CaptureStatus,
    Claim,
    ClaimStatus,
    Evidence,
    EvidenceStance,
    Invitation,
    Membership,
    Project,
    SplitStatus,
    Stance,
)
from annotations.permissions import Action, approval_refusal, can, require, role_of
from annotations.services.accounts import (
    InvitationLinkError,
    LinkProblem,
    account_set_display_name,
    invitation_for_link,
    invitation_join,
)
from annotations.services.annotations import annotation_save
from annotations.services.articles import ImportOutcome, ImportRequest, UploadedFile, import_run
from annotations.services.assignments import ItemResult, assignments_add, assignments_remove
from annotations.services.claims import (
    claim_add,
    claim_approve,
    claim_delete,
    claim_edit_attribution,
    claim_edit_text,
    claim_link_same,
    claim_merge,
    claim_split,
)
from annotations.services.evidence import may_remove_evidence
from annotations.services.projects import (
    invitation_accept,
    invitation_decline,
    invitation_withdraw,
    invite_answer,
    member_invite,
    membership_remove,
    project_create,
    project_update_guidelines,
    project_update_policy,
)
from annotations.services.splitting import article_request_resplit
from annotations.services.tokens import api_token_create, api_token_revoke
from annotations.services.triage import claims_approve, claims_dismiss, claims_restore


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def _project(request: HttpRequest, slug: str) -> tuple[Project, str]:
    """The project and the user's role, or 404 for non-members (never reveal it exists)."""
    try:
        project = selectors.project_for_user(user=request.user, slug=slug)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    role = role_of(user=request.user, project=project)
    assert role is not None
    return project, role


def _user(request: HttpRequest) -> User:
    """The signed-in user (views that call this are behind login_required)."""
    assert isinstance(request.user, User)
    return request.user


def _perms(role: str | None) -> dict[str, bool]:
    return {action.value: can(role=role, action=action) for action in Action}


# --- projects -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_list(request: HttpRequest) -> HttpResponse:
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            project = project_create(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                description=form.cleaned_data["description"],
                owner=_user(request),
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect("annotations:project-detail", slug=project.slug)
    projects = selectors.projects_for_user(user=request.user)
    invitations = selectors.invitations_for(user=_user(request))
    return render(
        request,
        "annotations/project_list.html",
        {"projects": projects, "form": form, "invitations": invitations},
    )


@login_required
@require_GET
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _project(request, slug)
    overview = selectors.project_overview(project=project)
    labels = project.scale.labels
    top = max([*overview.verdict_counts.values(), *overview.status_counts.values(), 1])
    return render(
        request,
        "annotations/project_detail.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "overview": overview,
            "status_bars": [
                (
                    label,
                    overview.status_counts.get(value, 0),
                    100 * overview.status_counts.get(value, 0) // top,
                )
                for value, label in ClaimStatus.choices
            ],
            "verdict_bars": [
                (labels.get(value, value), n, 100 * n // top) for value, n in overview.verdict_counts.items()
            ],
            "articles": selectors.articles_for_project(project=project)[:200],
            "agreement": selectors.project_agreement(project=project),
            "progress": selectors.project_progress(project=project),
            "bulk": BulkForm(members=selectors.assignable_members(project=project))
            if can(role=role, action=Action.ASSIGN)
            else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def project_settings(request: HttpRequest, slug: str) -> HttpResponse:
    """The verification policy (owners) and the guidelines (owners and editors)."""
    project, role = _project(request, slug)
    require(user=request.user, project=project, action=Action.GUIDE)
    writing_guidelines = request.method == "POST" and request.POST.get("action") == "guidelines"
    policy_post = request.method == "POST" and not writing_guidelines
    if policy_post:
        require(user=request.user, project=project, action=Action.MANAGE)
    form = PolicyForm(
        request.POST if policy_post else None,
        initial={
            "required_agreeing_reviews": project.required_agreeing_reviews,
            "requires_editor_approval": project.requires_editor_approval,
            "publisher_name": project.publisher_name,
            "publisher_url": project.publisher_url,
        },
    )
    guidelines_form = GuidelinesForm(
        request.POST if writing_guidelines else None, initial={"guidelines": project.guidelines}
    )
    if policy_post and form.is_valid():
        try:
            project_update_policy(project=project, user=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, "Verification policy saved; reviewed claims were re-evaluated.")
            return redirect("annotations:project-settings", slug=slug)
    if writing_guidelines and guidelines_form.is_valid():
        try:
            project_update_guidelines(
                project=project, user=_user(request), guidelines=guidelines_form.cleaned_data["guidelines"]
            )
        except ValidationError as exc:
            guidelines_form.add_error("guidelines", exc.messages)
        else:
            messages.success(request, "Guidelines saved; the desk shows them with the g key.")
            return redirect("annotations:project-settings", slug=slug)
    return render(
        request,
        "annotations/project_settings.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "form": form,
            "guidelines_form": guidelines_form,
            "guidelines": selectors.guidelines_of(project=project),
        },
        # 200 with the errors shown, as the policy form always answered.
    )


@login_required
@require_GET
def project_guidelines(request: HttpRequest, slug: str) -> HttpResponse:
    """The guidelines, rendered and sanitised: the desk's dialog (htmx) or a page of their own."""
    project, role = _project(request, slug)
    context = {
        "project": project,
        "role": role,
        "perms": _perms(role),
        "guidelines": selectors.guidelines_of(project=project),
    }
    if request.headers.get("HX-Request") == "true":
        return render(request, "annotations/_guidelines.html", context)
    return render(request, "annotations/project_guidelines.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_members(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _project(request, slug)
    inviting = request.method == "POST" and request.POST.get("action", "invite") == "invite"
    form = InviteForm(request.POST if inviting else None)
    if request.method == "POST":
        require(user=request.user, project=project, action=Action.MANAGE)
        if request.POST.get("action") == "withdraw":
            with contextlib.suppress(ValueError, Invitation.DoesNotExist):  # already answered or withdrawn
                invitation_withdraw(
                    project=project, by=_user(request), invitation_id=int(request.POST.get("invitation", ""))
                )
            messages.success(request, "Invitation withdrawn.")
            return redirect("annotations:project-members", slug=slug)
        if request.POST.get("action") == "remove":
            return _member_remove(request, project)
        if form.is_valid():
            who, invited_role = form.cleaned_data["who"].strip(), form.cleaned_data["role"]
            try:
                # The same answer whether or not an account matches (see member_invite).
                member_invite(
                    project=project,
                    by=_user(request),
                    who=who,
                    role=invited_role,
                    site_url=request.build_absolute_uri("/"),
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                messages.success(request, invite_answer(who=who, role=invited_role))
                return redirect("annotations:project-members", slug=slug)
    members = project.memberships.select_related("user").order_by("user__username")
    pending = selectors.invitations_pending(project=project) if can(role=role, action=Action.MANAGE) else []
    return render(
        request,
        "annotations/project_members.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "members": members,
            "form": form,
            "pending": pending,
            "link_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )


def _member_remove(request: HttpRequest, project: Project) -> HttpResponse:
    """The owner removes a member (never the last owner); their annotations stay."""
    user_id = request.POST.get("user", "")
    try:
        membership_remove(
            project=project, by=_user(request), user_id=int(user_id) if user_id.isdigit() else 0
        )
    except Membership.DoesNotExist:
        messages.error(request, "That person is not a member (any more).")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if int(user_id) == request.user.pk:
            messages.success(request, f"You left {project.name}.")
            return redirect("annotations:project-list")
        messages.success(request, "Member removed. What they annotated stays in the project's history.")
    return redirect("annotations:project-members", slug=project.slug)


_LINK_PROBLEMS = {
    LinkProblem.EXPIRED: (
        "This invitation link has expired",
        "Invitation links work for {hours} hours. Ask the project's owner to invite you again.",
    ),
    LinkProblem.USED: (
        "This invitation link has been used",
        "It works once: if you made your account with it, sign in. Otherwise the invitation was "
        "withdrawn or replaced by a newer one; ask the project's owner.",
    ),
    LinkProblem.INVALID: (
        "This is not a valid invitation link",
        "Check that you copied the whole link from the email.",
    ),
}


@require_http_methods(["GET", "POST"])
def invitation_join_view(request: HttpRequest, token: str) -> HttpResponse:
    """An invitee without an account opens the emailed link, chooses a username, a display
    name and a password, and lands in the project (no open sign-up: only with a link)."""
    try:
        invitation = invitation_for_link(token=token)
    except InvitationLinkError as exc:
        return _link_problem(request, exc.problem)
    form = JoinForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            joined = invitation_join(
                token=token,
                username=form.cleaned_data["username"],
                display_name=form.cleaned_data["display_name"],
                password=form.cleaned_data["password1"],
            )
        except InvitationLinkError as exc:
            return _link_problem(request, exc.problem)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error("password1" if field == "password" else field, errors)
        else:
            login(request, joined.user, backend="django.contrib.auth.backends.ModelBackend")
            project = joined.membership.project
            messages.success(
                request, f"Welcome! You joined {project.name} as {joined.membership.get_role_display()}."
            )
            return redirect("annotations:project-detail", slug=project.slug)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registration/invitation_join.html", {"invitation": invitation, "form": form}, status=status
    )


def _link_problem(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    title, text = _LINK_PROBLEMS[problem]
    hours = settings.PASSWORD_RESET_TIMEOUT // 3600
    return render(
        request,
        "registration/invitation_link_problem.html",
        {"title": title, "text": text.format(hours=hours)},
        status=404 if problem == LinkProblem.INVALID else 410,
    )


@login_required
@require_POST
def invitation_answer(request: HttpRequest, invitation_id: int, answer: str) -> HttpResponse:
    """The invitee accepts or declines (an invitation that is not theirs: 404)."""
    if answer not in ("accept", "decline"):
        raise Http404("No such answer.")
    try:
        if answer == "accept":
            membership = invitation_accept(invitation_id=invitation_id, user=_user(request))
            messages.success(
                request, f"You joined {membership.project.name} as {membership.get_role_display()}."
            )
            return redirect("annotations:project-detail", slug=membership.project.slug)
        invitation_decline(invitation_id=invitation_id, user=_user(request))
    except Invitation.DoesNotExist:
        raise Http404("No such invitation.") from None
    messages.success(request, "Invitation declined.")
    return redirect("annotations:project-list")


# --- import ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def project_import(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _project(request, slug)
    require(user=request.user, project=project, action=Action.IMPORT)
    # Only the form that was submitted is bound (and can show errors): on a GET, or beside
    # another form's submit, each form shows empty, with no "This field is required.".
    mode = request.POST.get("mode", "paste") if request.method == "POST" else ""
    paste = PasteForm(request.POST if mode == "paste" else None, prefix="paste")
    upload = UploadForm(
        request.POST if mode == "upload" else None,
        request.FILES if mode == "upload" else None,
        prefix="upload",
    )
    by_url = UrlImportForm(request.POST if mode == "url" else None, prefix="url")
    outcome: ImportOutcome | None = None
    problems: list[str] = []
    if request.method == "POST":
        sent: ImportRequest | None = None
        if mode == "paste" and paste.is_valid():
            d = paste.cleaned_data
            record = ArticleRecord(
                title=d["title"],
                text=d["text"].replace("\r\n", "\n"),
                url=d["url"],
                outlet=d["outlet"],
                published=_midnight(d["published"]),
                location="pasted text",
            )
            sent = ImportRequest(records=[record])
        elif mode == "upload" and upload.is_valid():
            files = [
                UploadedFile(name=f.name or "upload", size=f.size or 0, read=f.read)
                for f in upload.cleaned_data["documents"]
            ]
            sent = ImportRequest(files=files, outlet_default=upload.cleaned_data["outlet"])
        elif mode == "url" and by_url.is_valid():
            sent = ImportRequest(url=by_url.cleaned_data["url"])
        if sent is not None:
            outcome = import_run(project=project, user=_user(request), request=sent)
            problems += [f"{loc}: {msg}" for loc, msg in outcome.errors]
            problems += [
                f"{loc}: already in this project ({title[:60]})" for loc, title in outcome.duplicates
            ]
            if outcome.created:
                paste = PasteForm(prefix="paste")
        # Said at the top too (role="alert"), not only under the field.
        submitted = {"paste": paste, "upload": upload, "url": by_url}.get(mode)
        if submitted is not None and submitted.is_bound:
            problems = [str(e) for errors in submitted.errors.values() for e in errors] + problems
        if not problems and not (outcome and outcome.created):
            problems.append("Nothing was imported: no article text was found in what was sent.")
    return render(
        request,
        "annotations/project_import.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "paste": paste,
            "upload": upload,
            "by_url": by_url,
            "mode": mode,
            "outcome": outcome,
            "problems": problems,
            "status_ids": ",".join(str(i) for i in (outcome.created if outcome else [])[:500]),
        },
        # 422 when nothing was imported because of the input, so scripts and htmx can tell.
        status=422 if request.method == "POST" and not (outcome and outcome.created) else 200,
    )


def _midnight(day: date | None) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=UTC) if day else None


@login_required
@require_GET
def import_status(request: HttpRequest, slug: str) -> HttpResponse:
    project, _ = _project(request, slug)
    ids = [int(i) for i in re.findall(r"\d+", request.GET.get("ids", ""))[:500]]
    articles = list(selectors.articles_status(project=project, ids=ids))
    done = all(a.split_status in (SplitStatus.SPLIT, SplitStatus.FAILED) for a in articles)
    return render(
        request,
        "annotations/_import_status.html",
        {"project": project, "articles": articles, "done": done, "status_ids": ",".join(map(str, ids))},
    )


# --- reading and annotating -------------------------------------------------------


@login_required
@require_GET
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = selectors.article_for_user(user=request.user, article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    role = role_of(user=request.user, project=article.project_id)
    claims = list(article.claims.all())
    marks = [Mark(c.start, c.end, "claim", c.pk) for c in claims]
    marks += [
        Mark(c.speaker_start, c.speaker_end, "speaker", c.pk)
        for c in claims
        if c.speaker_start is not None and c.speaker_end is not None
    ]
    marks += [
        Mark(c.cue_start, c.cue_end, "cue", c.pk)
        for c in claims
        if c.cue_start is not None and c.cue_end is not None
    ]
    selected = None
    wanted = request.GET.get("claim", "")
    if wanted.isdigit():
        selected = next((c for c in claims if c.pk == int(wanted)), None)
    if selected is None and claims:
        selected = claims[0]
    context: dict[str, Any] = {
        "article": article,
        "project": article.project,
        "role": role,
        "perms": _perms(role),
        "claims": claims,
        "segments": segments(article.body, marks),
    }
    if selected is not None:
        context.update(_panel_context(request, selected, role, claim_ids=[c.pk for c in claims]))
        if "queue" in request.GET:
            context["queue_walk"] = _queue_walk(request, selected, role, request.GET["queue"])
    return render(request, "annotations/article_detail.html", context)


def _claim(request: HttpRequest, claim_id: int) -> tuple[Claim, str]:
    try:
        claim = selectors.claim_for_user(user=request.user, claim_id=claim_id)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None
    role = role_of(user=request.user, project=claim.article.project_id)
    assert role is not None
    return claim, role


def _source_suggestions(claim: Claim) -> list[str]:
    """What the source field offers for a claim: the whole chain the article gives ("Arabic
    media, citing rebel sources") first, then the linked source and each name in the chain."""
    names = [claim.speaker_chain, claim.source.name if claim.source else "", claim.speaker_text]
    names += [str(link.get("text", "")) for link in claim.attribution_chain if isinstance(link, dict)]
    limit = AnnotationForm.base_fields["source_name"].max_length or 300  # type: ignore[attr-defined]
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        name = " ".join(name.split())
        if name and len(name) <= limit and name.casefold() not in seen:
            seen.add(name.casefold())
            out.append(name)
    return out


def _panel_context(
    request: HttpRequest,
    claim: Claim,
    role: str | None,
    form: AnnotationForm | None = None,
    claim_ids: list[int] | None = None,
) -> dict[str, Any]:
    mine = selectors.annotation_of(claim=claim, user=request.user)
    project = claim.article.project
    suggestions = _source_suggestions(claim)
    if form is None:
        # A speaker who cites someone: the whole chain, so it is not lost. Otherwise the
        # linked source (the speaker, or the outlet for the article's own claims).
        chain = claim.speaker_chain
        if chain != claim.speaker_text and chain in suggestions:
            default_source = chain
        else:
            default_source = claim.source.name if claim.source else claim.speaker_text
        initial: dict[str, Any] = {"source_name": default_source}
        if mine is not None:
            initial = {
                "source_name": mine.source.name if mine.source else "",
                "source_reliability": mine.source_reliability,
                "information_credibility": mine.information_credibility,
                "confidence": mine.confidence,
                "verdict": mine.verdict,
                "rationale": mine.rationale,
            }
        elif claim.source and claim.source.default_reliability and default_source == claim.source.name:
            # The linked source's usual grade, when that is the source the field names.
            initial["source_reliability"] = claim.source.default_reliability
        form = AnnotationForm(initial=initial, project=project, prefix="a")
    body = claim.article.body
    words = [(m.start() + claim.start, m.group()) for m in re.finditer(r"\S+", body[claim.start : claim.end])]
    perms = _perms(role)
    # Whether this approver may record a final verdict on this claim (the project's policy,
    # permissions.approval_refusal); `perms.approve` follows it so the form shows only then.
    approval_refusal_reason = None
    if perms[Action.APPROVE.value]:
        approval_refusal_reason = approval_refusal(
            role=role,
            approver_id=_user(request).pk,
            reviews=claim.annotations.order_by().values_list("reviewer_id", "verdict"),
            required_agreeing=project.required_agreeing_reviews,
        )
        perms[Action.APPROVE.value] = approval_refusal_reason is None
    if claim_ids is None:
        claim_ids = selectors.article_claim_ids(article_id=claim.article_id)
    return {
        "claim": claim,
        "project": project,
        # "Claim 4 of 12": the same number the claim list shows.
        "position": claim_ids.index(claim.pk) + 1 if claim.pk in claim_ids else None,
        "claim_count": len(claim_ids),
        "source_suggestions": suggestions,
        "form": form,
        "mine": mine,
        # No anchoring: others' verdicts appear only once this reviewer has saved theirs.
        "others": selectors.other_annotations(
            claim=claim, user=request.user, has_own=mine is not None, role=role
        ),
        "similar": selectors.similar_claims(claim=claim),
        "verdict_labels": project.scale.labels,
        **evidence_context(request, claim, role, has_own=mine is not None),
        "grounding": body[claim.start : claim.end],
        "split_points": words[1:],
        "stances": Stance.choices,
        "perms": perms,
        "may_approve": perms[Action.APPROVE.value],
        "approval_refusal": approval_refusal_reason,
        # The Publish / Unpublish block (_claim_publication.html): owners and editors.
        "may_publish": can(role=role, action=Action.APPROVE),
        "publication": selectors.publication_of(claim=claim),
    }


def evidence_context(
    request: HttpRequest, claim: Claim, role: str | None, *, has_own: bool | None = None
) -> dict[str, Any]:
    """The panel's evidence section: the claim's evidence this user may read (no anchoring:
    the others' once they may see the others' reviews), each marked removable or not."""
    user = request.user
    evidence = selectors.evidence_for_claim(claim=claim, user=user, has_own=has_own, role=role)
    for item in evidence:
        item.removable = isinstance(user, User) and may_remove_evidence(  # type: ignore[attr-defined]
            evidence=item, user=user, role=role
        )
    hidden = not selectors.may_see_others_annotations(claim=claim, user=user, has_own=has_own, role=role)
    return {
        "claim": claim,
        "evidence": evidence,
        "evidence_pending": any(e.document.capture_status == CaptureStatus.PENDING for e in evidence),
        # Others' evidence exists but waits for this reviewer's own review.
        "evidence_hidden": hidden
        and Evidence.objects.filter(claim=claim).exclude(added_by_id=user.pk).exists(),
        "evidence_perms": _perms(role),
        "evidence_stances": EvidenceStance.choices,
    }


@login_required
@require_GET
def claim_panel(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, role = _claim(request, claim_id)
    context = _panel_context(request, claim, role)
    if "queue" in request.GET:
        context["queue_walk"] = _queue_walk(request, claim, role, request.GET["queue"])
    return render(request, "annotations/_claim_panel.html", context)


@login_required
@require_POST
def claim_annotate(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, role = _claim(request, claim_id)
    require(user=request.user, project=claim.article.project_id, action=Action.ANNOTATE)
    form = AnnotationForm(request.POST, project=claim.article.project, prefix="a")
    if form.is_valid():
        d = form.cleaned_data
        try:
            annotation_save(
                claim=claim,
                reviewer=_user(request),
                source_name=d["source_name"],
                source_reliability=d["source_reliability"],
                information_credibility=d["information_credibility"],
                confidence=d["confidence"],
                verdict=d["verdict"],
                rationale=d["rationale"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    if form.errors:
        context = _panel_context(request, claim, role, form=form)
        return render(request, "annotations/_claim_panel.html", context, status=422)
    claim.refresh_from_db()
    claim_ids = selectors.article_claim_ids(article_id=claim.article_id)
    shown = claim
    walk = _queue_walk(request, claim, role, request.POST["queue"]) if "queue" in request.POST else None
    if request.POST.get("next") and walk is not None and walk["next"]:
        # Opened from the review queue: "Save and next" goes to the queue's next claim, which
        # may be in another article (htmx follows HX-Redirect with a full page load).
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204, headers={"HX-Redirect": walk["next"]})
        return redirect(walk["next"])
    if request.POST.get("next"):
        # "Save and next": the server answers with the next claim's panel, so the panel, the
        # form's target and (desk.js follows the panel) the list, the highlight and the URL
        # all name the same claim; the saved claim's list entry is updated out of band.
        later = claim_ids[claim_ids.index(claim.pk) + 1 :] if claim.pk in claim_ids else []
        if later:
            try:
                shown = selectors.claim_for_user(user=request.user, claim_id=later[0])
            except Claim.DoesNotExist:
                shown = claim
    if request.headers.get("HX-Request") != "true":
        return _back_to(shown, shown.pk)  # a plain form post (no JavaScript): back to the page
    context = _panel_context(request, shown, role, claim_ids=claim_ids)
    context["saved_claim"] = claim
    context["saved_position"] = claim_ids.index(claim.pk) + 1 if claim.pk in claim_ids else ""
    if walk is not None:
        context["queue_walk"] = walk
    return render(request, "annotations/_claim_panel.html", context)


def _back_to(claim_or_article: Claim | Article, claim_id: int | None = None) -> HttpResponse:
    article_id = claim_or_article.article_id if isinstance(claim_or_article, Claim) else claim_or_article.pk
    url = reverse("annotations:article-detail", args=[article_id])
    return redirect(f"{url}?claim={claim_id}" if claim_id else url)


def _fix(request: HttpRequest, claim_id: int) -> Claim:
    claim, _ = _claim(request, claim_id)
    require(user=request.user, project=claim.article.project_id, action=Action.ANNOTATE)
    return claim


@login_required
@require_POST
def claim_edit(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _fix(request, claim_id)
    form = ClaimTextForm(request.POST)
    if form.is_valid():
        try:
            claim_edit_text(claim=claim, text=form.cleaned_data["text"], user=_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "A claim needs some text (at most 5,000 characters).")
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_attribution(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The speaker, cue and stance an analyst corrects in the panel."""
    claim = _fix(request, claim_id)
    form = ClaimAttributionForm(request.POST)
    if form.is_valid():
        try:
            claim_edit_attribution(claim=claim, user=_user(request), **form.cleaned_data)
            messages.success(request, "Attribution saved.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(
            request,
            "A speaker is at most 500 characters, a cue at most 200; the stance is asserted or denied.",
        )
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_split_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _fix(request, claim_id)
    form = SplitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Pick where to split.")
        claim_split(claim=claim, at=form.cleaned_data["at"], user=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_merge_next(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _fix(request, claim_id)
    following = selectors.claim_following(claim=claim)
    if following is None:
        messages.error(request, "There is no next claim to merge with.")
    else:
        try:
            claim_merge(claims=[claim, following], user=_user(request))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_resolve(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim, _ = _claim(request, claim_id)
    require(user=request.user, project=claim.article.project_id, action=Action.APPROVE)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            claim_approve(
                claim=claim,
                editor=_user(request),
                verdict=form.cleaned_data["verdict"],
                note=form.cleaned_data["note"],
            )
            messages.success(request, "Final verdict recorded.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    else:
        messages.error(request, "Pick a final verdict.")
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_link(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _fix(request, claim_id)
    target_id = request.POST.get("same_as", "")
    other = None
    if target_id.isdigit():
        try:
            other = selectors.claim_for_user(user=request.user, claim_id=int(target_id))
        except Claim.DoesNotExist:
            raise Http404("No such claim") from None
    try:
        claim_link_same(claim=claim, same_as=other, user=_user(request))
        messages.success(request, "Linked as the same claim." if other else "Link removed.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return _back_to(claim, claim.pk)


@login_required
@require_POST
def claim_delete_view(request: HttpRequest, claim_id: int) -> HttpResponse:
    claim = _fix(request, claim_id)
    claim_delete(claim=claim, user=_user(request))
    messages.success(request, "Claim deleted (kept in the history).")
    return _back_to(claim)


@login_required
@require_POST
def claim_create(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = selectors.article_for_user(user=request.user, article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    require(user=request.user, project=article.project_id, action=Action.ANNOTATE)
    form = ClaimSpanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select some text in the article first.")
        return _back_to(article)
    try:
        claim = claim_add(
            article=article,
            start=form.cleaned_data["start"],
            end=form.cleaned_data["end"],
            text=form.cleaned_data["text"],
            user=_user(request),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return _back_to(article)
    return _back_to(article, claim.pk)


@login_required
@require_POST
def article_resplit(request: HttpRequest, article_id: int) -> HttpResponse:
    try:
        article = selectors.article_for_user(user=request.user, article_id=article_id)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    role = require(user=request.user, project=article.project_id, action=Action.IMPORT)
    impact = selectors.article_resplit_impact(article=article)
    if impact.analysts_changed and request.POST.get("confirm") != "yes":
        # Analysts changed its claims: say what a new split keeps and replaces, and ask.
        return render(
            request,
            "annotations/article_resplit_confirm.html",
            {
                "article": article,
                "project": article.project,
                "role": role,
                "perms": _perms(role),
                "impact": impact,
            },
        )
    article_request_resplit(article=article, user=_user(request))
    messages.success(
        request,
        "Queued for splitting again; claims analysts changed are kept, and those they removed stay removed.",
    )
    return _back_to(article)


# --- review queue -------------------------------------------------------------------


def _queue_filters(
    params: QueryDict, *, project: Project, user_id: int, members: list[tuple[int, str]]
) -> tuple[QueueForm, selectors.ClaimFilters, str]:
    """The queue's filters and sort from its query parameters: the queue page and the desk
    walking that queue (j/k, Save and next) read them the same way."""
    sources = list(project.sources.order_by("name").values_list("id", "name")[:500])
    form = QueueForm(params or None, project=project, sources=sources, members=members)
    filters = selectors.ClaimFilters()
    sort = selectors.DEFAULT_SORT
    if form.is_valid():
        sort = form.cleaned_data["sort"] or sort
        filters = form.filters(user_id=user_id)
    return form, filters, sort


def _queue_walk(request: HttpRequest, claim: Claim, role: str | None, query: str) -> dict[str, Any]:
    """Where the desk's previous/next go when the claim was opened from the review queue
    (``?queue=`` holds the queue's query string): the claims around it in that queue."""
    query = query[:2000]
    project = claim.article.project
    _, filters, sort = _queue_filters(
        QueryDict(query),
        project=project,
        user_id=_user(request).pk,
        members=selectors.assignable_members(project=project),
    )
    previous, following = selectors.queue_neighbours(
        project=project,
        filters=filters,
        reader=selectors.reader_for(user_id=request.user.pk, project=project, role=role),
        sort=sort,
        claim=claim,
    )

    def url(other: Claim | None) -> str | None:
        if other is None:
            return None
        path = reverse("annotations:article-detail", args=[other.article_id])
        return f"{path}?{urlencode({'claim': other.pk, 'queue': query})}"

    return {
        "query": query,
        "previous": url(previous),
        "next": url(following),
        "back": f"{reverse('annotations:review-queue', args=[project.slug])}?{query}",
    }


@login_required
@require_GET
def review_queue(request: HttpRequest, slug: str) -> HttpResponse:
    project, role = _project(request, slug)
    members = selectors.assignable_members(project=project)
    form, filters, sort = _queue_filters(
        request.GET, project=project, user_id=_user(request).pk, members=members
    )
    page = selectors.claims_queue_page(
        project=project,
        filters=filters,
        # No anchoring: filtering by verdict must not reveal verdicts the user may not see yet.
        reader=selectors.reader_for(user_id=request.user.pk, project=project, role=role),
        sort=sort,
        after=request.GET.get("after", "")[:500],
        before=request.GET.get("before", "")[:500],
    )

    paged = "after" in request.GET or "before" in request.GET
    for claim, names in zip(page.claims, selectors.assignees_of(claims=page.claims).values(), strict=True):
        claim.assignee_names = names  # type: ignore[attr-defined]
    # The claims' links carry the queue, so the desk's previous/next walk it.
    walk = request.GET.copy()
    for name in ("after", "before"):
        walk.pop(name, None)

    def link(**changes: str) -> str:
        # The same filters and sort, another page (or another sort, from the first page).
        params = request.GET.copy()
        for name in ("after", "before", *changes):
            params.pop(name, None)
        params.update({name: value for name, value in changes.items() if value})
        return f"?{params.urlencode()}"

    return render(
        request,
        "annotations/review_queue.html",
        {
            "project": project,
            "role": role,
            "perms": _perms(role),
            "form": form,
            "page": page,
            "claims": page.claims,
            "last_index": page.first_index + len(page.claims) - 1,
            "next_url": link(after=page.next_cursor) if page.next_cursor else None,
            "previous_url": link(before=page.previous_cursor) if page.previous_cursor else None,
            "first_url": link() if page.previous_cursor or paged else None,
            "sorts": [
                (key, label, link(sort=key), key == page.sort)
                for key, label in selectors.QUEUE_SORT_LABELS.items()
            ],
            "verdict_labels": project.scale.labels,
            # Owners and editors act on several claims at once (assign, dismiss, approve).
            "bulk": BulkForm(members=members, initial={"back": request.GET.urlencode()})
            if can(role=role, action=Action.ASSIGN)
            else None,
            "dismissed_view": filters.dismissed == "only",
            "queue_query": walk.urlencode(),
        },
    )


_BULK_DONE = {
    "assign": "assigned",
    "unassign": "unassigned",
    "dismiss": "marked not check-worthy",
    "restore": "restored",
    "approve": "approved",
}


@login_required
@require_POST
def queue_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """A bulk action from the queue (claims) or the overview (articles); each item's outcome
    is reported, refusals with their reason. Back to the page it came from."""
    project, _ = _project(request, slug)
    form = BulkForm(request.POST, members=selectors.assignable_members(project=project))
    back = request.POST.get("back", "")[:2000]
    origin = request.POST.get("from") == "overview"
    target = reverse("annotations:project-detail" if origin else "annotations:review-queue", args=[slug])
    # Only a query string of ours goes back into the address (never a URL to elsewhere).
    target += "?" + back.replace("\r", "").replace("\n", "") if back and not origin else ""
    if not form.is_valid():
        messages.error(
            request, "Not done: " + "; ".join(str(e) for errors in form.errors.values() for e in errors)
        )
        return redirect(target)
    d = form.cleaned_data
    user = _user(request)
    action = d["action"]
    if not d["claims"] and not d["articles"]:
        messages.error(request, "Select some claims first (x toggles the current row).")
        return redirect(target)
    try:
        results: list[ItemResult]
        if action == "assign":
            results = assignments_add(
                project=project,
                user=user,
                reviewer_ids=d["reviewers"],
                claim_ids=d["claims"],
                article_ids=d["articles"],
                mode=d["mode"] or "each",
            )
        elif action == "unassign":
            results = assignments_remove(
                project=project,
                user=user,
                reviewer_ids=d["reviewers"] or None,
                claim_ids=d["claims"],
                article_ids=d["articles"],
            )
        elif action == "dismiss":
            results = claims_dismiss(project=project, user=user, claim_ids=d["claims"], reason=d["reason"])
        elif action == "restore":
            results = claims_restore(project=project, user=user, claim_ids=d["claims"])
        else:
            results = claims_approve(project=project, user=user, claim_ids=d["claims"])
    except ValidationError as exc:
        messages.error(request, "Not done: " + " ".join(exc.messages))
        return redirect(target)
    done = [r for r in results if r.ok]
    refused = [r for r in results if not r.ok]
    noun = "article" if d["articles"] and not d["claims"] else "claim"
    messages.success(request, f"{len(done)} of {len(results)} {noun}s {_BULK_DONE[action]}.")
    texts = selectors.claim_texts(project=project, claim_ids=[r.id for r in refused if r.kind == "claim"])
    for r in refused[:20]:
        label = f"“{texts[r.id][:80]}”" if r.id in texts else f"{r.kind.capitalize()} {r.id}"
        messages.warning(request, f"{label}: {r.detail}")
    if len(refused) > 20:
        messages.warning(request, f"… and {len(refused) - 20} more refused.")
    return redirect(target)


@login_required
@require_GET
def source_options(request: HttpRequest, slug: str) -> HttpResponse:
    project, _ = _project(request, slug)
    sources = selectors.sources_for_project(
        project=project, q=request.GET.get("a-source_name", request.GET.get("q", "")), limit=20
    )
    return render(request, "annotations/_source_options.html", {"sources": sources})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


# --- account ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def account(request: HttpRequest) -> HttpResponse:
    """The user's display name (how the desk, reports and exports name them)."""
    user = _user(request)
    form = DisplayNameForm(request.POST or None, initial={"display_name": user.get_full_name()})
    if request.method == "POST" and form.is_valid():
        try:
            account_set_display_name(user=user, display_name=form.cleaned_data["display_name"])
        except ValidationError as exc:
            form.add_error("display_name", " ".join(exc.messages))
        else:
            messages.success(request, "Display name saved.")
            return redirect("annotations:account")
    return render(request, "annotations/account.html", {"form": form}, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def account_tokens(request: HttpRequest) -> HttpResponse:
    """Personal API tokens: create (the secret is shown once), list, revoke."""
    secret = None
    if request.method == "POST":
        if request.POST.get("revoke", "").isdigit():
            try:
                token = selectors.token_of(user=request.user, token_id=int(request.POST["revoke"]))
            except ApiToken.DoesNotExist:
                raise Http404("No such token") from None
            api_token_revoke(token=token, user=_user(request))
            messages.success(request, f"Token “{token.name}” revoked.")
            return redirect("annotations:account-tokens")
        try:
            _, secret = api_token_create(user=_user(request), name=request.POST.get("name", ""))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    tokens = selectors.tokens_of(user=request.user).order_by("-created_at")
    return render(request, "annotations/account_tokens.html", {"tokens": tokens, "secret": secret})
