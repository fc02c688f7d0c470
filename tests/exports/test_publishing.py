"""Publishing a verified claim as a public fact-check page: who may, what the page shows
(and never shows), its ClaimReview JSON-LD checked against Google's Fact Check markup,
unpublishing, the project's index, and the ClaimReview export's `url`.

The JSON-LD is checked twice: by structure (context, types, Google's required and recommended
properties), and as linked data by a JSON-LD processor (rdflib, with a local schema.org
context so nothing is fetched): the graph it reads must hold the ClaimReview Google asks for."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from annotations.models import Claim, Publication
from annotations.services.claims import claim_edit_text
from annotations.services.publishing import claim_publish, claim_unpublish
from tests.exports.conftest import XSS_SOURCE, XSS_TEXT, Desk, export_bytes

pytestmark = pytest.mark.django_db

SCHEMA = "https://schema.org"
# The schema.org properties each type may carry here (Google's ClaimReview guide plus the
# Rating and CreativeWork properties it recommends); anything else is a typo Google ignores.
PROPERTIES: dict[str, set[str]] = {
    "ClaimReview": {
        "url",
        "claimReviewed",
        "itemReviewed",
        "author",
        "reviewRating",
        "datePublished",
        "reviewBody",
        "citation",  # the claim's evidence (schema.org CreativeWork.citation)
    },
    "Claim": {"author", "datePublished", "appearance", "firstAppearance"},
    "CreativeWork": {"url", "headline", "datePublished", "publisher", "author", "name", "description"},
    "Rating": {"alternateName", "name", "ratingValue", "bestRating", "worstRating"},
    "Organization": {"name", "url"},
    "Person": {"name", "url"},
}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class _JsonLd(HTMLParser):
    """The text of every <script type="application/ld+json"> element, as a browser reads it."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._inside = tag == "script" and ("type", "application/ld+json") in attrs
        if self._inside:
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self.blocks[-1] += data


def json_ld(html: str) -> list[dict[str, Any]]:
    parser = _JsonLd()
    parser.feed(html)
    return [json.loads(block) for block in parser.blocks]


def check_node(node: dict[str, Any], path: str = "$") -> None:
    """Every object is typed, with only its type's properties; nested values are checked too."""
    assert node.get("@type") in PROPERTIES, f"{path}: untyped or unknown type {node.get('@type')!r}"
    extra = {k for k in node if not k.startswith("@")} - PROPERTIES[node["@type"]]
    assert not extra, f"{path} ({node['@type']}): not schema.org properties here: {extra}"
    for key, value in node.items():
        if isinstance(value, dict):
            check_node(value, f"{path}.{key}")


def check_google_claimreview(review: dict[str, Any], *, url: str) -> None:
    """Google's required ClaimReview properties and the structure around them."""
    assert review["@context"] == SCHEMA
    assert review["@type"] == "ClaimReview"
    check_node(review)
    assert review["url"] == url
    assert isinstance(review["claimReviewed"], str)
    assert review["claimReviewed"].strip()
    rating = review["reviewRating"]
    assert rating["@type"] == "Rating"
    assert rating["alternateName"].strip()
    if "ratingValue" in rating:
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
    assert review["author"]["@type"] in {"Organization", "Person"}
    assert review["author"]["name"]
    assert DATE.match(review["datePublished"])
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["appearance"]["@type"] == "CreativeWork"


# What https://schema.org's context says for the terms we use: every term is in the schema.org
# vocabulary. Given locally so the processor never fetches the remote context.
LOCAL_SCHEMA_CONTEXT = {"@vocab": "https://schema.org/"}
# Google's required ClaimReview properties, read from the graph (not from the JSON text).
GOOGLE_CLAIMREVIEW = """
PREFIX schema: <https://schema.org/>
SELECT ?review ?url ?claim ?rating ?author WHERE {
    ?review a schema:ClaimReview ;
            schema:url ?url ;
            schema:claimReviewed ?claim ;
            schema:reviewRating ?r ;
            schema:author ?a ;
            schema:itemReviewed ?item .
    ?r a schema:Rating ; schema:alternateName ?rating .
    ?a schema:name ?author .
    ?item a schema:Claim .
}"""


def claimreview_graph(document: dict[str, Any]) -> list[dict[str, str]]:
    """The ClaimReviews a JSON-LD processor reads from the document (rdflib, local context)."""
    from rdflib import Graph

    local = {**document, "@context": LOCAL_SCHEMA_CONTEXT}
    graph = Graph().parse(data=json.dumps(local), format="json-ld")
    return [{k: str(v) for k, v in row.asdict().items()} for row in graph.query(GOOGLE_CLAIMREVIEW)]


def page_url(publication: Publication) -> str:
    return reverse("annotations:published-check", args=[publication.slug])


def absolute(path: str) -> str:
    return f"http://testserver{path}"


# --- services ------------------------------------------------------------------------


def test_an_editor_publishes_a_verified_claim(desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    stored = Publication.objects.get(claim=desk.damascus)
    assert (stored.live, stored.published_by, stored.slug) == (True, desk.users["editor"], publication.slug)
    assert stored.review["claimReviewed"] == "Assad remained in Damascus"
    assert stored.slug.startswith("assad-remained-in-damascus-")


def test_an_owner_publishes_too(desk: Desk) -> None:
    claim_publish(claim=desk.damascus, user=desk.users["owner"])
    assert Publication.objects.get(claim=desk.damascus).live


@pytest.mark.parametrize("who", ["rev_a", "viewer", "outsider"])
def test_reviewers_viewers_and_outsiders_may_not_publish(desk: Desk, who: str) -> None:
    with pytest.raises(PermissionDenied):
        claim_publish(claim=desk.damascus, user=desk.users[who])
    assert not Publication.objects.exists()


@pytest.mark.parametrize("claim", ["disputed", "unreviewed"])
def test_only_verified_claims_are_published(desk: Desk, claim: str) -> None:
    with pytest.raises(ValidationError, match="Only a verified claim"):
        claim_publish(claim=getattr(desk, claim), user=desk.users["editor"])
    assert not Publication.objects.exists()


def test_publishing_needs_the_publisher_url(desk: Desk) -> None:
    desk.project.publisher_url = ""
    desk.project.save()
    with pytest.raises(ValidationError, match="publisher URL"):
        claim_publish(claim=desk.damascus, user=desk.users["editor"])
    assert not Publication.objects.exists()


def test_desk_edits_reach_the_page_only_when_published_again(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    claim_edit_text(claim=desk.damascus, text="Assad stayed in Damascus all week", user=desk.users["editor"])
    before = client.get(page_url(publication)).content.decode()
    assert "Assad stayed in Damascus all week" not in before
    assert "Assad remained in Damascus" in before
    again = claim_publish(claim=Claim.objects.get(pk=desk.damascus.pk), user=desk.users["editor"])
    after = client.get(page_url(again)).content.decode()
    assert again.slug == publication.slug
    assert json_ld(after)[0]["claimReviewed"] == "Assad stayed in Damascus all week"


def test_unpublish_takes_the_page_down_and_republishing_keeps_the_address(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    claim_unpublish(claim=desk.damascus, user=desk.users["owner"])
    stored = Publication.objects.get(claim=desk.damascus)
    assert (stored.live, stored.review) == (False, {})
    gone = client.get(page_url(publication))
    assert gone.status_code == 410
    assert b"Assad" not in gone.content
    assert json_ld(gone.content.decode()) == []
    back = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    assert back.slug == publication.slug
    assert client.get(page_url(back)).status_code == 200


def test_unpublishing_what_was_never_published_changes_nothing(desk: Desk) -> None:
    assert claim_unpublish(claim=desk.damascus, user=desk.users["editor"]) is None
    assert not Publication.objects.exists()


@pytest.mark.parametrize("who", ["rev_a", "viewer", "outsider"])
def test_reviewers_viewers_and_outsiders_may_not_unpublish(desk: Desk, who: str) -> None:
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    with pytest.raises(PermissionDenied):
        claim_unpublish(claim=desk.damascus, user=desk.users[who])
    assert Publication.objects.get(claim=desk.damascus).live


# --- the public page -----------------------------------------------------------------


def test_anyone_reads_the_page_without_signing_in(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    response = client.get(page_url(publication))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Assad remained in Damascus" in html
    assert "False" in html  # the verdict's label
    assert "Flight trackers place him in Moscow." in html  # the editor's final note
    assert "Syrian state media" in html  # who made the claim


def test_the_page_is_served_with_the_desks_csp(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    csp = client.get(page_url(publication))["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp


def test_the_page_names_no_member_and_no_other_claim(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    # Signed in as the editor who published it: the page is the same as for anyone.
    client.force_login(desk.users["editor"])
    html = client.get(page_url(publication)).content.decode()
    for user in desk.users.values():
        assert user.username not in html  # type: ignore[attr-defined]
    for other in (desk.hostile, desk.evacuated, desk.disputed, desk.unreviewed, desk.other_claim):
        assert other.text not in html
    assert "State media is right." not in html  # another reviewer's rationale
    # The claim's evidence is published with it, without who added it.
    assert "https://evidence.example/flight" in html


def test_an_unknown_address_is_not_found(client, desk: Desk) -> None:
    assert client.get(reverse("annotations:published-check", args=["no-such-check-1234"])).status_code == 404


def test_hostile_text_stays_text_on_the_page_and_in_the_json_ld(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.hostile, user=desk.users["editor"])
    html = client.get(page_url(publication)).content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert html.count("</script>") == 1  # the JSON-LD element's own end
    (review,) = json_ld(html)
    assert review["claimReviewed"] == XSS_TEXT
    assert review["itemReviewed"]["author"]["name"] == XSS_SOURCE


def test_the_embedded_claimreview_is_what_google_expects(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    html = client.get(page_url(publication)).content.decode()
    (review,) = json_ld(html)
    check_google_claimreview(review, url=absolute(page_url(publication)))
    assert review["claimReviewed"] == "Assad remained in Damascus"
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "name": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["author"] == {
        "@type": "Organization",
        "name": "Desk Checks",
        "url": "https://checks.example/report",
    }
    assert review["datePublished"] == desk.damascus.verified_at.date().isoformat()
    item = review["itemReviewed"]
    assert item["author"] == {"@type": "Organization", "name": "Syrian state media"}
    assert item["datePublished"] == "2026-11-01"
    assert item["appearance"]["url"] == "https://news.example/assad"
    assert item["appearance"]["headline"] == "Assad's whereabouts"
    assert f'<link rel="canonical" href="{absolute(page_url(publication))}">' in html


def test_a_json_ld_processor_reads_the_claimreview_google_requires(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    (review,) = json_ld(client.get(page_url(publication)).content.decode())
    assert review["@context"] == SCHEMA  # the context we replace with its local copy
    (found,) = claimreview_graph(review)
    assert {k: v for k, v in found.items() if k != "review"} == {
        "url": absolute(page_url(publication)),
        "claim": "Assad remained in Damascus",
        "rating": "False",
        "author": "Desk Checks",
    }


def test_a_json_ld_processor_reads_every_review_of_the_export(client, desk: Desk, settings) -> None:
    settings.CLAIMDESK_PUBLIC_BASE_URL = "https://public.example"
    document = json.loads(export_bytes(desk.project, "claimreview"))
    found = claimreview_graph(document)
    assert sorted(row["claim"] for row in found) == sorted(r["claimReviewed"] for r in document["@graph"])


def test_a_claim_without_a_number_on_the_scale_carries_its_textual_rating(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.evacuated, user=desk.users["editor"])
    (review,) = json_ld(client.get(page_url(publication)).content.decode())
    check_google_claimreview(review, url=absolute(page_url(publication)))
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Unverifiable",
        "name": "Unverifiable",
    }
    # The article has no date and no link: neither is invented.
    assert "datePublished" not in review["itemReviewed"]
    assert "url" not in review["itemReviewed"]["appearance"]


def test_a_javascript_article_url_is_no_link_on_the_page(client, desk: Desk) -> None:
    publication = claim_publish(claim=desk.hostile, user=desk.users["editor"])
    html = client.get(page_url(publication)).content.decode()
    assert "javascript:" not in html


# --- the project's index -------------------------------------------------------------


def test_the_index_lists_the_projects_live_checks_only(client, desk: Desk) -> None:
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    claim_publish(claim=desk.evacuated, user=desk.users["editor"])
    claim_unpublish(claim=desk.evacuated, user=desk.users["editor"])
    html = client.get(reverse("annotations:published-index", args=[desk.project.slug])).content.decode()
    assert "Assad remained in Damascus" in html
    assert "3,000 people were evacuated" not in html
    assert desk.other_claim.text not in html


def test_a_project_with_nothing_published_has_no_index(client, desk: Desk) -> None:
    assert client.get(reverse("annotations:published-index", args=[desk.project.slug])).status_code == 404


# --- the ClaimReview export's url ----------------------------------------------------


def test_the_export_points_published_claims_at_their_pages(client, desk: Desk, settings) -> None:
    settings.CLAIMDESK_PUBLIC_BASE_URL = "https://checks.example"
    publication = claim_publish(claim=desk.damascus, user=desk.users["editor"])
    reviews = {r["claimReviewed"]: r for r in json.loads(export_bytes(desk.project, "claimreview"))["@graph"]}
    assert reviews["Assad remained in Damascus"]["url"] == f"https://checks.example{page_url(publication)}"
    # Not published: the anchor on the publisher's page, as without the setting.
    assert (
        reviews["3,000 people were evacuated"]["url"]
        == f"https://checks.example/report#claim-{desk.evacuated.pk}"
    )


def test_the_export_url_opens_the_page_that_embeds_the_same_review(client, desk: Desk, settings) -> None:
    settings.CLAIMDESK_PUBLIC_BASE_URL = "http://testserver"
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    exported = {
        r["claimReviewed"]: r for r in json.loads(export_bytes(desk.project, "claimreview"))["@graph"]
    }
    review = exported["Assad remained in Damascus"]
    (embedded,) = json_ld(client.get(review["url"].removeprefix("http://testserver")).content.decode())
    assert embedded["url"] == review["url"]
    assert embedded["reviewRating"] == review["reviewRating"]


def test_an_unpublished_claim_goes_back_to_the_anchor(desk: Desk, settings) -> None:
    settings.CLAIMDESK_PUBLIC_BASE_URL = "https://checks.example"
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    claim_unpublish(claim=desk.damascus, user=desk.users["editor"])
    reviews = {r["claimReviewed"]: r for r in json.loads(export_bytes(desk.project, "claimreview"))["@graph"]}
    assert (
        reviews["Assad remained in Damascus"]["url"]
        == f"https://checks.example/report#claim-{desk.damascus.pk}"
    )


def test_without_a_public_base_url_the_export_keeps_the_anchors(desk: Desk, settings) -> None:
    settings.CLAIMDESK_PUBLIC_BASE_URL = ""
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    reviews = {r["claimReviewed"]: r for r in json.loads(export_bytes(desk.project, "claimreview"))["@graph"]}
    assert (
        reviews["Assad remained in Damascus"]["url"]
        == f"https://checks.example/report#claim-{desk.damascus.pk}"
    )


# --- the desk: the claim panel's Publish / Unpublish -----------------------------------


def panel(client, claim: Claim) -> str:  # type: ignore[no-untyped-def]
    return client.get(reverse("annotations:claim-panel", args=[claim.pk])).content.decode()


def test_an_editor_sees_publish_on_a_verified_claim(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    assert reverse("annotations:claim-publish", args=[desk.damascus.pk]) in panel(client, desk.damascus)


def test_a_reviewer_sees_no_publish_button(client, desk: Desk) -> None:
    client.force_login(desk.users["rev_a"])
    assert reverse("annotations:claim-publish", args=[desk.damascus.pk]) not in panel(client, desk.damascus)


def test_a_disputed_claim_offers_no_publish(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    assert reverse("annotations:claim-publish", args=[desk.disputed.pk]) not in panel(client, desk.disputed)


def test_publish_and_unpublish_from_the_panel(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    client.post(reverse("annotations:claim-publish", args=[desk.damascus.pk]))
    publication = Publication.objects.get(claim=desk.damascus)
    assert publication.live
    assert page_url(publication) in panel(client, desk.damascus)
    assert reverse("annotations:published-index", args=[desk.project.slug]) in panel(client, desk.damascus)
    client.post(reverse("annotations:claim-unpublish", args=[desk.damascus.pk]))
    assert not Publication.objects.get(claim=desk.damascus).live


def test_publishing_a_disputed_claim_from_the_panel_says_why_not(client, desk: Desk) -> None:
    client.force_login(desk.users["editor"])
    response = client.post(reverse("annotations:claim-publish", args=[desk.disputed.pk]), follow=True)
    assert "Only a verified claim with a final verdict can be published" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_panel_warns_when_a_published_claim_is_no_longer_verified(client, desk: Desk) -> None:
    claim_publish(claim=desk.damascus, user=desk.users["editor"])
    Claim.objects.filter(pk=desk.damascus.pk).update(status="disputed", final_verdict="")
    client.force_login(desk.users["editor"])
    assert "This claim is no longer verified, but its public page still shows" in panel(client, desk.damascus)
