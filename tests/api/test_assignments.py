"""Assignments, bulk actions on claims and progress through the API."""

from __future__ import annotations

import pytest

from annotations.models import Annotation, Assignment, Claim
from annotations.services.assignments import MAX_ITEMS
from tests.api.conftest import Desk, make_claim
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims(desk: Desk) -> list[Claim]:
    return [
        desk.claim,
        make_claim(desk.article, start=54, end=81),
        make_claim(desk.article, start=82, end=101),
    ]


def test_round_robin_deals_claims_to_the_projects_reviewers(desk: Desk, claims: list[Claim]) -> None:
    MembershipFactory(project=desk.project, user=UserFactory(username="second"), role="reviewer")
    response = desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"claims": [c.pk for c in claims], "mode": "round_robin"},
        format="json",
    )
    assert response.status_code == 200
    owners = [Assignment.objects.get(claim=c).reviewer.username for c in claims]
    assert owners == ["reviewer", "second", "reviewer"]


def test_assign_answers_a_result_per_item(desk: Desk) -> None:
    response = desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["reviewer"], "claims": [desk.other_claim.pk, desk.claim.pk]},
        format="json",
    )
    assert [(r["id"], r["ok"]) for r in response.json()["results"]] == [
        (desk.other_claim.pk, False),
        (desk.claim.pk, True),
    ]


def test_an_unknown_reviewer_is_a_clear_400(desk: Desk) -> None:
    response = desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["outsider"], "claims": [desk.claim.pk]},
        format="json",
    )
    assert (response.status_code, response.json()) == (
        400,
        {"reviewers": ["No member of this project named outsider."]},
    )


def test_a_viewer_cannot_be_assigned(desk: Desk) -> None:
    response = desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["viewer"], "claims": [desk.claim.pk]},
        format="json",
    )
    assert response.status_code == 400


def test_more_than_the_cap_is_refused(desk: Desk) -> None:
    response = desk.client("editor").post(
        "/api/v1/projects/desk/claims/bulk/",
        {"action": "restore", "claims": list(range(1, MAX_ITEMS + 2))},
        format="json",
    )
    assert response.status_code == 400


def test_assignments_list_filters_by_reviewer(desk: Desk, claims: list[Claim]) -> None:
    client = desk.client("editor")
    client.post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["reviewer", "editor"], "claims": [claims[0].pk]},
        format="json",
    )
    rows = client.get("/api/v1/projects/desk/assignments/?reviewer=reviewer").json()["results"]
    assert [(r["claim"], r["reviewer"], r["assigned_by"]) for r in rows] == [
        (claims[0].pk, "reviewer", "editor")
    ]


def test_unassign_takes_the_claim_off(desk: Desk) -> None:
    client = desk.client("editor")
    client.post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["reviewer"], "claims": [desk.claim.pk]},
        format="json",
    )
    client.post("/api/v1/projects/desk/assignments/remove/", {"claims": [desk.claim.pk]}, format="json")
    assert not Assignment.objects.exists()


def test_my_claims_through_the_claim_list(desk: Desk, claims: list[Claim]) -> None:
    desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["reviewer"], "claims": [claims[1].pk]},
        format="json",
    )
    rows = desk.client("reviewer").get("/api/v1/projects/desk/claims/?assigned=me").json()["results"]
    assert [r["id"] for r in rows] == [claims[1].pk]


def test_dismissed_claims_leave_the_claim_list_and_come_back_under_the_filter(
    desk: Desk, claims: list[Claim]
) -> None:
    client = desk.client("editor")
    client.post(
        "/api/v1/projects/desk/claims/bulk/",
        {"action": "dismiss", "claims": [claims[0].pk], "reason": "opinion"},
        format="json",
    )
    default = [r["id"] for r in client.get("/api/v1/projects/desk/claims/").json()["results"]]
    dismissed = client.get("/api/v1/projects/desk/claims/?dismissed=true").json()["results"]
    assert (default, [(r["id"], r["dismissed_reason"]) for r in dismissed]) == (
        [c.pk for c in claims[1:]],
        [(claims[0].pk, "opinion")],
    )


def test_dismiss_without_a_reason_is_a_400(desk: Desk) -> None:
    response = desk.client("editor").post(
        "/api/v1/projects/desk/claims/bulk/", {"action": "dismiss", "claims": [desk.claim.pk]}, format="json"
    )
    assert response.status_code == 400


def test_bulk_approve_reports_refusals_per_claim(desk: Desk, claims: list[Claim]) -> None:
    for name in ("first", "second"):
        user = MembershipFactory(project=desk.project, user=UserFactory(username=name), role="reviewer").user
        Annotation.objects.create(claim=claims[0], reviewer=user, verdict="false")
    response = desk.client("editor").post(
        "/api/v1/projects/desk/claims/bulk/",
        {"action": "approve", "claims": [claims[0].pk, claims[1].pk]},
        format="json",
    )
    assert [(r["id"], r["ok"]) for r in response.json()["results"]] == [
        (claims[0].pk, True),
        (claims[1].pk, False),
    ]


def test_progress_counts_a_reviewers_assignments(desk: Desk, claims: list[Claim]) -> None:
    desk.client("editor").post(
        "/api/v1/projects/desk/assignments/",
        {"reviewers": ["reviewer"], "claims": [c.pk for c in claims]},
        format="json",
    )
    body = desk.client("viewer").get("/api/v1/projects/desk/progress/").json()
    assert [(r["reviewer"], r["assigned"], r["annotated"]) for r in body["reviewers"]] == [("reviewer", 3, 0)]


def test_a_nul_in_the_reviewer_filter_is_a_400(desk: Desk) -> None:
    assert desk.client("viewer").get("/api/v1/projects/desk/assignments/?reviewer=a%00b").status_code == 400
