"""The HTML and PDF report: summary, claims, and hostile text rendered inert."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from pypdf import PdfReader

from annotations.exports.pdf import html_to_pdf
from annotations.exports.report import ReportTooLargeError
from tests.exports.conftest import JS_URL, XSS_SOURCE, XSS_TEXT, XSS_TITLE, export_bytes

pytestmark = pytest.mark.django_db

# Every element the report template writes; anything else came from user text.
OUR_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "h4", "p", "main", "section",
    "svg", "text", "rect", "table", "caption", "thead", "tbody", "tr", "th", "td", "article", "span", "dl", "dt",
    "dd", "blockquote", "mark", "ul", "li", "a", "br", "footer", "strong",
}  # fmt: skip


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    return parser


def test_html_report_has_the_summary_and_every_claim(desk):
    html = export_bytes(desk.project, "html").decode()
    assert "3 claims." in html
    # Counts by verdict: the chart (inline SVG, no script) and the same numbers as a table.
    assert re.search(r"<svg[^>]*role=\"img\"", html)
    assert html.count("<rect ") == 3
    for label in ("False", "Mostly false", "Unverifiable"):
        assert f"<tr><td>{label}</td><td>1</td></tr>" in html
    # Sources by reliability: graded as the merge rule says.
    assert "D — Not usually reliable</td><td>1</td><td>1</td>" in html
    assert "Syrian state media (1)" in html
    for claim in desk.verified:
        assert f'id="claim-{claim.pk}"' in html
    assert "Assad remained in Damascus" in html
    # The quoted sentence in context, the claim marked.
    assert "Syrian state media said <mark>Assad remained in Damascus on Sunday</mark>." in html
    assert "Flight records show otherwise." in html
    assert "https://evidence.example/moscow" in html
    assert "rev_a: False" in html
    assert "editor1: True" in html
    assert desk.unreviewed.text not in html
    assert "secret" not in html


def test_html_report_renders_hostile_text_inert(desk):
    html = export_bytes(desk.project, "html", {"status": ""}).decode()
    elements = parse(html)
    for tag, attrs in elements.tags:
        assert tag in OUR_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                # Links out are http(s); page 1 links to the claims below it.
                assert value, value
                assert value.startswith(("https://", "http://")) or re.fullmatch(r"#claim-\d+", value), value
    assert "<script" not in html
    assert "<img" not in html
    assert "<svg onload" not in html
    # Shown as text, escaped.
    assert "&lt;script&gt;alert(&quot;claim&quot;)&lt;/script&gt;" in html
    assert "Rami &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;svg onload=alert(&quot;evidence&quot;)&gt;Satellite images" in html
    # The javascript: article URL is text, never a link.
    assert JS_URL in html
    assert not re.search(r"href=[\"']?\s*javascript", html, re.IGNORECASE)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_opens_and_holds_the_claims_with_hostile_text_as_text(desk):
    data = export_bytes(desk.project, "pdf")
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = pdf_text(data)
    assert "claims report" in text
    assert "3 claims." in text
    for claim in desk.verified:
        assert " ".join(claim.text.split()) in text
    assert "Flight records show otherwise." in text
    assert XSS_SOURCE in text
    assert XSS_TITLE in text
    assert XSS_TEXT in text
    # Links: only http(s); no JavaScript anywhere in the file.
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert "https://news.example/assad" in uris
    assert uris
    assert all(uri.startswith(("https://", "http://")) for uri in uris)
    assert b"/JavaScript" not in data
    assert b"/JS" not in data


def test_pdf_fetches_nothing_from_network_or_disk(tmp_path):
    secret = tmp_path / "secret.css"
    secret.write_text("body::before { content: 'LEAKED-SECRET'; }")
    image = tmp_path / "pic.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    html = (
        f'<html><head><link rel="stylesheet" href="file://{secret}">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css"></head>'
        f'<body><p>visible</p><img src="file://{image}"><img src="https://example.com/x.png">'
        '<img src="data:image/png;base64,iVBORw0KGgo="></body></html>'
    )
    out = io.BytesIO()
    fetcher = html_to_pdf(html, out)
    assert f"file://{secret}" in fetcher.refused
    assert "http://127.0.0.1:9/x.css" in fetcher.refused
    assert f"file://{image}" in fetcher.refused
    assert "https://example.com/x.png" in fetcher.refused
    assert any(url.startswith("data:") for url in fetcher.refused)
    text = pdf_text(out.getvalue())
    assert "visible" in text
    assert "LEAKED-SECRET" not in text


def test_pdf_refuses_more_claims_than_it_can_lay_out(desk, monkeypatch):
    monkeypatch.setattr("annotations.services.exports.PDF_MAX_CLAIMS", 2)
    with pytest.raises(ReportTooLargeError, match="at most 2"):
        export_bytes(desk.project, "pdf")


# --- what an editor sends (issue 17): page 1 a summary, claims as analysts left them -------------


def pdf_pages(data: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_pdf_page_one_is_the_summary_and_the_claims_start_on_page_two(desk):
    pages = pdf_pages(export_bytes(desk.project, "pdf"))
    assert (pages[0].count("Summary"), pages[1].startswith("Claims")) == (1, True)


def test_pdf_page_one_counts_claims_articles_sources_and_statuses(desk):
    page_one = pdf_pages(export_bytes(desk.project, "pdf", {"status": ""}))[0]
    assert "5 claims. From 3 articles" in page_one
    assert "Claims by status" in page_one
    assert all(f"{label}" in page_one for label in ("Unreviewed", "Verified", "Disputed"))


def test_page_one_charts_the_verdicts_in_svg_drawn_on_the_server(desk):
    html = export_bytes(desk.project, "html").decode()
    summary = html[html.index('id="summary-h"') : html.index('id="claims-h"')]
    assert re.search(r'<svg[^>]*role="img"[^>]*aria-labelledby="verdicts-h"', summary)
    assert "<script" not in html


def test_page_one_lists_the_most_important_claims_false_first(desk):
    page_one = pdf_pages(export_bytes(desk.project, "pdf", {"status": ""}))[0]
    key = page_one[page_one.index("Most important claims") : page_one.index("Sources by reliability")]
    order = [key.index(text) for text in ("Assad remained in Damascus", "army", "dam burst", "3,000 people")]
    assert order == sorted(order)  # False, Mostly false, then the dispute, then Unverifiable


def test_unreviewed_claims_are_not_among_the_most_important(desk):
    html = export_bytes(desk.project, "html", {"status": ""}).decode()
    key = html[html.index('id="key-claims-h"') : html.index("Sources by reliability")]
    assert desk.unreviewed.text not in key


def test_claim_headings_are_the_claims_as_analysts_edited_them(desk):
    from annotations.services.claims import claim_edit_text

    claim_edit_text(
        claim=desk.damascus, text="Assad was still in Damascus on 8 December", user=desk.users["rev_a"]
    )
    text = pdf_text(export_bytes(desk.project, "pdf"))
    assert "Assad was still in Damascus on 8 December False · Verified" in text


def test_each_claim_names_its_article_title_outlet_date_and_visible_link(desk):
    pages = pdf_pages(export_bytes(desk.project, "pdf"))
    assert "Article Assad's whereabouts · Example Wire · 2026-11-01 https://news.example/assad" in " ".join(
        pages[1:]
    )


def test_each_claim_shows_its_source_chain(desk):
    from annotations.models import Claim

    Claim.objects.filter(pk=desk.damascus.pk).update(
        attribution_chain=[
            {"start": 0, "end": 18, "text": "Syrian state media"},
            {"start": 0, "end": 1, "text": "army officers"},
        ]
    )
    assert "Source chain Syrian state media, citing army officers" in pdf_text(
        export_bytes(desk.project, "pdf")
    )


def test_the_verdict_label_is_the_projects_own(desk):
    desk.project.rating_scale = [
        {"value": "false", "label": "Pants on fire", "rating": 1},
        *[v for v in desk.project.rating_scale if v["value"] != "false"],
    ]
    desk.project.save()
    text = pdf_text(export_bytes(desk.project, "pdf"))
    assert "Assad remained in Damascus Pants on fire · Verified" in text


def test_grades_are_shown_with_their_meanings(desk):
    text = pdf_text(export_bytes(desk.project, "pdf"))
    claim = text[text.index("Assad remained in Damascus False") :]
    assert all(
        part in claim
        for part in (
            "Source reliability D — Not usually reliable",
            "Credibility 4 — Doubtful",
            "Confidence High — sound judgement",
        )
    )


def test_the_report_ends_with_a_key_to_every_grade(desk):
    text = pdf_text(export_bytes(desk.project, "pdf"))
    key = text[text.index("Key to the grades") :]
    assert all(
        part in key for part in ("F — Reliability cannot be judged", "6 — Truth cannot be judged", "Low — ")
    )


def test_reviewers_are_named_by_display_name(desk):
    rev_a = desk.users["rev_a"]
    rev_a.first_name = "Rana Aziz"
    rev_a.save()
    text = pdf_text(export_bytes(desk.project, "pdf"))
    assert "Reviewed by Rana Aziz, -rev_b, editor1" in text
