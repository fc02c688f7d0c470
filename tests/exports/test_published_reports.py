"""Publishing a report: verified claims an editor chose, published together as one public
page with one ClaimReview JSON-LD per claim. Who may, what the page shows (and never shows),
its markup read back as JSON and as linked data (rdflib, as for single claims), publishing
again, unpublishing, the selectors, and the desk's pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from annotations import selectors
from annotations.models import Claim, ClaimStatus, PublishedReport
from annotations.services.claims import claim_edit_text
from annotations.services.publishing import (
    claim_publish,
    claim_unpublish,
    report_publish,
    report_republish,
    report_unpublish,
)
from tests.exports.conftest import XSS_SOURCE, XSS_TEXT, Desk
from tests.exports.test_publishing import absolute, check_google_claimreview, claimreview_graph, json_ld
from tests.factories import EvidenceFactory

pytestmark = pytest.mark.django_db


def publish(desk: Desk, *claims: Claim, who: str = "editor", **kwargs) -> PublishedReport:  # type: ignore[no-untyped-def]
    kwargs.setdefault("title", "Syria: what we checked this week")
    return report_publish(
        project=desk.project,
        user=desk.users[who],  # type: ignore[arg-type]
        claim_ids=[c.pk for c in claims or (desk.damascus, desk.evacuated)],
        **kwargs,
    )


def page_url(report: PublishedReport) -> str:
    return reverse("annotations:published-report", args=[report.slug])


def page(client, report: PublishedReport) -> str:  # type: ignore[no-untyped-def]
    return client.get(page_url(report)).content.decode()


# --- services ------------------------------------------------------------------------


def test_an_editor_publishes_a_report_of_the_claims_they_chose(desk: Desk) -> None:
    report = publish(desk)
    stored = PublishedReport.objects.get()
    assert (stored.live, stored.published_by, stored.project) == (True, desk.users["editor"], desk.project)
    assert set(stored.claims.all()) == {desk.damascus, desk.evacuated}
    assert [c["review"]["claimReviewed"] for c in stored.content["claims"]] == [
        "3,000 people were evacuated",  # the newest article first, as in the queue
        "Assad remained in Damascus",
    ]
    assert report.slug.startswith("syria-what-we-checked-this-week-")


def test_an_owner_publishes_a_report_too(desk: Desk) -> None:
    assert publish(desk, who="owner").live


@pytest.mark.parametrize("who", ["rev_a", "viewer", "outsider"])
def test_reviewers_viewers_and_outsiders_may_not_publish_a_report(desk: Desk, who: str) -> None:
    with pytest.raises(PermissionDenied):
        publish(desk, who=who)
    assert not PublishedReport.objects.exists()


def test_a_claim_that_is_not_verified_is_refused_by_its_text(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="not verified: .Assad had fled to Moscow"):
        publish(desk, desk.damascus, desk.unreviewed)
    assert not PublishedReport.objects.exists()


def test_another_projects_claim_is_refused_like_an_unknown_id(desk: Desk) -> None:
    with pytest.raises(ValidationError, match=f"No such claim in this project: {desk.other_claim.pk}."):
        publish(desk, desk.damascus, desk.other_claim)
    assert not PublishedReport.objects.exists()


def test_a_report_needs_a_claim(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="at least one"):
        report_publish(project=desk.project, user=desk.users["editor"], title="Empty", claim_ids=[])  # type: ignore[arg-type]


def test_a_report_needs_a_title(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="needs a title"):
        publish(desk, title="   ")


def test_a_binary_summary_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationError, match="binary"):
        publish(desk, summary="PK\x03\x04\x00\x00")
    assert not PublishedReport.objects.exists()


def test_a_report_needs_the_publisher_url(desk: Desk) -> None:
    desk.project.publisher_url = ""
    desk.project.save()
    with pytest.raises(ValidationError, match="publisher URL"):
        publish(desk)
    assert not PublishedReport.objects.exists()


def test_publishing_again_twice_gives_the_same_page(desk: Desk) -> None:
    report = publish(desk)
    first = report_republish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    second = report_republish(report=report, user=desk.users["owner"])  # type: ignore[arg-type]
    assert (second.slug, second.content, PublishedReport.objects.count()) == (report.slug, first.content, 1)


def test_desk_edits_reach_the_report_only_when_published_again(client, desk: Desk) -> None:
    report = publish(desk)
    claim_edit_text(claim=desk.damascus, text="Assad stayed in Damascus all week", user=desk.users["editor"])
    assert "Assad stayed in Damascus all week" not in page(client, report)
    report_republish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    assert "Assad stayed in Damascus all week" in page(client, report)


def test_publishing_again_with_changes_keeps_the_address(desk: Desk) -> None:
    report = publish(desk)
    again = report_republish(
        report=report,
        user=desk.users["editor"],  # type: ignore[arg-type]
        title="Only Damascus",
        summary="One claim.",
        claim_ids=[desk.damascus.pk],
    )
    assert (again.slug, again.title, again.summary, list(again.claims.all())) == (
        report.slug,
        "Only Damascus",
        "One claim.",
        [desk.damascus],
    )
    assert [c["claim"] for c in again.content["claims"]] == [desk.damascus.pk]


def test_a_claim_no_longer_verified_stops_publishing_again(desk: Desk) -> None:
    report = publish(desk)
    Claim.objects.filter(pk=desk.damascus.pk).update(status=ClaimStatus.DISPUTED, final_verdict="")
    with pytest.raises(ValidationError, match="Only verified claims"):
        report_republish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    report.refresh_from_db()
    assert "Assad remained in Damascus" in str(report.content)  # the page keeps what it had


@pytest.mark.parametrize("who", ["rev_a", "viewer", "outsider"])
def test_reviewers_viewers_and_outsiders_may_not_publish_again_or_unpublish(desk: Desk, who: str) -> None:
    report = publish(desk)
    with pytest.raises(PermissionDenied):
        report_republish(report=report, user=desk.users[who])  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        report_unpublish(report=report, user=desk.users[who])  # type: ignore[arg-type]
    assert PublishedReport.objects.get().live


def test_unpublish_takes_the_report_down_and_keeps_its_claims(client, desk: Desk) -> None:
    report = publish(desk)
    report_unpublish(report=report, user=desk.users["owner"])  # type: ignore[arg-type]
    stored = PublishedReport.objects.get()
    assert (stored.live, stored.content, stored.claims.count()) == (False, {}, 2)
    gone = client.get(page_url(report))
    assert gone.status_code == 410
    assert b"Assad" not in gone.content
    assert json_ld(gone.content.decode()) == []


def test_unpublishing_twice_changes_nothing(desk: Desk) -> None:
    report = publish(desk)
    first = report_unpublish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    second = report_unpublish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    assert second.unpublished_at == first.unpublished_at


def test_publishing_again_brings_an_unpublished_report_back_at_its_address(client, desk: Desk) -> None:
    report = publish(desk)
    report_unpublish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    back = report_republish(report=report, user=desk.users["editor"])  # type: ignore[arg-type]
    assert (back.live, back.slug, back.unpublished_at) == (True, report.slug, None)
    assert client.get(page_url(back)).status_code == 200


# --- selectors -----------------------------------------------------------------------


def test_a_projects_reports_are_its_own_with_their_claim_counts(desk: Desk) -> None:
    publish(desk)
    other = report_publish(
        project=desk.other,
        user=desk.users["outsider"],  # type: ignore[arg-type]
        title="Elsewhere",
        claim_ids=[desk.other_claim.pk],
    )
    listed = list(selectors.published_reports_for_project(project=desk.project))
    assert [(r.title, r.claim_count) for r in listed] == [("Syria: what we checked this week", 2)]  # type: ignore[attr-defined]
    assert other not in listed


def test_another_projects_report_id_is_not_found(desk: Desk) -> None:
    report = publish(desk)
    with pytest.raises(PublishedReport.DoesNotExist):
        selectors.published_report_for_project(project=desk.other, report_id=report.pk)


def test_candidates_are_the_verified_claims_with_a_verdict(desk: Desk) -> None:
    candidates = selectors.report_candidates(
        project=desk.project,
        filters=selectors.ClaimFilters(),
        reader=selectors.reader_for(user_id=desk.users["editor"].pk, project=desk.project),  # type: ignore[attr-defined]
        limit=50,
    )
    assert set(candidates) == set(desk.verified)


def test_candidates_follow_the_queues_filters(desk: Desk) -> None:
    candidates = selectors.report_candidates(
        project=desk.project,
        filters=selectors.ClaimFilters(article=desk.articles[0].pk, status="disputed"),
        reader=selectors.reader_for(user_id=desk.users["editor"].pk, project=desk.project),  # type: ignore[attr-defined]
        limit=50,
    )
    assert candidates == [desk.damascus]  # the status stays "verified"


def test_live_claim_paths_are_the_live_single_claim_pages(desk: Desk) -> None:
    live = claim_publish(claim=desk.damascus, user=desk.users["editor"])  # type: ignore[arg-type]
    claim_publish(claim=desk.evacuated, user=desk.users["editor"])  # type: ignore[arg-type]
    claim_unpublish(claim=desk.evacuated, user=desk.users["editor"])  # type: ignore[arg-type]
    paths = selectors.live_claim_paths(claim_ids=[desk.damascus.pk, desk.evacuated.pk, desk.hostile.pk])
    assert paths == {desk.damascus.pk: selectors.public_path(live.slug)}


# --- the public page -----------------------------------------------------------------


def test_anyone_reads_the_report_without_signing_in(client, desk: Desk) -> None:
    html = page(client, publish(desk, summary="We checked **two** claims."))
    assert client.get(page_url(PublishedReport.objects.get())).status_code == 200
    for shown in (
        "Syria: what we checked this week",  # the title
        "<strong>two</strong>",  # the summary, as Markdown
        "Assad remained in Damascus",
        "3,000 people were evacuated",
        "Unverifiable",  # verdict labels
        "Flight trackers place him in Moscow.",  # the final note
        "Syrian state media",  # who made the claim
        "Assad&#x27;s whereabouts",  # where it appeared: title, outlet, date, link
        "Example Wire",
        "2026-11-01",
        'href="https://news.example/assad"',
        "https://evidence.example/flight",  # the evidence
    ):
        assert shown in html, shown


def test_the_report_shows_the_source_chain(client, desk: Desk) -> None:
    Claim.objects.filter(pk=desk.damascus.pk).update(
        attribution_chain=[{"text": "Syrian state media"}, {"text": "a palace aide"}]
    )
    html = page(client, publish(desk))
    assert "Syrian state media, citing a palace aide" in html


def test_the_report_shows_when_the_evidence_was_captured(client, desk: Desk) -> None:
    EvidenceFactory(claim=desk.evacuated, added_by=desk.users["rev_a"], url="https://ports.example/evac")
    from annotations.models import EvidenceDocument

    EvidenceDocument.objects.filter(url="https://ports.example/evac").update(
        capture_status="captured",
        captured_text="Three thousand left.",
        content_hash="ab" * 32,
        fetched_at="2026-11-20T08:30:00Z",
    )
    html = page(client, publish(desk))
    assert "page captured 2026-11-20 08:30 UTC, sha256 abababababab" in html


def test_the_report_is_served_with_the_desks_csp(client, desk: Desk) -> None:
    report = publish(desk)
    single = claim_publish(claim=desk.damascus, user=desk.users["editor"])  # type: ignore[arg-type]
    csp = client.get(page_url(report))["Content-Security-Policy"]
    assert (
        csp
        == client.get(reverse("annotations:published-check", args=[single.slug]))["Content-Security-Policy"]
    )
    assert "unsafe-inline" not in csp


def test_the_report_names_no_member_and_no_claim_the_editor_did_not_choose(client, desk: Desk) -> None:
    report = publish(desk, desk.damascus)
    client.force_login(desk.users["editor"])  # signed in, the page is the same as for anyone
    html = page(client, report)
    for user in desk.users.values():
        assert user.username not in html  # type: ignore[attr-defined]
    for other in (desk.hostile, desk.evacuated, desk.disputed, desk.unreviewed, desk.other_claim):
        assert other.text not in html
    assert "State media is right." not in html  # another reviewer's rationale


def test_an_unknown_report_address_is_not_found(client, desk: Desk) -> None:
    assert (
        client.get(reverse("annotations:published-report", args=["no-such-report-1234"])).status_code == 404
    )


def test_hostile_text_stays_text_in_the_report(client, desk: Desk) -> None:
    html = page(client, publish(desk, desk.hostile, summary='<script>alert("s")</script><img src=x>'))
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "javascript:" not in html
    assert html.count("</script>") == 1  # the one JSON-LD element's own end
    (review,) = json_ld(html)
    assert (review["claimReviewed"], review["itemReviewed"]["author"]["name"]) == (XSS_TEXT, XSS_SOURCE)


def test_each_claim_embeds_the_claimreview_google_expects(client, desk: Desk) -> None:
    report = publish(desk)
    html = page(client, report)
    reviews = json_ld(html)
    assert [r["claimReviewed"] for r in reviews] == [
        "3,000 people were evacuated",
        "Assad remained in Damascus",
    ]
    for review, claim in zip(reviews, (desk.evacuated, desk.damascus), strict=True):
        check_google_claimreview(review, url=f"{absolute(page_url(report))}#claim-{claim.pk}")
        assert f'id="claim-{claim.pk}"' in html  # the anchor the url points at


def test_a_claim_with_its_own_page_points_its_claimreview_there(client, desk: Desk) -> None:
    single = claim_publish(claim=desk.damascus, user=desk.users["editor"])  # type: ignore[arg-type]
    report = publish(desk)
    reviews = {r["claimReviewed"]: r for r in json_ld(page(client, report))}
    own = absolute(reverse("annotations:published-check", args=[single.slug]))
    assert reviews["Assad remained in Damascus"]["url"] == own
    # Once that page is withdrawn, the anchor on the report again (never a 410).
    claim_unpublish(claim=desk.damascus, user=desk.users["editor"])  # type: ignore[arg-type]
    reviews = {r["claimReviewed"]: r for r in json_ld(page(client, report))}
    assert (
        reviews["Assad remained in Damascus"]["url"]
        == f"{absolute(page_url(report))}#claim-{desk.damascus.pk}"
    )


def test_a_json_ld_processor_reads_every_claimreview_of_the_report(client, desk: Desk) -> None:
    found = [row for review in json_ld(page(client, publish(desk))) for row in claimreview_graph(review)]
    assert sorted((row["claim"], row["rating"], row["author"]) for row in found) == [
        ("3,000 people were evacuated", "Unverifiable", "Desk Checks"),
        ("Assad remained in Damascus", "False", "Desk Checks"),
    ]


def test_the_index_lists_live_reports(client, desk: Desk) -> None:
    publish(desk, title="Live report")
    gone = publish(desk, title="Withdrawn report")
    report_unpublish(report=gone, user=desk.users["editor"])  # type: ignore[arg-type]
    html = client.get(reverse("annotations:published-index", args=[desk.project.slug])).content.decode()
    assert "Live report" in html
    assert "Withdrawn report" not in html


# --- the desk --------------------------------------------------------------------------


def desk_url(name: str, desk: Desk, *args: object) -> str:
    return reverse(f"annotations:{name}", args=[desk.project.slug, *args])


def test_every_member_sees_the_published_reports_and_their_links(client, desk: Desk) -> None:
    report = publish(desk)
    client.force_login(desk.users["viewer"])
    html = client.get(desk_url("published-reports", desk)).content.decode()
    assert absolute(page_url(report)) in html
    assert desk_url("published-report-new", desk) not in html  # viewers do not publish


def test_the_new_report_form_offers_the_verified_claims_the_filters_find(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    html = client.get(
        desk_url("published-report-new", desk), {"article": desk.articles[0].pk}
    ).content.decode()
    assert f'value="{desk.damascus.pk}" id="pick-{desk.damascus.pk}" checked' in html
    assert desk.unreviewed.text not in html
    assert desk.evacuated.text not in html


def test_the_claim_panel_offers_a_report_of_the_articles_verified_claims(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    html = client.get(reverse("annotations:claim-panel", args=[desk.damascus.pk])).content.decode()
    assert f"{desk_url('published-report-new', desk)}?article={desk.articles[0].pk}" in html


def test_an_editor_publishes_a_report_from_the_desk(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    response = client.post(
        desk_url("published-report-new", desk),
        {"title": "Week 48", "summary": "", "claims": [desk.damascus.pk, desk.hostile.pk]},
        follow=True,
    )
    report = PublishedReport.objects.get()
    assert (report.title, set(report.claims.all())) == ("Week 48", {desk.damascus, desk.hostile})
    assert absolute(page_url(report)) in response.content.decode()


def test_the_desk_says_why_a_report_was_not_published(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    response = client.post(
        desk_url("published-report-new", desk), {"title": "Week 48", "claims": [desk.other_claim.pk]}
    )
    assert response.status_code == 422
    assert "No such claim in this project" in response.content.decode()


def test_an_editor_edits_and_publishes_a_report_again_from_the_desk(client, desk: Desk) -> None:
    report = publish(desk)
    client.force_login(desk.users["editor"])
    form = client.get(desk_url("published-report-edit", desk, report.pk)).content.decode()
    assert f'id="pick-{desk.damascus.pk}" checked' in form
    client.post(
        desk_url("published-report-edit", desk, report.pk), {"title": "Renamed", "claims": [desk.hostile.pk]}
    )
    report.refresh_from_db()
    assert (report.title, list(report.claims.all())) == ("Renamed", [desk.hostile])


def test_publish_again_and_unpublish_from_the_desk(client, desk: Desk) -> None:
    report = publish(desk)
    client.force_login(desk.users["editor"])
    client.post(desk_url("published-report-unpublish", desk, report.pk))
    assert not PublishedReport.objects.get().live
    client.post(desk_url("published-report-republish", desk, report.pk))
    assert PublishedReport.objects.get().live


def test_another_projects_report_is_not_found_in_the_desk(client, desk: Desk) -> None:
    report = publish(desk)
    client.force_login(desk.users["outsider"])
    url = reverse("annotations:published-report-unpublish", args=[desk.other.slug, report.pk])
    assert client.post(url).status_code == 404
    assert PublishedReport.objects.get().live
