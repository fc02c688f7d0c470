from __future__ import annotations

import pytest

from annotations.models import Annotation, Claim, ClaimOrigin, ClaimStatus, Evidence
from tests.api.conftest import Desk, make_article, make_claim
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db

CLAIMS = "/api/v1/projects/desk/claims/"


@pytest.fixture
def searchable(desk: Desk) -> dict[str, Claim]:
    article = make_article(
        desk.project,
        body="Bridges were reopened downtown. Inflation fell to two percent. The army denied shelling the bridge.",
    )
    return {
        "bridges": make_claim(article, start=0, end=30),
        "inflation": make_claim(article, start=32, end=62),
        "army": make_claim(article, start=64, end=99, status=ClaimStatus.IN_REVIEW),
    }


def ids(response) -> set[int]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return {c["id"] for c in response.json()["results"]}


def test_full_text_search_stems_and_understands_web_syntax(desk: Desk, searchable):
    api = desk.client("viewer")
    # "bridge" matches "Bridges" (English stemming) and "bridge"; desk.claim says "bridge" too.
    assert ids(api.get(CLAIMS, {"q": "bridge"})) == {
        searchable["bridges"].pk,
        searchable["army"].pk,
        desk.claim.pk,
    }
    assert ids(api.get(CLAIMS, {"q": "bridge -army"})) == {searchable["bridges"].pk, desk.claim.pk}
    assert ids(api.get(CLAIMS, {"q": '"two percent"'})) == {searchable["inflation"].pk}
    assert ids(api.get(CLAIMS, {"q": "inflation or army"})) == {
        searchable["inflation"].pk,
        searchable["army"].pk,
    }
    assert ids(api.get(CLAIMS, {"q": "zebra"})) == set()
    # Punctuation a user might type is not a syntax error.
    assert api.get(CLAIMS, {"q": "'); DROP TABLE x; -- & | ! :*"}).status_code == 200


def test_search_never_crosses_projects(desk: Desk):
    assert ids(desk.client("owner").get(CLAIMS, {"q": "port closed"})) == set()


def test_search_reads_the_stored_indexed_vector(desk: Desk):
    from django.db import connection

    from annotations.selectors import ClaimFilters, claims_queue

    # The API's list filters through the review queue's selector (api/filters.py).
    queryset = claims_queue(project=desk.project, filters=ClaimFilters(q="bridge"), reader=None)
    sql = str(queryset.query)
    assert '"search_vector" @@' in sql
    assert "websearch_to_tsquery" in sql
    assert "to_tsvector" not in sql  # never recomputed per row
    # That condition is one the GIN index serves (the queue's joins aside, which a tiny test
    # table lets the planner start from).
    from django.contrib.postgres.search import SearchQuery

    condition = Claim.objects.filter(
        search_vector=SearchQuery("bridge", config="english", search_type="websearch")
    )
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")  # a tiny table would be scanned anyway
        plan = condition.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "claim_search_vector_gin" in plan


def test_claim_filters(desk: Desk, searchable):
    api = desk.client("viewer")
    assert ids(api.get(CLAIMS, {"status": "in_review"})) == {searchable["army"].pk}
    assert ids(api.get(CLAIMS, {"article": desk.article.pk})) == {desk.claim.pk}
    assert ids(api.get(CLAIMS, {"status": "unreviewed", "q": "inflation"})) == {searchable["inflation"].pk}
    assert len(ids(api.get(CLAIMS, {"is_direct_quote": "false"}))) == 4


@pytest.mark.parametrize(
    "params",
    [{"status": "nope"}, {"article": "abc"}, {"is_direct_quote": "maybe"}, {"updated_after": "soon"}],
)
def test_bad_filter_values_are_400(desk: Desk, params):
    response = desk.client("viewer").get(CLAIMS, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_unknown_and_orm_style_params_are_ignored(desk: Desk, searchable):
    api = desk.client("viewer")
    everything = ids(api.get(CLAIMS))
    assert (
        ids(
            api.get(CLAIMS, {"article__project__slug": "elsewhere", "text__regex": "^x", "ordering": "-text"})
        )
        == everything
    )


def test_claim_list_pages_and_has_no_n_plus_one(desk: Desk, django_assert_max_num_queries):
    article = make_article(desk.project, body="x" * 400)
    for i in range(60):
        make_claim(article, start=i, end=i + 5, source=SourceFactory(project=desk.project))
    api = desk.client("viewer")
    api.get(CLAIMS)
    with django_assert_max_num_queries(3):  # membership, page of claims with sources (no count query)
        first = api.get(CLAIMS, {"page_size": 25}).json()
    second = api.get(first["next"]).json()
    assert len(first["results"]) == 25
    assert first["results"][1]["source"]["name"].startswith("Source")
    assert first["results"][-1]["id"] < second["results"][0]["id"]


def test_edit_claim_text(desk: Desk):
    response = desk.client("reviewer").patch(
        f"/api/v1/claims/{desk.claim.pk}/", {"text": "  The bridge   reopened. "}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["text"] == "The bridge reopened."
    assert response.json()["origin"] == ClaimOrigin.EDITED
    assert (
        desk.client("reviewer")
        .patch(f"/api/v1/claims/{desk.claim.pk}/", {"text": "  "}, format="json")
        .status_code
        == 400
    )


def test_split_claim(desk: Desk):
    response = desk.client("reviewer").post(
        f"/api/v1/claims/{desk.claim.pk}/split/", {"at": 27}, format="json"
    )
    assert response.status_code == 201
    first, second = response.json()["claims"]
    assert (first["start"], first["end"], second["end"]) == (4, 27, 52)
    outside = desk.client("reviewer").post(f"/api/v1/claims/{desk.claim.pk}/split/", {"at": 2}, format="json")
    assert outside.status_code == 400
    assert "at" in outside.json()


def test_merge_claims(desk: Desk):
    extra = make_claim(desk.article, start=54, end=81)
    response = desk.client("editor").post(
        "/api/v1/claims/merge/", {"claims": [extra.pk, desk.claim.pk]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == desk.claim.pk
    assert response.json()["end"] == 81
    assert not Claim.objects.filter(pk=extra.pk).exists()


def test_merge_refuses_other_projects_claims_without_revealing_them(desk: Desk):
    response = desk.client("owner").post(
        "/api/v1/claims/merge/", {"claims": [desk.claim.pk, desk.other_claim.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "No such claim" in response.json()["claims"][0]
    assert Claim.objects.filter(pk=desk.other_claim.pk).exists()


def test_merge_across_articles_is_400(desk: Desk):
    other = make_claim(make_article(desk.project, body="Another article said things."), start=0, end=10)
    response = desk.client("owner").post(
        "/api/v1/claims/merge/", {"claims": [desk.claim.pk, other.pk]}, format="json"
    )
    assert response.status_code == 400
    assert "same article" in response.json()["detail"]


def test_add_and_delete_claim(desk: Desk):
    api = desk.client("reviewer")
    added = api.post(f"/api/v1/articles/{desk.article.pk}/claims/", {"start": 54, "end": 82}, format="json")
    assert added.status_code == 201
    assert added.json()["origin"] == "manual"
    assert added.json()["text"] == desk.article.body[54:82].strip()
    bad = api.post(f"/api/v1/articles/{desk.article.pk}/claims/", {"start": 5, "end": 100000}, format="json")
    assert bad.status_code == 400
    assert "start" in bad.json()
    assert api.delete(f"/api/v1/claims/{added.json()['id']}/").status_code == 204
    assert api.get(f"/api/v1/claims/{added.json()['id']}/").status_code == 404


def test_annotate_with_evidence_then_list(desk: Desk):
    source = desk.project.sources.get()
    payload = {
        "verdict": "mostly_true",
        "source": source.pk,
        "source_reliability": "B",
        "information_credibility": 2,
        "confidence": "moderate",
        "rationale": "<i>Checked</i> with the city.",
        "evidence": [{"url": "https://city.example/notice", "title": "Notice", "stance": "supports"}],
    }
    api = desk.client("reviewer")
    response = api.put(f"/api/v1/claims/{desk.claim.pk}/annotation/", payload, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["reviewer"] == "reviewer"
    assert body["rationale"] == "<i>Checked</i> with the city."
    assert [e["url"] for e in body["evidence"]] == ["https://city.example/notice"]
    # Replacing without `evidence` keeps the links.
    again = api.put(f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json").json()
    assert again["id"] == body["id"]
    assert len(again["evidence"]) == 1
    assert Annotation.objects.count() == 1
    assert Evidence.objects.count() == 1
    listed = desk.client("viewer").get(f"/api/v1/claims/{desk.claim.pk}/annotations/").json()["results"]
    assert [a["verdict"] for a in listed] == ["true"]
    assert api.get(f"/api/v1/claims/{desk.claim.pk}/").json()["status"] == ClaimStatus.IN_REVIEW
    assert desk.client("viewer").get(f"/api/v1/claims/{desk.claim.pk}/annotation/").status_code == 404


def test_an_annotation_save_costs_the_same_queries_each_time(desk: Desk, django_assert_num_queries):
    """The token with its user; the claim with its project and the caller's role; the
    annotation locked, written and its history row; the claim locked and its verdicts; when
    the status changes, the claim's update and history row; the evidence for the answer; the
    savepoint and its release. However many reviews came before."""
    clients = {who: desk.client(who) for who in ("reviewer", "editor", "owner")}
    for client in clients.values():  # a token's first use records it (once a minute)
        client.get(f"/api/v1/claims/{desk.claim.pk}/annotation/")
    url = f"/api/v1/claims/{desk.claim.pk}/annotation/"
    payload = {"verdict": "true", "source_reliability": "B", "confidence": "moderate"}

    def save(who: str, queries: int) -> str:
        with django_assert_num_queries(queries):
            response = clients[who].put(url, payload, format="json")
        assert response.status_code == 200, response.content
        return str(Claim.objects.get(pk=desk.claim.pk).status)

    assert save("reviewer", 12) == ClaimStatus.IN_REVIEW  # the status changes
    assert save("editor", 12) == ClaimStatus.VERIFIED  # two agreeing reviews: it changes again
    assert save("owner", 10) == ClaimStatus.VERIFIED  # it does not
    assert save("reviewer", 10) == ClaimStatus.VERIFIED  # a reviewer replacing their own


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"verdict": "pants_on_fire"}, "verdict"),
        ({"source_reliability": "Z"}, "source_reliability"),
        ({"information_credibility": 9}, "information_credibility"),
        ({"evidence": [{"url": "javascript:alert(1)"}]}, "evidence"),
        ({"evidence": [{"url": "https://ok.example", "stance": "meh"}]}, "evidence"),
    ],
)
def test_annotation_validation(desk: Desk, payload, field):
    response = desk.client("reviewer").put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/", payload, format="json"
    )
    assert response.status_code == 400, response.content
    assert field in response.json(), response.content
    assert not Annotation.objects.exists()


def test_annotation_cannot_borrow_another_projects_source(desk: Desk):
    foreign = SourceFactory(project=desk.other_project)
    response = desk.client("reviewer").put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/", {"source": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "source" in response.json()


def test_approve(desk: Desk):
    assert (
        desk.client("reviewer")
        .post(f"/api/v1/claims/{desk.claim.pk}/approve/", {"verdict": "true"})
        .status_code
        == 403
    )
    bad = desk.client("editor").post(
        f"/api/v1/claims/{desk.claim.pk}/approve/", {"verdict": "nope"}, format="json"
    )
    assert bad.status_code == 400
    assert "verdict" in bad.json()
    # A second pair of eyes: not before the policy's two reviews by others agree.
    alone = desk.client("editor").post(
        f"/api/v1/claims/{desk.claim.pk}/approve/", {"verdict": "false"}, format="json"
    )
    assert alone.status_code == 400
    assert "second pair of eyes" in alone.json()["detail"]
    for who in ("reviewer", "owner"):
        desk.client(who).put(
            f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "false"}, format="json"
        )
    response = desk.client("editor").post(
        f"/api/v1/claims/{desk.claim.pk}/approve/",
        {"verdict": "false", "note": "Bridge still shut."},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "verified"
    assert body["final_verdict"] == "false"
    assert body["verified_by"] == desk.users["editor"].pk  # type: ignore[attr-defined]


def test_split_refused_once_reviewed(desk: Desk):
    desk.client("reviewer").put(
        f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json"
    )
    response = desk.client("reviewer").post(
        f"/api/v1/claims/{desk.claim.pk}/split/", {"at": 27}, format="json"
    )
    assert response.status_code == 400
    assert "reviews" in response.json()["detail"]


def test_sources(desk: Desk):
    api = desk.client("reviewer")
    created = api.post(
        "/api/v1/projects/desk/sources/",
        {"name": "The Ministry of Health", "kind": "government", "aliases": ["MoH"]},
        format="json",
    )
    assert created.status_code == 201
    assert created.json()["aliases"] == ["moh"]
    assert (
        api.post("/api/v1/projects/desk/sources/", {"name": "ministry of health"}, format="json").status_code
        == 400
    )
    found = api.get("/api/v1/projects/desk/sources/", {"name": "moh"}).json()["results"]
    assert [s["name"] for s in found] == ["The Ministry of Health"]
    assert len(api.get("/api/v1/projects/desk/sources/", {"kind": "government"}).json()["results"]) == 1
    assert api.get(f"/api/v1/sources/{created.json()['id']}/").json()["kind"] == "government"
    assert api.post("/api/v1/projects/desk/sources/", {"name": "!!!"}, format="json").status_code == 400


def test_fast_claim_rendering_matches_drf(desk: Desk):
    from rest_framework import serializers

    from annotations.api.serializers import ClaimSerializer

    class Reference(ClaimSerializer):
        to_representation = serializers.ModelSerializer.to_representation  # type: ignore[assignment]

    source = desk.project.sources.get()
    claim = make_claim(
        desk.article,
        start=54,
        end=81,
        speaker_start=55,
        speaker_end=63,
        speaker_text="It is s",
        attribution_chain=[{"start": 55, "end": 63, "text": "It is s"}],
        is_direct_quote=True,
        source=source,
        status=ClaimStatus.VERIFIED,
        final_verdict="true",
        verified_by=desk.users["editor"],
    )
    Claim.objects.filter(pk=claim.pk).update(verified_at=claim.created_at)
    for item in (claim, desk.claim):
        item = Claim.objects.select_related("source").get(pk=item.pk)
        assert ClaimSerializer(item).data == Reference(item).data
        assert list(ClaimSerializer(item).data) == list(Reference(item).data)


def test_annotation_and_member_lists_have_no_n_plus_one(desk: Desk, django_assert_max_num_queries):
    from tests.factories import AnnotationFactory, EvidenceFactory, MembershipFactory

    for _ in range(15):
        annotation = AnnotationFactory(claim=desk.claim, verdict="true")
        EvidenceFactory(claim=desk.claim, added_by=annotation.reviewer, url="https://e.example/1")
        EvidenceFactory(claim=desk.claim, added_by=annotation.reviewer, url="https://e.example/2")
        MembershipFactory(project=desk.project, role="viewer")
    api = desk.client("viewer")
    api.get("/api/v1/projects/")
    # auth, claim + role, the no-anchoring check (own annotation, role), annotations, their evidence
    with django_assert_max_num_queries(7):
        annotations = api.get(f"/api/v1/claims/{desk.claim.pk}/annotations/").json()["results"]
    assert len(annotations) == 15
    assert all(len(a["evidence"]) == 2 for a in annotations)
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/projects/desk/members/").json()["results"]) == 19
    with django_assert_max_num_queries(3):
        assert len(api.get("/api/v1/projects/desk/sources/").json()["results"]) == 1


@pytest.mark.django_db
def test_claim_annotations_are_hidden_until_mine_is_saved():
    from annotations.models import Role
    from annotations.services.annotations import annotation_save
    from tests.api.conftest import token_client
    from tests.factories import ClaimFactory, MembershipFactory

    claim = ClaimFactory()
    project = claim.article.project
    first = MembershipFactory(project=project, role=Role.REVIEWER).user
    second = MembershipFactory(project=project, role=Role.REVIEWER).user
    annotation_save(claim=claim, reviewer=first, verdict="false", rationale="anchor")
    api = token_client(second)
    url = f"/api/v1/claims/{claim.pk}/annotations/"
    assert api.get(url).json()["results"] == []
    api.put(f"/api/v1/claims/{claim.pk}/annotation/", {"verdict": "true"}, format="json")
    assert sorted(a["verdict"] for a in api.get(url).json()["results"]) == ["false", "true"]
    viewer = token_client(MembershipFactory(project=project, role=Role.VIEWER).user)
    assert len(viewer.get(url).json()["results"]) == 2


# --- speaker, cue and stance (issue 15)


def _patch(desk: Desk, body: dict, who: str = "reviewer"):  # type: ignore[no-untyped-def,type-arg]
    return desk.client(who).patch(f"/api/v1/claims/{desk.claim.pk}/", body, format="json")


def test_patch_speaker_found_in_the_article_stores_its_offsets(desk: Desk):
    _patch(desk, {"speaker": "The Minister"})
    desk.claim.refresh_from_db()
    assert (desk.claim.speaker_start, desk.claim.speaker_end, desk.claim.speaker_text) == (
        0,
        12,
        "The minister",
    )


def test_patch_speaker_answers_with_the_linked_source(desk: Desk):
    response = _patch(desk, {"speaker": "the mayor"})
    assert response.json()["source"]["name"] == "The Mayor"  # the project's existing Source


def test_patch_speaker_not_in_the_article_is_text_only(desk: Desk):
    response = _patch(desk, {"speaker": "A ministry spokesperson"})
    assert (response.json()["speaker_start"], response.json()["speaker_text"]) == (
        None,
        "A ministry spokesperson",
    )


def test_patch_cue_and_stance(desk: Desk):
    _patch(desk, {"cue": "said", "stance": "denied"})
    desk.claim.refresh_from_db()
    assert (desk.claim.cue_text, desk.claim.cue_start, desk.claim.stance) == ("said", 13, "denied")


def test_patch_clears_the_speaker_with_an_empty_string(desk: Desk):
    _patch(desk, {"speaker": "the mayor"})
    response = _patch(desk, {"speaker": ""})
    assert (response.json()["speaker_text"], response.json()["source"]["name"]) == ("", "Example Wire")


def test_patch_attribution_is_in_the_history_with_the_user(desk: Desk):
    _patch(desk, {"stance": "denied"})
    last = desk.claim.history.latest("history_date")
    assert (last.history_user.username, last.stance) == ("reviewer", "denied")


@pytest.mark.parametrize(
    "body",
    [
        {"stance": "maybe"},
        {"speaker": "<script>alert(1)</script>"},
        {"speaker": "x" * 501},
        {"cue": 7},
        {"speaker": "ok", "cue": "bad\x07"},
    ],
)
def test_patch_bad_attribution_is_a_400_and_changes_nothing(desk: Desk, body):  # type: ignore[no-untyped-def]
    response = _patch(desk, body)
    desk.claim.refresh_from_db()
    assert (response.status_code, desk.claim.speaker_text, desk.claim.stance) == (400, "", "asserted")


def test_patch_text_and_a_bad_stance_changes_neither(desk: Desk):
    _patch(desk, {"text": "Another wording.", "stance": "maybe"})
    desk.claim.refresh_from_db()
    assert desk.claim.text != "Another wording."


def test_a_viewer_may_not_patch_the_speaker(desk: Desk):
    assert _patch(desk, {"speaker": "the mayor"}, who="viewer").status_code == 403


def test_another_projects_claim_is_not_found(desk: Desk):
    response = desk.client("reviewer").patch(
        f"/api/v1/claims/{desk.other_claim.pk}/", {"speaker": "x"}, format="json"
    )
    assert response.status_code == 404


def test_an_annotation_save_looks_the_callers_role_up_once(desk: Desk):
    """The claim is read with the caller's role; the service's permission check reuses it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = desk.client("reviewer")
    with CaptureQueriesContext(connection) as queries:
        response = api.put(f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json")
    assert response.status_code == 200, response.content
    role_lookups = [q["sql"] for q in queries if 'FROM "annotations_membership"' in q["sql"]]
    assert role_lookups == []


def test_an_annotation_save_through_the_api_never_reads_the_article_body(desk: Desk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = desk.client("reviewer")
    with CaptureQueriesContext(connection) as queries:
        api.put(f"/api/v1/claims/{desk.claim.pk}/annotation/", {"verdict": "true"}, format="json")
    assert not [q["sql"] for q in queries if '"annotations_article"."body"' in q["sql"]]


def test_the_claim_list_filters_with_the_queues_verdict_rule(desk: Desk):
    """`verdict` is the review queue's filter: another reviewer's verdict selects a claim only
    for those who may see it (no anchoring), through the API as in the queue and exports."""
    from annotations.services.annotations import annotation_save
    from tests.factories import MembershipFactory

    other = MembershipFactory(project=desk.project, role="reviewer").user
    annotation_save(claim=desk.claim, reviewer=other, verdict="false")
    listed = desk.client("reviewer").get("/api/v1/projects/desk/claims/", {"verdict": "false"}).json()
    assert listed["results"] == []


def test_a_viewer_filters_by_any_reviewers_verdict(desk: Desk):
    from annotations.services.annotations import annotation_save
    from tests.factories import MembershipFactory

    other = MembershipFactory(project=desk.project, role="reviewer").user
    annotation_save(claim=desk.claim, reviewer=other, verdict="false")
    listed = desk.client("viewer").get("/api/v1/projects/desk/claims/", {"verdict": "false"}).json()
    assert [c["id"] for c in listed["results"]] == [desk.claim.pk]


def test_the_claim_list_filters_by_outlet_like_the_queue(desk: Desk):
    listed = desk.client("viewer").get("/api/v1/projects/desk/claims/", {"outlet": "No such outlet"}).json()
    assert listed["results"] == []
