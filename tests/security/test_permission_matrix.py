"""Every page by every role, including ids from another project. The same table is in
docs/security.md; change both together."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Invitation, Role
from annotations.services.accounts import invitation_link_token
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["owner", "editor", "reviewer", "viewer", "outsider", "anonymous"]
OK, DENIED, HIDDEN, LOGIN, GONE = 200, 403, 404, 302, 410

# route → expected status per role (GET pages; POST actions send a minimal valid body).
MATRIX: dict[str, dict[str, int]] = {
    "GET project overview": dict(
        owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN
    ),
    "GET review queue": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    "GET members": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    "POST invite member": dict(
        owner=LOGIN, editor=DENIED, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST remove member": dict(
        owner=LOGIN, editor=DENIED, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    # Not a project page: every signed-in person has an account page.
    "GET account": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=OK, anonymous=LOGIN),
    # The emailed link is the one page for people without an account: the signed token is the key.
    "GET invitation link": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=OK, anonymous=OK),
    # Owners set the policy; owners and editors write the guidelines there.
    "GET settings": dict(
        owner=OK, editor=OK, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST policy": dict(
        owner=LOGIN, editor=DENIED, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST guidelines": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "GET guidelines": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    "GET exports": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    "POST start export": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=LOGIN, outsider=HIDDEN, anonymous=LOGIN
    ),
    "GET import": dict(owner=OK, editor=OK, reviewer=OK, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN),
    "GET article": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    "GET claim panel": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN),
    # A plain form post is answered with a redirect to the page (htmx gets the panel, 200).
    "POST annotate": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST edit claim": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST edit attribution": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST add claim": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST resolve": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST re-split": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST delete claim": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    # Publishing a verified claim: owners and editors (answered with a redirect to the desk).
    "POST publish": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST unpublish": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    # Bulk actions from the queue (and article assignment from the overview): owners and
    # editors, answered with a redirect back to the queue.
    "POST bulk assign": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST bulk dismiss": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST bulk approve": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    # Public pages: what an editor published is for everyone; a withdrawn page is gone for everyone.
    "GET published check": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=OK, anonymous=OK),
    "GET withdrawn check": dict(
        owner=GONE, editor=GONE, reviewer=GONE, viewer=GONE, outsider=GONE, anonymous=GONE
    ),
    "GET published index": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=OK, anonymous=OK),
    # Published reports: every member sees the list and its links; owners and editors publish,
    # edit, publish again and unpublish (answered with a redirect to the list).
    "GET published reports": dict(
        owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=HIDDEN, anonymous=LOGIN
    ),
    "GET new report form": dict(
        owner=OK, editor=OK, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST publish report": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST edit report": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST republish report": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST unpublish report": dict(
        owner=LOGIN, editor=LOGIN, reviewer=DENIED, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "GET published report": dict(owner=OK, editor=OK, reviewer=OK, viewer=OK, outsider=OK, anonymous=OK),
    "GET withdrawn report": dict(
        owner=GONE, editor=GONE, reviewer=GONE, viewer=GONE, outsider=GONE, anonymous=GONE
    ),
    # Evidence (a plain form post is answered with a redirect to the page; htmx gets the list).
    "POST add evidence": dict(
        owner=LOGIN, editor=LOGIN, reviewer=LOGIN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    # Another reviewer's evidence on a disputed claim: owners and editors read it (and may remove
    # it); a reviewer who has not reviewed the claim does not know it exists (no anchoring).
    "GET captured text": dict(
        owner=OK, editor=OK, reviewer=HIDDEN, viewer=OK, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST re-capture": dict(
        owner=LOGIN, editor=LOGIN, reviewer=HIDDEN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
    "POST remove evidence": dict(
        owner=LOGIN, editor=LOGIN, reviewer=HIDDEN, viewer=DENIED, outsider=HIDDEN, anonymous=LOGIN
    ),
}

EVIDENCE = {"captured text", "re-capture", "remove evidence"}


def evidence_setup(project, claim) -> int:  # type: ignore[no-untyped-def]
    """Evidence another reviewer added to the claim, now disputed."""
    from annotations.models import ClaimStatus
    from annotations.services.evidence import evidence_add

    adder = MembershipFactory(project=project, role=Role.REVIEWER).user
    evidence = evidence_add(claim=claim, user=adder, url="https://ports.example/report")
    type(claim).objects.filter(pk=claim.pk).update(status=ClaimStatus.DISPUTED)
    return evidence.pk


PUBLISHING = {"publish", "unpublish", "published check", "withdrawn check", "published index"}


def publishing_setup(name: str, project, claim) -> str:  # type: ignore[no-untyped-def]
    """A verified claim in a project with a publisher URL; published (and withdrawn) as the
    route needs. The public page's slug ("unused" when it is not published)."""
    from annotations.models import ClaimStatus
    from annotations.services.publishing import claim_publish, claim_unpublish

    project.publisher_url = "https://checks.example/"
    project.save()
    type(claim).objects.filter(pk=claim.pk).update(status=ClaimStatus.VERIFIED, final_verdict="false")
    if name == "publish":
        return "unused"
    editor = MembershipFactory(project=project, role=Role.EDITOR).user
    publication = claim_publish(claim=claim, user=editor)
    if name == "withdrawn check":
        claim_unpublish(claim=claim, user=editor)
    return publication.slug


REPORTS = {
    "publish report",
    "edit report",
    "republish report",
    "unpublish report",
    "published report",
    "withdrawn report",
}


def report_setup(name: str, project, claim) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    """A published report of the verified claim (withdrawn for "withdrawn report"): its id and slug."""
    from annotations.services.publishing import report_publish, report_unpublish

    publishing_setup("publish", project, claim)
    editor = MembershipFactory(project=project, role=Role.EDITOR).user
    report = report_publish(project=project, user=editor, title="Port checks", claim_ids=[claim.pk])
    if name == "withdrawn report":
        report_unpublish(report=report, user=editor)
    return report.pk, report.slug


def request(client, route: str, project, article, claim):  # type: ignore[no-untyped-def]
    method, _, name = route.partition(" ")
    slug = project.slug
    public = publishing_setup(name, project, claim) if name in PUBLISHING else "unused"
    report_id, report_slug = report_setup(name, project, claim) if name in REPORTS else (0, "unused")
    evidence = evidence_setup(project, claim) if name in EVIDENCE else 0
    urls = {
        "project overview": (reverse("annotations:project-detail", args=[slug]), {}),
        "review queue": (reverse("annotations:review-queue", args=[slug]), {}),
        "members": (reverse("annotations:project-members", args=[slug]), {}),
        "invite member": (
            reverse("annotations:project-members", args=[slug]),
            {"who": "invitee", "role": "viewer"},
        ),
        "remove member": (
            reverse("annotations:project-members", args=[slug]),
            {"action": "remove", "user": project.memberships.get(user__username="leaver").user_id},
        ),
        "account": (reverse("annotations:account"), {}),
        "invitation link": (
            reverse(
                "annotations:invitation-join",
                args=[invitation_link_token(invitation=project.invitations.get(who="new@desk.example"))],
            ),
            {},
        ),
        "settings": (reverse("annotations:project-settings", args=[slug]), {}),
        "policy": (reverse("annotations:project-settings", args=[slug]), {"required_agreeing_reviews": 1}),
        "guidelines": (
            reverse("annotations:project-guidelines", args=[slug])
            if method == "GET"
            else reverse("annotations:project-settings", args=[slug]),
            {"action": "guidelines", "guidelines": "# Rules"},
        ),
        "import": (reverse("annotations:project-import", args=[slug]), {}),
        "exports": (reverse("annotations:project-exports", args=[slug]), {}),
        "start export": (
            reverse("annotations:project-exports", args=[slug]),
            {"format": "csv", "status": "verified"},
        ),
        "article": (reverse("annotations:article-detail", args=[article.pk]), {}),
        "claim panel": (reverse("annotations:claim-panel", args=[claim.pk]), {}),
        "annotate": (reverse("annotations:claim-annotate", args=[claim.pk]), {"a-verdict": "true"}),
        "edit claim": (reverse("annotations:claim-edit", args=[claim.pk]), {"text": "Edited"}),
        "edit attribution": (
            reverse("annotations:claim-attribution", args=[claim.pk]),
            {"speaker": "Officials", "cue": "said", "stance": "denied"},
        ),
        "add claim": (reverse("annotations:claim-create", args=[article.pk]), {"start": 0, "end": 9}),
        "resolve": (reverse("annotations:claim-resolve", args=[claim.pk]), {"verdict": "false"}),
        "re-split": (reverse("annotations:article-resplit", args=[article.pk]), {}),
        "delete claim": (reverse("annotations:claim-delete", args=[claim.pk]), {}),
        "publish": (reverse("annotations:claim-publish", args=[claim.pk]), {}),
        "unpublish": (reverse("annotations:claim-unpublish", args=[claim.pk]), {}),
        "published check": (reverse("annotations:published-check", args=[public]), {}),
        "withdrawn check": (reverse("annotations:published-check", args=[public]), {}),
        "published index": (reverse("annotations:published-index", args=[slug]), {}),
        "published reports": (reverse("annotations:published-reports", args=[slug]), {}),
        "new report form": (reverse("annotations:published-report-new", args=[slug]), {}),
        "publish report": (
            reverse("annotations:published-report-new", args=[slug]),
            {"title": "Port", "claims": [claim.pk]},
        ),
        "edit report": (
            reverse("annotations:published-report-edit", args=[slug, report_id]),
            {"title": "Port, again", "claims": [claim.pk]},
        ),
        "republish report": (reverse("annotations:published-report-republish", args=[slug, report_id]), {}),
        "unpublish report": (reverse("annotations:published-report-unpublish", args=[slug, report_id]), {}),
        "published report": (reverse("annotations:published-report", args=[report_slug]), {}),
        "withdrawn report": (reverse("annotations:published-report", args=[report_slug]), {}),
        "add evidence": (
            reverse("annotations:evidence-add", args=[claim.pk]),
            {"url": "https://ports.example/report", "stance": "supports"},
        ),
        "captured text": (reverse("annotations:evidence-capture", args=[evidence]), {}),
        "re-capture": (reverse("annotations:evidence-recapture", args=[evidence]), {}),
        "remove evidence": (reverse("annotations:evidence-remove", args=[evidence]), {}),
        "bulk assign": (
            reverse("annotations:queue-bulk", args=[slug]),
            {"action": "assign", "mode": "round_robin", "claims": [claim.pk]},
        ),
        "bulk dismiss": (
            reverse("annotations:queue-bulk", args=[slug]),
            {"action": "dismiss", "reason": "opinion", "claims": [claim.pk]},
        ),
        "bulk approve": (
            reverse("annotations:queue-bulk", args=[slug]),
            {"action": "approve", "claims": [claim.pk]},
        ),
    }
    url, data = urls[name]
    return client.get(url) if method == "GET" else client.post(url, data)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("route", list(MATRIX))
def test_permission_matrix(client, route, role):
    article = ArticleFactory(body="Officials said the port reopened on Monday.")
    claim = ClaimFactory(article=article, start=15, end=32)
    project = article.project
    UserFactory(username="invitee")
    MembershipFactory(project=project, user=UserFactory(username="leaver"), role=Role.VIEWER)
    Invitation.objects.create(project=project, who="new@desk.example", role=Role.VIEWER)
    if role == "outsider":
        client.force_login(MembershipFactory(role=Role.OWNER).user)  # owner elsewhere, not here
    elif role != "anonymous":
        client.force_login(MembershipFactory(project=project, role=role).user)
    response = request(client, route, project, article, claim)
    expected = MATRIX[route][role]
    assert response.status_code == expected, f"{route} as {role}: {response.status_code}"
    if role == "anonymous" and expected == LOGIN:
        assert response["Location"].startswith("/accounts/login/")
    if expected in (HIDDEN, LOGIN) and role in ("outsider", "anonymous"):
        assert article.title.encode() not in response.content
