"""Every format read back and compared with the database; the formula guard; ClaimReview's
fields; the report's summary; the reviewer-merge rule."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotations.exports.claimreview import ClaimReviewError
from annotations.exports.records import merge_annotations
from annotations.exports.tabular import COLUMNS, neutralise, unneutralise
from annotations.models import Claim, ClaimStatus
from annotations.services.accounts import display_name
from tests.exports.conftest import FORMULA_TEXT, JS_URL, export_bytes

pytestmark = pytest.mark.django_db

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert data.startswith("\ufeff".encode())  # the BOM Excel needs to read UTF-8
    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def db_claim(pk: int) -> Claim:
    return Claim.objects.select_related("article", "source", "verified_by").get(pk=pk)


def iso(value) -> str:
    return value.isoformat() if value else ""


# --- CSV -------------------------------------------------------------------------


def test_csv_round_trip_holds_the_verified_claims_as_in_the_database(desk):
    rows = {
        int(unneutralise(r["claim_id"])): {k: unneutralise(v) for k, v in r.items()}
        for r in read_csv(export_bytes(desk.project, "csv"))
    }
    # Default: the project's verified claims only; nothing from the other project.
    assert set(rows) == {c.pk for c in desk.verified}
    for pk, row in rows.items():
        claim = db_claim(pk)
        annotations = list(claim.annotations.order_by("created_at").select_related("reviewer"))
        evidence_urls = list(dict.fromkeys(e.url for e in claim.evidence.order_by("created_at", "id")))
        assert row["claim"] == claim.text
        assert row["status"] == claim.status
        assert row["stance"] == claim.stance
        assert row["article_title"] == claim.article.title
        assert row["article_url"] == claim.article.url
        assert row["article_outlet"] == claim.article.outlet
        assert row["article_published_at"] == iso(claim.article.published_at)
        # No reviewer chose another source here: the engine's, and its speaker apart.
        assert row["source"] == claim.source.name
        assert row["source_from"] in ("annotation", "engine")
        assert row["engine_speaker"] == claim.speaker_chain
        assert row["cue"] == claim.cue_text
        assert row["verdict"] == claim.final_verdict
        assert row["final_note"] == claim.final_note
        assert row["evidence_urls"].split() == evidence_urls
        reviewers = row["reviewers"].split(", ") if row["reviewers"] else []
        assert reviewers == [display_name(a.reviewer) for a in annotations]
        assert row["verified_by"] == display_name(claim.verified_by)
        assert row["verified_at"] == iso(claim.verified_at)

    # The merge rule: the most recent reviewer who agreed with the final verdict ("false")
    # is -rev_b (D, 4, no confidence, no rationale); blanks fall through to rev_a; the
    # editor's later "true" annotation (A, 1, low) is never used.
    damascus = rows[desk.damascus.pk]
    assert (damascus["source_reliability"], damascus["information_credibility"]) == ("D", "4")
    assert damascus["confidence"] == "high"
    assert damascus["rationale"] == "Flight records show otherwise."
    assert damascus["verdict_label"] == "False"
    # No grade from any reviewer: the source's default grade.
    assert rows[desk.hostile.pk]["source_reliability"] == "E"
    assert rows[desk.evacuated.pk]["source_reliability"] == "C"
    assert rows[desk.evacuated.pk]["information_credibility"] == ""


def test_csv_filters_are_the_review_queue_filters(desk):
    every = {int(r["claim_id"]) for r in read_csv(export_bytes(desk.project, "csv", {"status": ""}))}
    assert every == {c.pk for c in [*desk.verified, desk.disputed, desk.unreviewed]}
    disputed = {
        int(r["claim_id"]) for r in read_csv(export_bytes(desk.project, "csv", {"status": "disputed"}))
    }
    assert disputed == {desk.disputed.pk}
    wire = read_csv(export_bytes(desk.project, "csv", {"outlet": "example wire"}))
    assert [int(r["claim_id"]) for r in wire] == [desk.damascus.pk]
    by_verdict = read_csv(export_bytes(desk.project, "csv", {"verdict": "unverifiable"}))
    assert [int(r["claim_id"]) for r in by_verdict] == [desk.evacuated.pk]


def test_csv_neutralises_cells_a_spreadsheet_would_run(desk):
    rows = {int(r["claim_id"]): r for r in read_csv(export_bytes(desk.project, "csv", {"status": ""}))}
    for row in rows.values():
        for column, cell in row.items():
            assert not cell.startswith(TRIGGERS), (column, cell)
            assert not cell.lstrip(" ").startswith(TRIGGERS), (column, cell)
    hostile = rows[desk.hostile.pk]
    assert hostile["article_outlet"] == "'@Outlet"
    assert hostile["verified_by"] == "'-rev_b"
    assert hostile["rationale"] == "'+cmd|' /C calc'!A0"
    assert hostile["final_note"].startswith("'=1+1")
    assert rows[desk.disputed.pk]["claim"] == "'" + FORMULA_TEXT


@pytest.mark.parametrize("trigger", [*TRIGGERS, "'", "  =", " \t"])
def test_neutralise_prefixes_a_quote(trigger):
    assert neutralise(f"{trigger}SUM(A1)") == f"'{trigger}SUM(A1)"


@pytest.mark.parametrize(
    "safe", ["", "plain", "3,000", "2026-11-01T09:00:00+00:00", "a=b", "https://x.example/?a=-1"]
)
def test_neutralise_leaves_ordinary_text_alone(safe):
    assert neutralise(safe) == safe


@given(st.text(max_size=30))
def test_neutralising_is_reversible_and_never_starts_with_a_trigger(value):
    cell = neutralise(value)
    assert unneutralise(cell) == value
    assert not cell.startswith(TRIGGERS)
    assert not cell.lstrip(" ").startswith(TRIGGERS)


# --- JSON and JSON Lines ---------------------------------------------------------------


def check_record(record, desk):
    claim = db_claim(record["id"])
    assert record["text"] == claim.text
    assert record["status"] == claim.status
    assert record["span"] == {"start": claim.start, "end": claim.end}
    assert record["article"]["title"] == claim.article.title
    assert record["article"]["url"] == claim.article.url
    assert record["attribution"]["speaker"]["text"] == claim.speaker_text
    assert record["attribution"]["cue"]["text"] == claim.cue_text
    assert record["attribution"]["chain"] == claim.attribution_chain
    assert record["attribution"]["source"]["name"] == claim.source.name
    assert record["verdict"]["value"] == claim.final_verdict
    assert record["verified_by"] == display_name(claim.verified_by)
    db_annotations = list(claim.annotations.order_by("created_at", "id").select_related("reviewer"))
    assert [a["reviewer"] for a in record["annotations"]] == [
        display_name(a.reviewer) for a in db_annotations
    ]
    for exported, annotation in zip(record["annotations"], db_annotations, strict=True):
        assert exported["verdict"] == annotation.verdict
        assert exported["source_reliability"] == annotation.source_reliability
        assert exported["information_credibility"] == annotation.information_credibility
        assert exported["rationale"] == annotation.rationale
    assert [(e["url"], e["title"], e["stance"], e["added_by"]) for e in record["evidence"]] == [
        (e.url, e.title, e.stance, display_name(e.added_by))
        for e in claim.evidence.order_by("created_at", "id").select_related("document", "added_by")
    ]
    # The quoted sentence in context, cut from the article body at the stored offsets.
    context = record["context"]
    body = claim.article.body
    assert context["text"] == body[context["start"] : context["end"]]
    assert body[claim.start : claim.end] in context["text"]


def test_json_round_trip(desk):
    document = json.loads(export_bytes(desk.project, "json"))
    assert document["format"] == "claimdesk.claims"
    assert document["filters"] == {"status": "verified"}
    assert document["project"]["slug"] == desk.project.slug
    assert {r["id"] for r in document["claims"]} == {c.pk for c in desk.verified}
    for record in document["claims"]:
        check_record(record, desk)
    damascus = next(r for r in document["claims"] if r["id"] == desk.damascus.pk)
    assert damascus["assessment"]["source_reliability"] == "D"
    assert damascus["assessment"]["reliability_from"] == "annotation"
    assert damascus["context"]["text"] == "Syrian state media said Assad remained in Damascus on Sunday."


def test_jsonl_round_trip_and_an_empty_export(desk):
    lines = export_bytes(desk.project, "jsonl").decode().splitlines()
    records = [json.loads(line) for line in lines]
    assert {r["id"] for r in records} == {c.pk for c in desk.verified}
    for record in records:
        check_record(record, desk)
    assert export_bytes(desk.project, "jsonl", {"outlet": "nobody"}) == b""
    assert json.loads(export_bytes(desk.project, "json", {"outlet": "nobody"}))["claims"] == []


# --- ClaimReview -------------------------------------------------------------------


def test_claimreview_has_googles_required_and_recommended_fields(desk):
    document = json.loads(export_bytes(desk.project, "claimreview", {"status": ""}))
    assert document["@context"] == "https://schema.org"
    reviews = {r["url"]: r for r in document["@graph"]}
    # One per verified claim, even when the filters chose more.
    assert set(reviews) == {f"https://checks.example/report#claim-{c.pk}" for c in desk.verified}
    for review in reviews.values():
        assert review["@type"] == "ClaimReview"
        # Required.
        assert review["claimReviewed"]
        assert review["reviewRating"]["@type"] == "Rating"
        assert review["reviewRating"]["alternateName"]
        assert review["url"].startswith(desk.project.publisher_url)
        # Recommended.
        assert review["author"] == {
            "@type": "Organization",
            "name": "Desk Checks",
            "url": "https://checks.example/report",
        }
        assert len(review["datePublished"]) == 10
        item = review["itemReviewed"]
        assert item["@type"] == "Claim"
        assert item["author"]["@type"] in {"Person", "Organization"}
        assert item["author"]["name"]
        assert item["appearance"]["@type"] == "CreativeWork"

    damascus = reviews[f"https://checks.example/report#claim-{desk.damascus.pk}"]
    claim = db_claim(desk.damascus.pk)
    assert damascus["claimReviewed"] == claim.text
    assert damascus["datePublished"] == claim.verified_at.date().isoformat()
    assert damascus["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "False",
        "name": "False",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert damascus["itemReviewed"]["author"] == {"@type": "Organization", "name": "Syrian state media"}
    assert damascus["itemReviewed"]["datePublished"] == "2026-11-01"
    assert damascus["itemReviewed"]["appearance"]["url"] == "https://news.example/assad"

    hostile = reviews[f"https://checks.example/report#claim-{desk.hostile.pk}"]
    assert hostile["itemReviewed"]["author"]["@type"] == "Person"
    assert hostile["reviewRating"]["ratingValue"] == 2
    # A javascript: article URL is never published as a link.
    assert "url" not in hostile["itemReviewed"]["appearance"]
    assert JS_URL not in json.dumps(document)

    # Unverifiable has no number on the scale: the textual rating only.
    unverifiable = reviews[f"https://checks.example/report#claim-{desk.evacuated.pk}"]
    assert unverifiable["reviewRating"]["alternateName"] == "Unverifiable"
    assert "ratingValue" not in unverifiable["reviewRating"]


def test_claimreview_needs_a_publisher_url(desk):
    desk.project.publisher_url = ""
    desk.project.save()
    with pytest.raises(ClaimReviewError, match="publisher URL"):
        export_bytes(desk.project, "claimreview")


def test_claimreview_skips_claims_that_lost_their_verified_status(desk):
    Claim.objects.filter(pk=desk.hostile.pk).update(status=ClaimStatus.DISPUTED)
    document = json.loads(export_bytes(desk.project, "claimreview", {"status": ""}))
    assert len(document["@graph"]) == 2


# --- the merge rule ------------------------------------------------------------------


def ann(pk, verdict, updated, **grades):
    base = {
        "source": None,
        "source_reliability": "",
        "information_credibility": None,
        "confidence": "",
        "rationale": "",
    }
    return {"id": pk, "verdict": verdict, "updated_at": updated, **base, **grades}


def src(pk, name, default="", kind="unknown"):
    return {"id": pk, "name": name, "kind": kind, "default_reliability": default}


def test_merge_prefers_the_latest_agreeing_reviewer_and_fills_blanks_from_the_next():
    merged = merge_annotations(
        [
            ann(1, "false", "2026-01-01T10:00:00+00:00", source_reliability="C", confidence="high"),
            ann(2, "false", "2026-01-01T10:00:00.5+00:00", source_reliability="D"),
            ann(3, "true", "2026-01-03T00:00:00+00:00", source_reliability="A", confidence="low"),
        ],
        "false",
        src(9, "Engine's source", "B"),
    )
    assert merged["source_reliability"] == "D"
    assert merged["confidence"] == "high"
    assert merged["annotation_id"] == 2
    assert merged["reliability_from"] == "annotation"


def test_merge_without_agreement_uses_every_review_newest_first_then_the_source_default():
    reviews = [
        ann(1, "true", "2026-01-01T00:00:00+00:00", confidence="low"),
        ann(2, "false", "2026-01-02T00:00:00+00:00"),
    ]
    merged = merge_annotations(reviews, "half_true", src(9, "Engine's source", "B"))
    assert merged["confidence"] == "low"
    assert merged["annotation_id"] == 2
    assert (merged["source_reliability"], merged["reliability_from"]) == ("B", "source default")
    assert (merged["source"]["name"], merged["source_from"]) == ("Engine's source", "engine")
    empty = merge_annotations([], "", None)
    assert (empty["source_reliability"], empty["source"], empty["source_from"]) == ("", None, "")


def test_merge_takes_the_source_the_reviewers_chose_with_the_grade_they_gave_it():
    engine, rebels, other = src(9, "Arabic media", "B"), src(7, "Rebel command", "D"), src(8, "Other", "A")
    reviews = [
        # Oldest: graded the engine's source (chose none).
        ann(1, "false", "2026-01-01T00:00:00+00:00", source_reliability="A"),
        ann(2, "false", "2026-01-02T00:00:00+00:00", source=rebels, source_reliability="E"),
        # Newest agreeing: chose the rebels too, no grade; a disagreeing review chose another.
        ann(3, "false", "2026-01-03T00:00:00+00:00", source=rebels),
        ann(4, "true", "2026-01-04T00:00:00+00:00", source=other, source_reliability="A"),
    ]
    merged = merge_annotations(reviews, "false", engine)
    assert (merged["source"], merged["source_from"]) == (
        {"id": 7, "name": "Rebel command", "kind": "unknown"},
        "annotation",
    )
    # The grade the reviewers gave *that* source, not the engine's source's "A".
    assert (merged["source_reliability"], merged["reliability_from"]) == ("E", "annotation")
    # Nobody graded the chosen source: its own default, not the engine's source's.
    ungraded = merge_annotations([reviews[0], reviews[2]], "false", engine)
    assert (ungraded["source_reliability"], ungraded["reliability_from"]) == ("D", "source default")


def test_claimreview_can_be_pasted_into_a_script_element(desk):
    """Issue 14: ClaimReview carried raw ``</script`` from article text; it is meant for a
    ``<script type="application/ld+json">`` element, where that ends the element."""
    raw = export_bytes(desk.project, "claimreview").decode()
    # The hostile claim's text holds </script>; the file has no < > & at all, only escapes.
    assert "<" not in raw
    assert ">" not in raw
    assert "&" not in raw
    assert "\\u003c/script\\u003e" in raw
    document = json.loads(raw)
    texts = {r["claimReviewed"] for r in document["@graph"]}
    assert db_claim(desk.hostile.pk).text in texts  # the same text, read back


# --- the reviewers' source, the engine's speaker --------------------------------------------


@pytest.fixture
def chosen_source(desk):
    """A verified claim the engine attributed to "Arabic media, citing rebel sources"
    (linked to the Source "Arabic media", graded B by default) whose reviewers decided the
    source is "Rebel command" and graded that E."""
    from annotations.models import Annotation, Article, SourceKind
    from tests.factories import SourceFactory

    body = "Arabic media, citing rebel sources, said Assad boarded a plane to Moscow."
    article = Article.objects.create(
        project=desk.project, title="The plane", body=body, content_hash="plane", outlet="Wire"
    )
    arabic = SourceFactory(project=desk.project, name="Arabic media", default_reliability="B")
    rebels = SourceFactory(project=desk.project, name="Rebel command", kind=SourceKind.GROUP)
    start = body.index("Assad")
    claim = Claim.objects.create(
        article=article,
        start=start,
        end=len(body) - 1,
        text="Assad boarded a plane to Moscow",
        speaker_start=0,
        speaker_end=12,
        speaker_text="Arabic media",
        attribution_chain=[
            {"start": 0, "end": 12, "text": "Arabic media"},
            {"start": 21, "end": 34, "text": "rebel sources"},
        ],
        source=arabic,
        status=ClaimStatus.VERIFIED,
        final_verdict="false",
        verified_at=desk.damascus.verified_at,
    )
    for user in (desk.users["rev_a"], desk.users["rev_b"]):
        Annotation.objects.create(
            claim=claim, reviewer=user, verdict="false", source=rebels, source_reliability="E"
        )
    return claim


def test_exports_carry_the_reviewers_source_and_the_engines_speaker_apart(desk, chosen_source):
    """Issue 14: the CSV's `source` and ClaimReview's author were the engine's speaker, next to
    grades the reviewers gave the source they chose; the engine's chain was cut short."""
    row = next(
        r for r in read_csv(export_bytes(desk.project, "csv")) if r["claim_id"] == str(chosen_source.pk)
    )
    assert (row["source"], row["source_from"], row["source_reliability"]) == (
        "Rebel command",
        "annotation",
        "E",
    )
    assert row["engine_speaker"] == "Arabic media, citing rebel sources" == chosen_source.speaker_chain

    record = next(
        r for r in json.loads(export_bytes(desk.project, "json"))["claims"] if r["id"] == chosen_source.pk
    )
    assert record["assessment"]["source"]["name"] == "Rebel command"
    assert record["assessment"]["source_from"] == "annotation"
    assert record["attribution"]["source"]["name"] == "Arabic media"  # the engine's link, kept
    assert record["attribution"]["speaker_chain"] == "Arabic media, citing rebel sources"
    assert {a["source"] for a in record["annotations"]} == {"Rebel command"}
    assert all(isinstance(a["source_id"], int) for a in record["annotations"])

    reviews = json.loads(export_bytes(desk.project, "claimreview"))["@graph"]
    review = next(r for r in reviews if r["url"].endswith(f"#claim-{chosen_source.pk}"))
    assert review["itemReviewed"]["author"] == {"@type": "Organization", "name": "Rebel command"}

    html = export_bytes(desk.project, "html").decode()
    section = html[html.index(f'id="claim-{chosen_source.pk}"') :]
    section = section[: section.index("</article>")]
    assert "Rebel command" in section
    assert "Arabic media, citing rebel sources" in section


# --- an analyst's correction of the attribution (issue 15) -------------------------------


def _analyst_says_rebels(desk) -> None:  # type: ignore[no-untyped-def]
    from annotations.services.claims import claim_edit_attribution

    claim_edit_attribution(
        claim=desk.evacuated, user=desk.users["rev_a"], speaker="Rebel commanders", stance="denied"
    )


def test_csv_engine_speaker_is_the_analysts_speaker(desk):
    _analyst_says_rebels(desk)
    rows = {int(r["claim_id"]): r for r in read_csv(export_bytes(desk.project, "csv"))}
    assert rows[desk.evacuated.pk]["engine_speaker"] == "Rebel commanders"


def test_csv_stance_is_the_analysts_stance(desk):
    _analyst_says_rebels(desk)
    rows = {int(r["claim_id"]): r for r in read_csv(export_bytes(desk.project, "csv"))}
    assert rows[desk.evacuated.pk]["stance"] == "denied"


def test_json_speaker_is_the_analysts_speaker(desk):
    _analyst_says_rebels(desk)
    records = {r["id"]: r for r in json.loads(export_bytes(desk.project, "json"))["claims"]}
    assert records[desk.evacuated.pk]["attribution"]["speaker_chain"] == "Rebel commanders"


def test_json_speaker_not_in_the_article_has_text_and_no_offsets(desk):
    _analyst_says_rebels(desk)
    records = {r["id"]: r for r in json.loads(export_bytes(desk.project, "json"))["claims"]}
    assert records[desk.evacuated.pk]["attribution"]["speaker"] == {
        "text": "Rebel commanders",
        "start": None,
        "end": None,
    }


def test_report_shows_the_analysts_speaker(desk):
    _analyst_says_rebels(desk)
    html = export_bytes(desk.project, "html").decode()
    assert "Rebel commanders" in html
