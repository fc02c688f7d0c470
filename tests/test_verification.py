"""The verification workflow through the pages: no anchoring, policy, disputes, repeats."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Claim, ClaimStatus, Role
from annotations.services.annotations import annotation_save
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():
    article = ArticleFactory(body="Syrian state media said Assad remained in Damascus.")
    claim = ClaimFactory(article=article, start=24, end=50, text="Assad remained in Damascus")
    project = article.project
    people = {role: MembershipFactory(project=project, role=role).user for role in Role.values}
    people["reviewer2"] = MembershipFactory(project=project, role=Role.REVIEWER).user
    return project, claim, people


def panel(client, claim):  # type: ignore[no-untyped-def]
    return client.get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()


def test_others_verdicts_stay_hidden_until_i_save_mine(client, desk):
    project, claim, people = desk
    annotation_save(
        claim=claim, reviewer=people["editor"], verdict="false", rationale="Seen leaving on video."
    )
    client.force_login(people["reviewer"])
    before = panel(client, claim)
    assert "Seen leaving on video." not in before
    assert "appear once you have saved yours" in before
    client.post(reverse("annotations:claim-annotate", args=[claim.pk]), {"a-verdict": "true"})
    after = panel(client, claim)
    assert "Seen leaving on video." in after
    assert people["editor"].username in after


def test_disagreement_disputes_and_an_editor_resolves_it(client, desk):
    project, claim, people = desk
    annotation_save(claim=claim, reviewer=people["reviewer"], verdict="true")
    annotation_save(claim=claim, reviewer=people["reviewer2"], verdict="false")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISPUTED
    url = reverse("annotations:claim-resolve", args=[claim.pk])
    client.force_login(people["reviewer"])
    assert client.post(url, {"verdict": "false", "note": "x"}).status_code == 403
    client.force_login(people["editor"])
    assert "Resolve the dispute" in panel(client, claim)
    client.post(url, {"verdict": "mostly_false", "note": "Flight data contradicts the rebels."})
    claim.refresh_from_db()
    assert (claim.status, claim.final_verdict, claim.verified_by) == (
        ClaimStatus.VERIFIED,
        "mostly_false",
        people["editor"],
    )
    page = panel(client, claim)
    assert "Flight data contradicts the rebels." in page
    assert people["editor"].username in page


def test_owner_sets_the_policy_and_reviewed_claims_follow_it(client, desk):
    project, claim, people = desk
    annotation_save(claim=claim, reviewer=people["reviewer"], verdict="true")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW
    url = reverse("annotations:project-settings", args=[project.slug])
    client.force_login(people["editor"])
    assert client.post(url, {"required_agreeing_reviews": 1}).status_code == 403
    client.force_login(people["owner"])
    assert (
        client.post(url, {"required_agreeing_reviews": 1, "publisher_name": "Verify Desk"}).status_code == 302
    )
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.VERIFIED
    assert claim.final_verdict == "true"
    client.post(url, {"required_agreeing_reviews": 1, "requires_editor_approval": "on"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW


def test_a_repeated_claim_shows_the_earlier_one_and_can_be_linked(client, desk):
    project, claim, people = desk
    later = ArticleFactory(project=project, body="State TV insisted Assad remained in Damascus on Saturday.")
    repeat = ClaimFactory(article=later, start=17, end=43, text="Assad remained in Damascus")
    unrelated = ClaimFactory(
        article=ArticleFactory(project=project, body="Markets fell sharply in Tokyo."), start=0, end=29
    )
    client.force_login(people["reviewer"])
    page = panel(client, repeat)
    assert "Seen elsewhere in this project" in page
    assert f"claim={claim.pk}" in page
    assert f"claim={unrelated.pk}" not in page
    client.post(reverse("annotations:claim-link", args=[repeat.pk]), {"same_as": claim.pk})
    assert Claim.objects.get(pk=repeat.pk).same_as_id == claim.pk
    outsider_claim = ClaimFactory()
    assert (
        client.post(
            reverse("annotations:claim-link", args=[repeat.pk]), {"same_as": outsider_claim.pk}
        ).status_code
        == 404
    )


def test_overview_shows_agreement(client, desk):
    project, claim, people = desk
    other = ClaimFactory(article=claim.article, start=0, end=17)
    for c, (a, b) in [(claim, ("true", "true")), (other, ("false", "false"))]:
        annotation_save(claim=c, reviewer=people["reviewer"], verdict=a, source_reliability="B")
        annotation_save(claim=c, reviewer=people["reviewer2"], verdict=b, source_reliability="B")
    client.force_login(people["viewer"])
    page = client.get(reverse("annotations:project-detail", args=[project.slug])).content.decode()
    assert "Agreement between reviewers" in page
    assert "1.00" in page


# --- the final verdict: a second pair of eyes ------------------------------------------------


def approve(claim, who, verdict):  # type: ignore[no-untyped-def]
    from annotations.services.claims import claim_approve

    return claim_approve(claim=claim, editor=who, verdict=verdict, note="checked")


def test_an_owner_cannot_verify_a_claim_only_they_reviewed(client, desk):
    """Issue 14: an owner recorded a final verdict on a claim only they had reviewed, even
    against their own verdict, and it became Verified, bypassing the policy."""
    from django.core.exceptions import ValidationError
    from rest_framework.test import APIClient

    from annotations.services.tokens import api_token_create

    project, claim, people = desk
    owner = people["owner"]
    annotation_save(claim=claim, reviewer=owner, verdict="true")
    # The service refuses, whatever the verdict.
    for verdict in ("false", "true"):
        with pytest.raises(ValidationError, match="second pair of eyes"):
            approve(claim, owner, verdict)
    # The page offers no form for it, and a forged post changes nothing.
    client.force_login(owner)
    assert "Record final verdict" not in panel(client, claim)
    response = client.post(
        reverse("annotations:claim-resolve", args=[claim.pk]), {"verdict": "false", "note": "x"}, follow=True
    )
    assert "second pair of eyes" in response.content.decode()
    # Nor through the API.
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=owner, name='t')[1]}")
    response = api.post(f"/api/v1/claims/{claim.pk}/approve/", {"verdict": "false"}, format="json")
    assert response.status_code == 400
    assert "second pair of eyes" in response.json()["detail"]
    claim.refresh_from_db()
    assert (claim.status, claim.final_verdict, claim.verified_by) == (ClaimStatus.IN_REVIEW, "", None)


# (required agreeing reviews, approval step, who said what, approver, final verdict, allowed?)
POLICY_CASES = [
    # Default policy: 2 agreeing reviews verify a claim; no approval step.
    (2, False, {}, "editor", "true", False),  # nobody reviewed it
    (2, False, {"reviewer": "true"}, "editor", "true", False),  # the policy wants 2
    (2, False, {"reviewer": "true", "editor": "true"}, "editor", "true", False),  # own review: not a 2nd
    (2, False, {"reviewer": "true", "reviewer2": "true"}, "editor", "false", True),  # independent overrule
    (2, False, {"reviewer": "true", "reviewer2": "false"}, "editor", "half_true", True),  # resolve
    (2, False, {"reviewer": "true", "editor": "false"}, "editor", "false", False),  # own side of a dispute
    (2, False, {"reviewer": "true", "editor": "false"}, "editor", "true", True),  # concede to the other
    (2, False, {"reviewer": "true", "editor": "false"}, "owner", "false", True),  # independent arbiter
    # One review, then an editor's approval.
    (1, True, {"reviewer": "false"}, "editor", "false", True),
    (1, True, {"editor": "false"}, "editor", "false", False),  # only the approver reviewed
    (1, True, {"editor": "false"}, "owner", "false", True),  # the owner checks the editor's review
    (1, True, {"reviewer": "false", "editor": "false"}, "editor", "false", True),
    (1, True, {"reviewer": "false", "editor": "false"}, "editor", "true", False),  # own opinion alone
    (1, True, {"reviewer": "false"}, "reviewer", "false", None),  # reviewers never approve
]


@pytest.mark.parametrize(("required", "approval", "reviews", "approver", "verdict", "allowed"), POLICY_CASES)
def test_who_may_approve_what_under_each_policy(
    desk, required, approval, reviews, approver, verdict, allowed
):
    from django.core.exceptions import PermissionDenied, ValidationError

    project, claim, people = desk
    project.required_agreeing_reviews, project.requires_editor_approval = required, approval
    project.save()
    for who, given in reviews.items():
        annotation_save(claim=claim, reviewer=people[who], verdict=given)
    if allowed is None:
        with pytest.raises(PermissionDenied):
            approve(claim, people[approver], verdict)
    elif allowed:
        approved = approve(claim, people[approver], verdict)
        assert (approved.status, approved.final_verdict) == (ClaimStatus.VERIFIED, verdict)
    else:
        with pytest.raises(ValidationError):
            approve(claim, people[approver], verdict)
        claim.refresh_from_db()
        assert claim.verified_by is None


def test_the_panel_offers_the_approval_only_when_the_policy_allows_it(client, desk):
    project, claim, people = desk
    project.required_agreeing_reviews, project.requires_editor_approval = 1, True
    project.save()
    annotation_save(claim=claim, reviewer=people["editor"], verdict="false")
    client.force_login(people["editor"])
    assert "Approve a final verdict" not in panel(client, claim)  # only their own review
    annotation_save(claim=claim, reviewer=people["reviewer"], verdict="false")
    assert "Approve a final verdict" in panel(client, claim)
    client.post(reverse("annotations:claim-resolve", args=[claim.pk]), {"verdict": "false", "note": ""})
    claim.refresh_from_db()
    assert (claim.status, claim.verified_by) == (ClaimStatus.VERIFIED, people["editor"])


# --- no anchoring on every read path -----------------------------------------------------------


@pytest.fixture
def blind(desk, settings, tmp_path):  # type: ignore[no-untyped-def]
    """reviewer2 said "false" on a claim still in review; reviewer and owner have not reviewed
    it (so may not learn that verdict), the viewer may."""
    settings.MEDIA_ROOT = tmp_path / "media"
    project, claim, people = desk
    annotation_save(claim=claim, reviewer=people["reviewer2"], verdict="false", rationale="Secret reasoning.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_REVIEW
    return desk


def queue_ids(client, project, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("annotations:review-queue", args=[project.slug]), params)
    assert response.status_code == 200
    return {c.pk for c in response.context["claims"]}


def test_filtering_the_queue_by_verdict_reveals_no_verdict_before_my_own(client, blind):
    """Issue 14: `?verdict=false` selected the claim for a reviewer who had not reviewed it."""
    project, claim, people = blind
    for who in ("reviewer", "owner", "editor"):
        client.force_login(people[who])
        assert claim.pk not in queue_ids(client, project, verdict="false"), who
        assert claim.pk not in queue_ids(client, project, verdict="false", q="Damascus"), who
        assert claim.pk not in queue_ids(client, project, verdict="false", sort="status"), who
        assert claim.pk in queue_ids(client, project, q="Damascus"), who  # the claim itself is no secret
    client.force_login(people["viewer"])
    assert claim.pk in queue_ids(client, project, verdict="false")
    # Once the reviewer has saved their own, the others' verdicts count for them too.
    annotation_save(claim=claim, reviewer=people["reviewer"], verdict="true")
    client.force_login(people["reviewer"])
    assert claim.pk in queue_ids(client, project, verdict="false")
    # Disputed now: editors and owners see the reviews, to resolve the dispute.
    client.force_login(people["owner"])
    assert claim.pk in queue_ids(client, project, verdict="false")


def export_for(client, project, user, fmt="csv", **filters):  # type: ignore[no-untyped-def]
    from annotations.models import ExportJob
    from annotations.services.exports import export_job_run

    client.force_login(user)
    page = reverse("annotations:project-exports", args=[project.slug])
    assert client.post(page, {"format": fmt, "status": "", **filters}).status_code == 302
    job = ExportJob.objects.filter(requested_by=user).latest("id")
    export_job_run(job_id=job.pk)
    download = reverse("annotations:export-download", args=[project.slug, job.pk])
    response = client.get(download)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig"), download


def test_exports_reveal_no_verdict_before_my_own(client, blind):
    import csv
    import io
    import json

    project, claim, people = blind
    text, _ = export_for(client, project, people["reviewer"], verdict="false")
    assert claim.text not in text  # the verdict filter does not select it
    text, mine = export_for(client, project, people["reviewer"])
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["claim"] == claim.text
    assert row["reviewers"] == ""
    assert row["rationale"] == ""
    document, _ = export_for(client, project, people["owner"], fmt="json")
    (record,) = json.loads(document)["claims"]
    assert record["annotations"] == []
    assert "Secret reasoning." not in document
    # The viewer's export holds the review; and nobody downloads another member's file.
    document, viewers = export_for(client, project, people["viewer"], fmt="json")
    assert "Secret reasoning." in document
    client.force_login(people["reviewer"])
    assert client.get(viewers).status_code == 404
    # A reviewer who has saved theirs gets both reviews.
    annotation_save(claim=claim, reviewer=people["reviewer"], verdict="true")
    document, _ = export_for(client, project, people["reviewer"], fmt="json", verdict="false")
    (record,) = json.loads(document)["claims"]
    assert {a["verdict"] for a in record["annotations"]} == {"true", "false"}


def test_the_api_reveals_no_verdict_before_my_own(blind):
    from rest_framework.test import APIClient

    from annotations.services.tokens import api_token_create

    project, claim, people = blind
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_create(user=people['reviewer'], name='t')[1]}")
    listing = api.get(f"/api/v1/projects/{project.slug}/claims/", {"final_verdict": "false"}).json()
    assert listing["results"] == []
    for params in ({}, {"q": "Damascus"}, {"status": "in_review"}):
        listing = api.get(f"/api/v1/projects/{project.slug}/claims/", params).json()
        assert [c["id"] for c in listing["results"]] == [claim.pk]
        assert "false" not in json_values(listing)
    assert api.get(f"/api/v1/claims/{claim.pk}/annotations/").json()["results"] == []
    detail = api.get(f"/api/v1/claims/{claim.pk}/").json()
    assert detail["final_verdict"] == ""
    assert "Secret reasoning." not in str(detail)
    job = api.post(
        f"/api/v1/projects/{project.slug}/exports/",
        {"format": "json", "filters": {"status": ""}},
        format="json",
    )
    assert job.status_code == 202, job.content
    from annotations.services.exports import export_job_run

    export_job_run(job_id=job.json()["id"])
    body = b"".join(
        api.get(f"/api/v1/projects/{project.slug}/exports/{job.json()['id']}/download/").streaming_content
    )
    assert claim.text.encode() in body
    assert b"Secret reasoning." not in body


def json_values(value):  # type: ignore[no-untyped-def]
    """Every string in a JSON document."""
    if isinstance(value, dict):
        return [v for item in value.values() for v in json_values(item)]
    if isinstance(value, list):
        return [v for item in value for v in json_values(item)]
    return [value] if isinstance(value, str) else []
