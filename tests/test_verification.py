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
    assert "Seen leaving on video." not in before and "appear once you have saved yours" in before
    client.post(reverse("annotations:claim-annotate", args=[claim.pk]), {"a-verdict": "true"})
    after = panel(client, claim)
    assert "Seen leaving on video." in after and people["editor"].username in after


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
    assert "Flight data contradicts the rebels." in page and people["editor"].username in page


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
    assert claim.status == ClaimStatus.VERIFIED and claim.final_verdict == "true"
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
    assert "Seen elsewhere in this project" in page and f"claim={claim.pk}" in page
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
    assert "Agreement between reviewers" in page and "1.00" in page
