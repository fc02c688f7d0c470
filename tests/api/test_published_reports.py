"""Published reports through the API: publish, list, read, publish again with changes,
unpublish; ids of another project refused (the role matrix is in test_permissions.py)."""

from __future__ import annotations

import pytest

from annotations.models import ClaimStatus, PublishedReport
from tests.api.conftest import Desk, make_claim

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/projects/desk/published-reports/"


@pytest.fixture
def verified(desk: Desk) -> Desk:
    """The desk's claim and a second one verified, in a project with a publisher URL."""
    desk.project.publisher_url = "https://checks.example/"
    desk.project.save()
    desk.second = make_claim(desk.article, start=54, end=81)  # type: ignore[attr-defined]
    type(desk.claim).objects.filter(pk__in=[desk.claim.pk, desk.second.pk]).update(  # type: ignore[attr-defined]
        status=ClaimStatus.VERIFIED, final_verdict="false"
    )
    return desk


def create(desk: Desk, **body) -> dict:  # type: ignore[no-untyped-def]
    body = {"title": "Bridge week", "claims": [desk.claim.pk], **body}
    response = desk.client("editor").post(REPORTS, body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_publishing_a_report_answers_its_public_address(verified: Desk) -> None:
    body = create(verified, summary="Two *claims*.")
    assert (body["title"], body["summary"], body["claims"], body["live"]) == (
        "Bridge week",
        "Two *claims*.",
        [verified.claim.pk],
        True,
    )
    assert body["url"] == f"http://testserver/fact-checks/reports/{body['slug']}/"


def test_the_public_address_answers_without_signing_in(verified: Desk) -> None:
    body = create(verified)
    page = verified.client("anonymous").get(body["url"].removeprefix("http://testserver"))
    assert page.status_code == 200
    assert verified.claim.text in page.content.decode()


def test_every_member_lists_and_reads_the_projects_reports(verified: Desk) -> None:
    body = create(verified)
    listed = verified.client("viewer").get(REPORTS).json()["results"]
    assert [r["id"] for r in listed] == [body["id"]]
    assert verified.client("reviewer").get(f"{REPORTS}{body['id']}/").json() == body


def test_another_projects_claim_is_refused(verified: Desk) -> None:
    response = verified.client("editor").post(
        REPORTS, {"title": "Leak", "claims": [verified.claim.pk, verified.other_claim.pk]}, format="json"
    )
    assert response.status_code == 400
    assert f"No such claim in this project: {verified.other_claim.pk}." in str(response.json())
    assert not PublishedReport.objects.exists()


def test_an_unknown_claim_is_refused_the_same_way(verified: Desk) -> None:
    response = verified.client("editor").post(REPORTS, {"title": "X", "claims": [999999999]}, format="json")
    assert response.status_code == 400
    assert "No such claim in this project: 999999999." in str(response.json())


def test_a_claim_not_verified_is_refused_with_the_reason(verified: Desk) -> None:
    unverified = make_claim(verified.article, start=0, end=12)
    response = verified.client("editor").post(
        REPORTS, {"title": "X", "claims": [unverified.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "Only verified claims" in str(response.json())


def test_a_report_without_claims_is_refused(verified: Desk) -> None:
    response = verified.client("editor").post(REPORTS, {"title": "X", "claims": []}, format="json")
    assert response.status_code == 400


def test_patch_publishes_again_with_changes_at_the_same_address(verified: Desk) -> None:
    body = create(verified)
    second = verified.second  # type: ignore[attr-defined]
    response = verified.client("owner").patch(
        f"{REPORTS}{body['id']}/",
        {"title": "Renamed", "claims": [verified.claim.pk, second.pk]},
        format="json",
    )
    assert response.status_code == 200
    again = response.json()
    assert (again["slug"], again["title"], sorted(again["claims"]), again["summary"]) == (
        body["slug"],
        "Renamed",
        sorted([verified.claim.pk, second.pk]),
        "",
    )


def test_an_empty_patch_refreshes_the_snapshot(verified: Desk) -> None:
    body = create(verified)
    type(verified.claim).objects.filter(pk=verified.claim.pk).update(text="The bridge opened again")
    verified.client("editor").patch(f"{REPORTS}{body['id']}/", {}, format="json")
    page = verified.client("anonymous").get(body["url"].removeprefix("http://testserver"))
    assert "The bridge opened again" in page.content.decode()


def test_patch_with_another_projects_claim_changes_nothing(verified: Desk) -> None:
    body = create(verified)
    response = verified.client("editor").patch(
        f"{REPORTS}{body['id']}/", {"claims": [verified.other_claim.pk]}, format="json"
    )
    assert response.status_code == 400
    assert list(PublishedReport.objects.get().claims.values_list("pk", flat=True)) == [verified.claim.pk]


def test_delete_unpublishes_and_the_page_is_gone(verified: Desk) -> None:
    body = create(verified)
    assert verified.client("editor").delete(f"{REPORTS}{body['id']}/").status_code == 204
    state = verified.client("viewer").get(f"{REPORTS}{body['id']}/").json()
    assert (state["live"], state["claims"]) == (False, [verified.claim.pk])
    assert verified.client("anonymous").get(body["url"].removeprefix("http://testserver")).status_code == 410


def test_another_projects_report_is_not_found(verified: Desk) -> None:
    body = create(verified)
    outsider = verified.client("outsider")
    assert outsider.get(f"/api/v1/projects/elsewhere/published-reports/{body['id']}/").status_code == 404
    assert outsider.delete(f"/api/v1/projects/elsewhere/published-reports/{body['id']}/").status_code == 404
    assert PublishedReport.objects.get().live


def test_the_schema_documents_the_endpoints(verified: Desk) -> None:
    schema = verified.client("viewer").get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    assert set(paths["/api/v1/projects/{slug}/published-reports/"]) >= {"get", "post"}
    assert set(paths["/api/v1/projects/{slug}/published-reports/{report_id}/"]) >= {"get", "patch", "delete"}
