"""Who may call what: every endpoint by role (owner, editor, reviewer, viewer, a member of
another project, anonymous). Outsiders get 404, never the object; viewers get 403 on writes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.conftest import Desk

pytestmark = pytest.mark.django_db

WHO = ["owner", "editor", "reviewer", "viewer", "outsider", "anonymous"]


@dataclass
class Call:
    method: str
    url: Callable[[Desk], str]
    ok: int
    allowed: frozenset[str]
    body: Callable[[Desk], dict[str, Any]] | None = None
    # Ids in a request body (not the path) are refused as invalid input, same as unknown ids.
    outsider: int = 404

    def __str__(self) -> str:
        return f"{self.method} {self.url.__doc__ or ''}"


def url(template: str) -> Callable[[Desk], str]:
    def build(d: Desk) -> str:
        return template.format(
            p=d.project.slug,
            a=d.article.pk,
            c=d.claim.pk,
            s=d.project.sources.first().pk,
            e=getattr(d, "evidence_id", 0),
            r=getattr(d, "report_id", 0),
        )

    build.__doc__ = template
    return build


def reviewed_twice(d: Desk, body: dict[str, Any]) -> dict[str, Any]:
    """Two reviewers other than any approver agree, so the default policy lets an owner or
    editor approve (a final verdict is a second pair of eyes on others' reviews)."""
    from annotations.services.annotations import annotation_save
    from tests.factories import MembershipFactory

    annotation_save(claim=d.claim, reviewer=d.users["reviewer"], verdict="true")  # type: ignore[arg-type]
    annotation_save(claim=d.claim, reviewer=MembershipFactory(project=d.project).user, verdict="true")
    return body


def publishable(d: Desk, body: dict[str, Any]) -> dict[str, Any]:
    """A verified claim in a project with a publisher URL: an owner or editor may publish it."""
    from annotations.models import ClaimStatus

    d.project.publisher_url = "https://checks.example/"
    d.project.save()
    type(d.claim).objects.filter(pk=d.claim.pk).update(status=ClaimStatus.VERIFIED, final_verdict="true")
    return body


def published(d: Desk, body: dict[str, Any]) -> dict[str, Any]:
    from annotations.services.publishing import claim_publish

    claim_publish(claim=d.claim, user=d.users["owner"])  # type: ignore[arg-type]
    return body


def reported(d: Desk, body: dict[str, Any]) -> dict[str, Any]:
    """A published report of the verified claim (its id in ``{r}``)."""
    from annotations.services.publishing import report_publish

    publishable(d, body)
    report = report_publish(project=d.project, user=d.users["owner"], title="Bridge", claim_ids=[d.claim.pk])  # type: ignore[arg-type]
    d.report_id = report.pk  # type: ignore[attr-defined]
    return body


def cited(d: Desk, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """Evidence the reviewer added to a disputed claim: the reviewer reads their own, viewers
    everything, owners and editors a disputed claim's (the no-anchoring rule)."""
    from annotations.models import ClaimStatus
    from annotations.services.evidence import evidence_add

    evidence = evidence_add(claim=d.claim, user=d.users["reviewer"], url="https://ports.example/r")  # type: ignore[arg-type]
    type(d.claim).objects.filter(pk=d.claim.pk).update(status=ClaimStatus.DISPUTED)
    d.evidence_id = evidence.pk  # type: ignore[attr-defined]
    return body or {}


ALL = frozenset({"owner", "editor", "reviewer", "viewer"})
ANNOTATORS = frozenset({"owner", "editor", "reviewer"})
APPROVERS = frozenset({"owner", "editor"})
OWNER = frozenset({"owner"})

CALLS = [
    Call("get", url("/api/v1/projects/{p}/"), 200, ALL),
    Call("patch", url("/api/v1/projects/{p}/"), 200, OWNER, lambda d: {"required_agreeing_reviews": 1}),
    Call("get", url("/api/v1/projects/{p}/split-status/"), 200, ALL),
    Call("get", url("/api/v1/projects/{p}/guidelines/"), 200, ALL),
    Call("put", url("/api/v1/projects/{p}/guidelines/"), 200, APPROVERS, lambda d: {"markdown": "# Rules"}),
    Call("get", url("/api/v1/projects/{p}/members/"), 200, ALL),
    Call("get", url("/api/v1/projects/{p}/members/owner/"), 200, ALL),
    Call(
        "post",
        url("/api/v1/projects/{p}/members/"),
        202,
        OWNER,
        lambda d: {"who": "outsider", "role": "viewer"},
    ),
    Call("get", url("/api/v1/projects/{p}/invitations/"), 200, OWNER),
    Call("patch", url("/api/v1/projects/{p}/members/viewer/"), 200, OWNER, lambda d: {"role": "reviewer"}),
    Call("delete", url("/api/v1/projects/{p}/members/viewer/"), 204, OWNER),
    Call("get", url("/api/v1/projects/{p}/articles/"), 200, ALL),
    Call(
        "post",
        url("/api/v1/projects/{p}/articles/"),
        201,
        ANNOTATORS,
        lambda d: {"title": "New", "body": "Police said the road was closed."},
    ),
    Call(
        "post",
        url("/api/v1/projects/{p}/articles/bulk/"),
        202,
        ANNOTATORS,
        lambda d: {"articles": [{"body": "Police said the road was closed."}]},
    ),
    Call("get", url("/api/v1/articles/{a}/"), 200, ALL),
    Call("get", url("/api/v1/articles/{a}/status/"), 200, ALL),
    Call("post", url("/api/v1/articles/{a}/resplit/"), 202, ANNOTATORS),
    Call("get", url("/api/v1/articles/{a}/claims/"), 200, ALL),
    Call("post", url("/api/v1/articles/{a}/claims/"), 201, ANNOTATORS, lambda d: {"start": 54, "end": 82}),
    Call("get", url("/api/v1/projects/{p}/claims/"), 200, ALL),
    Call("get", url("/api/v1/claims/{c}/"), 200, ALL),
    Call("patch", url("/api/v1/claims/{c}/"), 200, ANNOTATORS, lambda d: {"text": "The bridge reopened."}),
    Call(
        "patch",
        url("/api/v1/claims/{c}/"),
        200,
        ANNOTATORS,
        lambda d: {"speaker": "the mayor", "cue": "said", "stance": "denied"},
    ),
    Call("delete", url("/api/v1/claims/{c}/"), 204, ANNOTATORS),
    Call("post", url("/api/v1/claims/{c}/split/"), 201, ANNOTATORS, lambda d: {"at": 30}),
    Call(
        "post",
        lambda d: "/api/v1/claims/merge/",
        200,
        ANNOTATORS,
        lambda d: {"claims": [d.claim.pk, d.extra_claim.pk]},  # type: ignore[attr-defined]
        outsider=400,
    ),
    Call(
        "post",
        url("/api/v1/claims/{c}/approve/"),
        200,
        APPROVERS,
        lambda d: reviewed_twice(d, {"verdict": "true"}),
    ),
    Call("get", url("/api/v1/claims/{c}/annotations/"), 200, ALL),
    Call("post", url("/api/v1/claims/{c}/publication/"), 200, APPROVERS, lambda d: publishable(d, {})),
    Call("get", url("/api/v1/claims/{c}/publication/"), 200, ALL, lambda d: published(d, publishable(d, {}))),
    Call(
        "delete",
        url("/api/v1/claims/{c}/publication/"),
        204,
        APPROVERS,
        lambda d: published(d, publishable(d, {})),
    ),
    Call(
        "post",
        url("/api/v1/projects/{p}/published-reports/"),
        201,
        APPROVERS,
        lambda d: publishable(d, {"title": "Bridge checks", "claims": [d.claim.pk]}),
    ),
    Call("get", url("/api/v1/projects/{p}/published-reports/"), 200, ALL, lambda d: reported(d, {})),
    Call("get", url("/api/v1/projects/{p}/published-reports/{r}/"), 200, ALL, lambda d: reported(d, {})),
    Call(
        "patch",
        url("/api/v1/projects/{p}/published-reports/{r}/"),
        200,
        APPROVERS,
        lambda d: reported(d, {"title": "Bridge, again"}),
    ),
    Call(
        "delete",
        url("/api/v1/projects/{p}/published-reports/{r}/"),
        204,
        APPROVERS,
        lambda d: reported(d, {}),
    ),
    Call("put", url("/api/v1/claims/{c}/annotation/"), 200, ANNOTATORS, lambda d: {"verdict": "false"}),
    Call("get", url("/api/v1/claims/{c}/evidence/"), 200, ALL, cited),
    Call(
        "post",
        url("/api/v1/claims/{c}/evidence/"),
        201,
        ANNOTATORS,
        lambda d: {"url": "https://ports.example/notice", "stance": "supports"},
    ),
    Call("get", url("/api/v1/evidence/{e}/"), 200, ALL, cited),
    Call("get", url("/api/v1/evidence/{e}/capture/"), 200, ALL, cited),
    Call("post", url("/api/v1/evidence/{e}/recapture/"), 202, ANNOTATORS, cited),
    # Whoever added it (the reviewer here), owners and editors.
    Call("delete", url("/api/v1/evidence/{e}/"), 204, ANNOTATORS, cited),
    Call("get", url("/api/v1/projects/{p}/sources/"), 200, ALL),
    Call("post", url("/api/v1/projects/{p}/sources/"), 201, ANNOTATORS, lambda d: {"name": "City council"}),
    Call("get", url("/api/v1/sources/{s}/"), 200, ALL),
    Call("get", url("/api/v1/projects/{p}/assignments/"), 200, ALL),
    Call(
        "post",
        url("/api/v1/projects/{p}/assignments/"),
        200,
        APPROVERS,
        lambda d: {"reviewers": ["reviewer"], "claims": [d.claim.pk]},
    ),
    Call(
        "post",
        url("/api/v1/projects/{p}/assignments/remove/"),
        200,
        APPROVERS,
        lambda d: {"claims": [d.claim.pk]},
    ),
    Call(
        "post",
        url("/api/v1/projects/{p}/claims/bulk/"),
        200,
        APPROVERS,
        lambda d: {"action": "dismiss", "claims": [d.claim.pk], "reason": "opinion"},
    ),
    Call("get", url("/api/v1/projects/{p}/progress/"), 200, ALL),
]


def expected(call: Call, who: str) -> int:
    if who == "anonymous":
        return 401
    if who == "outsider":
        return call.outsider
    return call.ok if who in call.allowed else 403


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("call", CALLS, ids=str)
def test_permission_matrix(desk: Desk, call: Call, who: str) -> None:
    from tests.api.conftest import make_claim

    desk.extra_claim = make_claim(desk.article, start=54, end=81)  # type: ignore[attr-defined]
    client = desk.client(who)
    body = call.body(desk) if call.body else None
    response = getattr(client, call.method)(call.url(desk), body, format="json")
    assert response.status_code == expected(call, who), response.content
    if response.status_code != 204:
        assert response["Content-Type"] == "application/json"
    if response.status_code in (401, 403, 404):
        assert set(response.json()) == {"detail"}


OTHER_PROJECT_URLS = [
    ("get", "/api/v1/projects/elsewhere/"),
    ("get", "/api/v1/projects/elsewhere/articles/"),
    ("get", "/api/v1/projects/elsewhere/claims/"),
    ("get", "/api/v1/projects/elsewhere/members/"),
    ("get", "/api/v1/projects/elsewhere/guidelines/"),
    ("put", "/api/v1/projects/elsewhere/guidelines/"),
    ("get", "/api/v1/articles/{a}/"),
    ("get", "/api/v1/articles/{a}/status/"),
    ("get", "/api/v1/articles/{a}/claims/"),
    ("post", "/api/v1/articles/{a}/resplit/"),
    ("get", "/api/v1/claims/{c}/"),
    ("patch", "/api/v1/claims/{c}/"),
    ("delete", "/api/v1/claims/{c}/"),
    ("post", "/api/v1/claims/{c}/approve/"),
    ("put", "/api/v1/claims/{c}/annotation/"),
    ("get", "/api/v1/claims/{c}/annotations/"),
    ("get", "/api/v1/claims/{c}/publication/"),
    ("post", "/api/v1/claims/{c}/publication/"),
    ("delete", "/api/v1/claims/{c}/publication/"),
    ("get", "/api/v1/claims/{c}/evidence/"),
    ("post", "/api/v1/claims/{c}/evidence/"),
    ("post", "/api/v1/projects/elsewhere/articles/"),
    ("get", "/api/v1/projects/elsewhere/assignments/"),
    ("post", "/api/v1/projects/elsewhere/claims/bulk/"),
    ("get", "/api/v1/projects/elsewhere/progress/"),
    ("get", "/api/v1/projects/elsewhere/published-reports/"),
    ("post", "/api/v1/projects/elsewhere/published-reports/"),
]


@pytest.mark.parametrize(("method", "template"), OTHER_PROJECT_URLS)
def test_ids_from_another_project_answer_404(desk: Desk, method: str, template: str) -> None:
    client = desk.client("owner")  # owner of "desk", not a member of "elsewhere"
    path = template.format(a=desk.other_article.pk, c=desk.other_claim.pk)
    response = getattr(client, method)(path, {"text": "x", "verdict": "true", "body": "x"}, format="json")
    assert response.status_code == 404
    assert b"Secret" not in response.content
    assert b"general" not in response.content
    desk.other_claim.refresh_from_db()  # still there, unchanged


def test_unknown_ids_answer_like_other_projects_ids(desk: Desk) -> None:
    client = desk.client("owner")
    missing = client.get("/api/v1/claims/999999999/")
    foreign = client.get(f"/api/v1/claims/{desk.other_claim.pk}/")
    assert missing.status_code == foreign.status_code == 404
    assert missing.json() == foreign.json()


def test_other_projects_source_is_404(desk: Desk) -> None:
    from tests.factories import SourceFactory

    secret_source = SourceFactory(project=desk.other_project, name="Informant")
    assert desk.client("owner").get(f"/api/v1/sources/{secret_source.pk}/").status_code == 404


def test_project_list_shows_only_own_projects(desk: Desk) -> None:
    slugs = [p["slug"] for p in desk.client("viewer").get("/api/v1/projects/").json()["results"]]
    assert slugs == ["desk"]
