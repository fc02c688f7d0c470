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
    "dd", "blockquote", "mark", "ul", "li", "a", "br", "footer",
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
    assert "Flight records show otherwise." in html and "https://evidence.example/moscow" in html
    assert "rev_a: False" in html and "editor1: True" in html
    assert desk.unreviewed.text not in html and "secret" not in html


def test_html_report_renders_hostile_text_inert(desk):
    html = export_bytes(desk.project, "html", {"status": ""}).decode()
    elements = parse(html)
    for tag, attrs in elements.tags:
        assert tag in OUR_TAGS, tag
        for name, value in attrs:
            assert not name.startswith("on"), (tag, name)
            if name == "href":
                assert value and value.startswith(("https://", "http://")), value
    assert "<script" not in html and "<img" not in html and "<svg onload" not in html
    # Shown as text, escaped.
    assert "&lt;script&gt;alert(&quot;claim&quot;)&lt;/script&gt;" in html
    assert "Rami &lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;svg onload=alert(&quot;evidence&quot;)&gt;Satellite images" in html
    # The javascript: article URL is text, never a link.
    assert JS_URL in html and not re.search(r"href=[\"']?\s*javascript", html, re.IGNORECASE)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_pdf_opens_and_holds_the_claims_with_hostile_text_as_text(desk):
    data = export_bytes(desk.project, "pdf")
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 1
    text = pdf_text(data)
    assert "claims report" in text and "3 claims." in text
    for claim in desk.verified:
        assert " ".join(claim.text.split()) in text
    assert "Flight records show otherwise." in text
    assert XSS_SOURCE in text and XSS_TITLE in text and XSS_TEXT in text
    # Links: only http(s); no JavaScript anywhere in the file.
    uris = []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                uris.append(str(action["/URI"]))
    assert "https://news.example/assad" in uris
    assert uris and all(uri.startswith(("https://", "http://")) for uri in uris)
    assert b"/JavaScript" not in data and b"/JS" not in data


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
    assert f"file://{secret}" in fetcher.refused and "http://127.0.0.1:9/x.css" in fetcher.refused
    assert f"file://{image}" in fetcher.refused and "https://example.com/x.png" in fetcher.refused
    assert any(url.startswith("data:") for url in fetcher.refused)
    text = pdf_text(out.getvalue())
    assert "visible" in text and "LEAKED-SECRET" not in text


def test_pdf_refuses_more_claims_than_it_can_lay_out(desk, monkeypatch):
    monkeypatch.setattr("annotations.services.exports.PDF_MAX_CLAIMS", 2)
    with pytest.raises(ReportTooLargeError, match="at most 2"):
        export_bytes(desk.project, "pdf")
