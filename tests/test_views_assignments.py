"""The queue's assignment filters and bulk actions, and the overview's progress, as pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from annotations.models import Assignment, Claim, Role
from annotations.services.assignments import assignments_add
from tests.factories import ArticleFactory, ClaimFactory, MembershipFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk():  # type: ignore[no-untyped-def]
    project = ProjectFactory(slug="desk")
    editor = MembershipFactory(project=project, role=Role.EDITOR, user=UserFactory(username="ed")).user
    ana = MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ana")).user
    ben = MembershipFactory(project=project, role=Role.REVIEWER, user=UserFactory(username="ben")).user
    article = ArticleFactory(project=project)
    claims = [ClaimFactory(article=article, start=i, end=i + 5, text=f"claim number {i}") for i in range(4)]
    return project, editor, ana, ben, claims


def queue(client, **params):  # type: ignore[no-untyped-def]
    response = client.get(reverse("annotations:review-queue", args=["desk"]), params)
    return [c.pk for c in response.context["claims"]]


def bulk(client, **data):  # type: ignore[no-untyped-def]
    return client.post(reverse("annotations:queue-bulk", args=["desk"]), data, follow=True)


def test_my_queue_shows_only_my_claims(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(project=project, user=editor, claim_ids=[c.pk for c in claims], mode="round_robin")
    client.force_login(ana)
    assert queue(client, assigned="me") == [claims[0].pk, claims[2].pk]


def test_editor_assigns_round_robin_from_the_queue(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, claims = desk
    client.force_login(editor)
    bulk(client, action="assign", mode="round_robin", claims=[c.pk for c in claims])
    owners = [Assignment.objects.get(claim=c).reviewer.username for c in claims]
    assert owners == ["ana", "ben", "ana", "ben"]


def test_the_queue_names_who_each_claim_is_assigned_to(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    client.force_login(editor)
    html = client.get(reverse("annotations:review-queue", args=["desk"])).content.decode()
    assert '<td class="assignees">ana</td>' in html


def test_bulk_dismiss_moves_claims_under_the_dismissed_filter(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, claims = desk
    client.force_login(editor)
    bulk(client, action="dismiss", reason="opinion", claims=[claims[0].pk, claims[1].pk])
    assert (queue(client), queue(client, dismissed="only")) == (
        [claims[2].pk, claims[3].pk],
        [claims[0].pk, claims[1].pk],
    )


def test_bulk_dismiss_without_a_reason_says_so_and_changes_nothing(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, claims = desk
    client.force_login(editor)
    response = bulk(client, action="dismiss", reason="", claims=[claims[0].pk])
    assert "Say why" in response.content.decode()
    assert Claim.objects.get(pk=claims[0].pk).dismissed_at is None


def test_bulk_approve_names_each_refused_claim_and_why(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, claims = desk
    client.force_login(editor)
    response = bulk(client, action="approve", claims=[claims[0].pk])
    assert "“claim number 0”: No reviewer has given a verdict yet." in response.content.decode()


def test_a_reviewer_may_not_use_bulk_actions(client, desk):  # type: ignore[no-untyped-def]
    _, _, ana, _, claims = desk
    client.force_login(ana)
    response = client.post(
        reverse("annotations:queue-bulk", args=["desk"]),
        {"action": "dismiss", "reason": "x", "claims": [claims[0].pk]},
    )
    assert response.status_code == 403


def test_a_reviewer_sees_no_bulk_form(client, desk):  # type: ignore[no-untyped-def]
    _, _, ana, _, _ = desk
    client.force_login(ana)
    html = client.get(reverse("annotations:review-queue", args=["desk"])).content.decode()
    assert 'id="bulk"' not in html


def test_another_projects_claim_is_not_touched_by_bulk(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, _ = desk
    foreign = ClaimFactory(article=ArticleFactory())
    client.force_login(editor)
    bulk(client, action="dismiss", reason="opinion", claims=[foreign.pk])
    assert Claim.objects.get(pk=foreign.pk).dismissed_at is None


def test_malformed_ids_are_a_clear_message(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, _ = desk
    client.force_login(editor)
    response = bulk(client, action="restore", claims=["1'--"])
    assert "Ids are whole numbers." in response.content.decode()


def test_bulk_returns_to_the_same_filters(client, desk):  # type: ignore[no-untyped-def]
    _, editor, _, _, claims = desk
    client.force_login(editor)
    response = client.post(
        reverse("annotations:queue-bulk", args=["desk"]),
        {"action": "restore", "claims": [claims[0].pk], "back": "dismissed=only"},
    )
    assert response["Location"] == "/p/desk/queue/?dismissed=only"


def test_the_overview_shows_each_reviewers_progress(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[c.pk for c in claims])
    client.force_login(editor)
    html = client.get(reverse("annotations:project-detail", args=["desk"])).content.decode()
    assert '<tr><th scope="row">ana</th><td>4</td><td>0</td><td>0</td>' in html


def test_editor_assigns_articles_from_the_overview(client, desk):  # type: ignore[no-untyped-def]
    _, editor, ana, _, claims = desk
    client.force_login(editor)
    bulk(client, action="assign", reviewers=[ana.pk], articles=[claims[0].article_id], **{"from": "overview"})
    client.force_login(ana)
    assert len(queue(client, assigned="me")) == 4


def test_from_my_queue_next_goes_to_my_next_claim_in_another_article(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    later = ClaimFactory(article=ArticleFactory(project=project), start=0, end=5, text="elsewhere")
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[1].pk, later.pk])
    client.force_login(ana)
    # Newest article first: the later article's claim, then claims[1].
    response = client.get(f"/articles/{later.article_id}/", {"claim": later.pk, "queue": "assigned=me"})
    walk = response.context["queue_walk"]
    assert walk["next"] == f"/articles/{claims[1].article_id}/?claim={claims[1].pk}&queue=assigned%3Dme"


def test_the_queues_links_carry_its_filters(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    client.force_login(ana)
    html = client.get(reverse("annotations:review-queue", args=["desk"]), {"assigned": "me"}).content.decode()
    assert f"?claim={claims[0].pk}&amp;queue=assigned%3Dme" in html


def test_save_and_next_from_the_queue_goes_to_the_queues_next_claim(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(
        project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk, claims[3].pk]
    )
    client.force_login(ana)
    response = client.post(
        f"/claims/{claims[0].pk}/annotate/",
        {"a-verdict": "true", "next": "1", "queue": "assigned=me"},
        HTTP_HX_REQUEST="true",
    )
    assert (
        response["HX-Redirect"]
        == f"/articles/{claims[3].article_id}/?claim={claims[3].pk}&queue=assigned%3Dme"
    )


def test_another_claim_of_the_article_opens_still_walking_the_queue(client, desk):  # type: ignore[no-untyped-def]
    project, editor, ana, _, claims = desk
    assignments_add(project=project, user=editor, reviewer_ids=[ana.pk], claim_ids=[claims[0].pk])
    client.force_login(ana)
    html = client.get(
        f"/articles/{claims[0].article_id}/", {"claim": claims[0].pk, "queue": "assigned=me"}
    ).content
    assert f'hx-get="/claims/{claims[1].pk}/panel/?queue=assigned%3Dme"'.encode() in html
